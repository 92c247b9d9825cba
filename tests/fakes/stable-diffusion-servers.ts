import websocket from '@fastify/websocket';
import { createHash } from 'node:crypto';
import { pictureBytes } from './openai-server';
import { scriptedServer } from './scripted-server';

/** What a ControlNet unit of a txt2img call carried, its picture decoded. */
export interface ControlNetUnitSeen {
  module: string;
  model: string;
  weight: number;
  image: Buffer;
}

interface ControlNetOptions {
  /** As /controlnet/model_list names them: "ip-adapter_sdxl [d5d53548]". */
  models: string[];
  modules?: string[];
  /** The extension's "Multi-ControlNet: max models amount" setting (3 unless changed). */
  units?: number;
}

/** The preprocessors a current sd-webui-controlnet lists, IP-Adapter's among them (by name, not UI label). */
const CONTROLNET_MODULES = ['none', 'ip-adapter-auto', 'canny', 'depth_midas', 'openpose', 'ip-adapter_clip_sd15', 'ip-adapter_clip_sdxl', 'ip-adapter_clip_sdxl_plus_vith', 'ip-adapter_face_id'];

/**
 * Automatic1111's /sdapi/v1/txt2img, answering after `latencyMs` with a picture per call. With
 * `controlNet`, the sd-webui-controlnet extension too: its /controlnet/model_list, module_list
 * and settings, and the units of `alwayson_scripts.controlnet` in txt2img (only as many as its
 * unit count, as the webui does); without it those routes are 404 and asking for the script 422.
 */
export async function fakeAutomatic1111(options: { latencyMs?: number; controlNet?: ControlNetOptions } = {}) {
  const picture = (await pictureBytes('#66aa66')).toString('base64');
  const controlNetUnits: ControlNetUnitSeen[][] = [];
  const server = await scriptedServer((app, { answer }) => {
    const controlNet = options.controlNet;
    if (controlNet) {
      app.get('/controlnet/model_list', async (request, reply) => {
        if (await answer('model_list', request, reply)) return reply;
        return { model_list: controlNet.models };
      });
      app.get('/controlnet/module_list', async (request, reply) => {
        if (await answer('module_list', request, reply)) return reply;
        const modules = controlNet.modules ?? CONTROLNET_MODULES;
        return { module_list: modules, module_detail: Object.fromEntries(modules.map((module) => [module, { model_free: module === 'none', sliders: [] }])) };
      });
      app.get('/controlnet/settings', async () => ({ control_net_unit_count: controlNet.units ?? 3 }));
    }
    app.post('/sdapi/v1/txt2img', async (request, reply) => {
      if (await answer('txt2img', request, reply)) return reply;
      const body = request.body as { alwayson_scripts?: { controlnet?: { args: { enabled?: boolean; module?: string; model?: string; weight?: number; image?: string }[] } } };
      const args = body.alwayson_scripts?.controlnet?.args;
      if (args) {
        if (!controlNet) return reply.code(422).send({ detail: 'always on script controlnet not found' });
        const units = args.slice(0, controlNet.units ?? 3).filter((unit) => unit.enabled);
        const unknown = units.find((unit) => !(controlNet.modules ?? CONTROLNET_MODULES).includes(unit.module ?? 'none') || !controlNet.models.includes(unit.model ?? 'None'));
        if (unknown) return reply.code(500).send({ error: 'RuntimeError', detail: '', body: '', errors: `model not found: ${unknown.model}` });
        controlNetUnits.push(units.map((unit) => ({ module: unit.module!, model: unit.model!, weight: unit.weight ?? 1, image: Buffer.from(unit.image ?? '', 'base64') })));
      }
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      return { images: [picture], parameters: request.body, info: '{}' };
    });
  });
  return Object.assign(server, { controlNetUnits });
}

interface IpAdapterOptions {
  /** Files in models/ipadapter, as IPAdapterModelLoader lists them. */
  models: string[];
  /** Files in models/clip_vision, as CLIPVisionLoader lists them. */
  clipVision: string[];
}

/** One node as ComfyUI's /object_info describes it. */
function nodeInfo(name: string, required: Record<string, unknown[]>, output: string[], category: string) {
  return {
    input: { required },
    input_order: { required: Object.keys(required) },
    output,
    output_is_list: output.map(() => false),
    output_name: output,
    name,
    display_name: name,
    description: '',
    python_module: category.startsWith('ipadapter') ? 'custom_nodes.ComfyUI_IPAdapter_plus' : 'nodes',
    category,
    output_node: name === 'SaveImage',
  };
}

/** The input folder's pictures as ComfyUI keeps them: an upload matching the file under its name is not stored again. */
function inputFolder() {
  const files = new Map<string, Buffer>();
  const hash = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  return {
    files,
    store(name: string, data: Buffer): string {
      const dot = name.lastIndexOf('.');
      let stored = name;
      for (let copy = 1; files.has(stored); copy++) {
        if (hash(files.get(stored)!) === hash(data)) return stored;
        stored = `${name.slice(0, dot)} (${copy})${name.slice(dot)}`;
      }
      files.set(stored, data);
      return stored;
    },
  };
}

/**
 * ComfyUI's /prompt, /history/:id, /view and /ws: a queued prompt "runs" for `latencyMs`, reports
 * progress and completion on the client's socket, then appears in the history. /object_info
 * lists the core nodes, and ComfyUI_IPAdapter_plus's with `ipAdapter`; /upload/image keeps
 * pictures for LoadImage; /prompt refuses a graph naming a node or a picture it does not have,
 * with ComfyUI's own errors.
 */
export async function fakeComfyUI(options: { latencyMs?: number; failWorkflow?: boolean; ipAdapter?: IpAdapterOptions } = {}) {
  const picture = await pictureBytes('#aa66aa');
  const done = new Map<string, boolean>();
  const sockets = new Map<string, { send(data: string): void }>();
  const inputs = inputFolder();
  let counter = 0;
  const objectInfo = () => {
    const nodes = [
      nodeInfo('CheckpointLoaderSimple', { ckpt_name: [['sd_xl_base_1.0.safetensors']] }, ['MODEL', 'CLIP', 'VAE'], 'loaders'),
      nodeInfo('EmptyLatentImage', { width: ['INT', { default: 512 }], height: ['INT', { default: 512 }], batch_size: ['INT', { default: 1 }] }, ['LATENT'], 'latent'),
      nodeInfo('CLIPTextEncode', { text: ['STRING', { multiline: true }], clip: ['CLIP'] }, ['CONDITIONING'], 'conditioning'),
      nodeInfo('KSampler', { model: ['MODEL'], seed: ['INT', {}], steps: ['INT', {}], cfg: ['FLOAT', {}], sampler_name: [['euler', 'dpmpp_2m']], scheduler: [['normal', 'karras']], positive: ['CONDITIONING'], negative: ['CONDITIONING'], latent_image: ['LATENT'], denoise: ['FLOAT', {}] }, ['LATENT'], 'sampling'),
      nodeInfo('VAEDecode', { samples: ['LATENT'], vae: ['VAE'] }, ['IMAGE'], 'latent'),
      nodeInfo('SaveImage', { images: ['IMAGE'], filename_prefix: ['STRING', { default: 'ComfyUI' }] }, [], 'image'),
      nodeInfo('LoadImage', { image: [[...inputs.files.keys()].sort(), { image_upload: true }] }, ['IMAGE', 'MASK'], 'image'),
      nodeInfo('CLIPVisionLoader', { clip_name: [options.ipAdapter?.clipVision ?? []] }, ['CLIP_VISION'], 'loaders'),
    ];
    if (options.ipAdapter) {
      const presets = ['LIGHT - SD1.5 only (low strength)', 'STANDARD (medium strength)', 'VIT-G (medium strength)', 'PLUS (high strength)', 'PLUS FACE (portraits)', 'FULL FACE - SD1.5 only (portraits stronger)'];
      const applied = { model: ['MODEL'], ipadapter: ['IPADAPTER'], image: ['IMAGE'], weight: ['FLOAT', { default: 1 }] };
      nodes.push(
        nodeInfo('IPAdapterUnifiedLoader', { model: ['MODEL'], preset: [presets] }, ['MODEL', 'IPADAPTER'], 'ipadapter'),
        nodeInfo('IPAdapterModelLoader', { ipadapter_file: [options.ipAdapter.models] }, ['IPADAPTER'], 'ipadapter/loaders'),
        nodeInfo('IPAdapter', { ...applied, start_at: ['FLOAT', {}], end_at: ['FLOAT', {}], weight_type: [['standard', 'prompt is more important', 'style transfer']] }, ['MODEL'], 'ipadapter'),
        nodeInfo(
          'IPAdapterAdvanced',
          {
            ...applied,
            weight_type: [['linear', 'ease in', 'ease out', 'style transfer', 'composition']],
            combine_embeds: [['concat', 'add', 'subtract', 'average', 'norm average']],
            start_at: ['FLOAT', {}],
            end_at: ['FLOAT', {}],
            embeds_scaling: [['V only', 'K+V', 'K+V w/ C penalty', 'K+mean(V) w/ C penalty']],
          },
          ['MODEL'],
          'ipadapter',
        ),
      );
    }
    return Object.fromEntries(nodes.map((node) => [node.name, node]));
  };

  const server = await scriptedServer(async (app, { answer }) => {
    await app.register(websocket);
    app.get('/ws', { websocket: true }, (socket, request) => {
      const clientId = (request.query as { clientId: string }).clientId;
      sockets.set(clientId, socket);
      socket.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: 0 } }, sid: clientId } }));
    });
    app.get('/object_info', async (request, reply) => {
      if (await answer('object_info', request, reply)) return reply;
      return objectInfo();
    });
    app.post('/upload/image', async (request, reply) => {
      if (await answer('upload', request, reply)) return reply;
      const form = await new Response(Buffer.from(request.body as string, 'latin1'), { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
      const image = form.get('image');
      if (!(image instanceof File) || !image.name) return reply.code(400).send();
      return { name: inputs.store(image.name, Buffer.from(await image.arrayBuffer())), subfolder: '', type: 'input' };
    });
    app.post('/prompt', async (request, reply) => {
      if (await answer('prompt', request, reply)) return reply;
      const { client_id: clientId, prompt } = request.body as { client_id: string; prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }> };
      const known = objectInfo();
      for (const [id, node] of Object.entries(prompt)) {
        if (!(node.class_type in known)) {
          const error = { type: 'invalid_prompt', message: `Cannot execute because node ${node.class_type} does not exist.`, details: `Node ID '#${id}'`, extra_info: {} };
          return reply.code(400).send({ error, node_errors: {} });
        }
        if (node.class_type === 'LoadImage' && !inputs.files.has(String(node.inputs.image))) {
          const error = { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} };
          const nodeError = { errors: [{ type: 'custom_validation_failed', message: 'Custom validation failed for node', details: `image - Invalid image file: ${String(node.inputs.image)}`, extra_info: {} }], dependent_outputs: ['9'], class_type: 'LoadImage' };
          return reply.code(400).send({ error, node_errors: { [id]: nodeError } });
        }
      }
      const promptId = `prompt-${++counter}`;
      done.set(promptId, false);
      setTimeout(() => {
        done.set(promptId, true);
        const socket = sockets.get(clientId);
        socket?.send(JSON.stringify({ type: 'progress', data: { value: 30, max: 30, prompt_id: promptId } }));
        socket?.send(JSON.stringify({ type: 'executing', data: { node: null, prompt_id: promptId } }));
      }, options.latencyMs ?? 20);
      return { prompt_id: promptId, number: counter, node_errors: {} };
    });
    app.get('/history/:id', async (request) => {
      const { id } = request.params as { id: string };
      if (!done.get(id)) return {};
      if (options.failWorkflow) return { [id]: { outputs: {}, status: { status_str: 'error', completed: false } } };
      return { [id]: { outputs: { '9': { images: [{ filename: `storysprout_${id}.png`, subfolder: '', type: 'output' }] } }, status: { status_str: 'success', completed: true } } };
    });
    app.get('/view', async (request, reply) => {
      if (await answer('view', request, reply)) return reply;
      return reply.type('image/png').send(picture);
    });
  });
  return Object.assign(server, { uploads: inputs.files });
}
