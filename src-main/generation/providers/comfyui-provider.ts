import { createHash, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import { ProviderError } from './provider-errors';
import { fetchChecked, fetchJson } from './http-json';
import { askedOnce, drawsFromPortraits, keepsAlikeByWords, referenceWeight } from './ip-adapter';
import type { ImageProvider, PictureReference, PictureRequest, ReferenceSupport } from './provider-types';

const queuedAnswer = z.object({ prompt_id: z.string().min(1) });
const uploadAnswer = z.object({ name: z.string().min(1), subfolder: z.string(), type: z.string() });
const objectInfoAnswer = z.record(z.string(), z.object({ input: z.object({ required: z.record(z.string(), z.unknown()).optional() }).optional() }));
/** A dropdown's choices: `[choices, options]` from classic nodes, `["COMBO", { options }]` from V3 ones. */
const comboInput = z.union([
  z
    .tuple([z.array(z.string())])
    .rest(z.unknown())
    .transform(([choices]) => choices),
  z
    .tuple([z.literal('COMBO'), z.object({ options: z.array(z.string()) })])
    .rest(z.unknown())
    .transform(([, spec]) => spec.options),
]);
const historyAnswer = z.record(
  z.string(),
  z.object({
    outputs: z.record(z.string(), z.object({ images: z.array(z.object({ filename: z.string(), subfolder: z.string(), type: z.string() })).optional() })),
    status: z.object({ status_str: z.string().optional(), completed: z.boolean().optional() }).optional(),
  }),
);
const socketMessage = z.object({ type: z.string(), data: z.record(z.string(), z.unknown()).optional() });

/** The SD-XL text-to-picture graph ComfyUI runs, with the page's prompt and seed. */
export function sdxlWorkflow(request: PictureRequest, checkpoint = 'sd_xl_base_1.0.safetensors') {
  return {
    '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: checkpoint } },
    '5': { class_type: 'EmptyLatentImage', inputs: { width: request.width, height: request.height, batch_size: 1 } },
    '6': { class_type: 'CLIPTextEncode', inputs: { text: request.prompt, clip: ['4', 1] } },
    '7': { class_type: 'CLIPTextEncode', inputs: { text: 'text, letters, watermark, scary, violent, blurry', clip: ['4', 1] } },
    '3': {
      class_type: 'KSampler',
      inputs: { seed: request.seed, steps: 30, cfg: 6, sampler_name: 'dpmpp_2m', scheduler: 'karras', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] },
    },
    '8': { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['4', 2] } },
    '9': { class_type: 'SaveImage', inputs: { filename_prefix: 'storysprout', images: ['8', 0] } },
  };
}

/** The nodes a graph with portraits uses, and IPAdapterModelLoader, whose dropdown lists the IP-Adapter model files. */
const IP_ADAPTER_NODES = ['IPAdapterUnifiedLoader', 'IPAdapterAdvanced', 'IPAdapterModelLoader', 'LoadImage'];
const VIT_H = /(ViT.H.14.*s32B.b79K|ipadapter.*sd15|sd1.?5.*model)\.(bin|safetensors)/i;
const VIT_BIGG = /(ViT.bigG.14.*39B.b160k|ipadapter.*sdxl|sdxl.*model)\.(bin|safetensors)/i;
/**
 * The unified loader's SD-XL presets, best first for keeping a character's likeness, with the
 * file names it looks for (ComfyUI_IPAdapter_plus, utils.py). It fails the whole graph when a
 * preset's files are missing, so a preset is chosen only when both files are installed.
 */
const SDXL_PRESETS = [
  { preset: 'PLUS (high strength)', ipadapter: /plus.sdxl.vit.h\.(safetensors|bin)$/i, clipVision: VIT_H },
  { preset: 'STANDARD (medium strength)', ipadapter: /ip.adapter.sdxl.vit.h\.(safetensors|bin)$/i, clipVision: VIT_H },
  { preset: 'VIT-G (medium strength)', ipadapter: /ip.adapter.sdxl\.(safetensors|bin)$/i, clipVision: VIT_BIGG },
];

/**
 * The SD-XL graph with the model first passed through IP-Adapter once per portrait, chained, so
 * the KSampler draws with every character on the page in mind.
 */
function withIpAdapter(graph: ReturnType<typeof sdxlWorkflow>, preset: string, images: string[]) {
  const weight = referenceWeight(images.length);
  const nodes: Record<string, { class_type: string; inputs: Record<string, unknown> }> = {
    '10': { class_type: 'IPAdapterUnifiedLoader', inputs: { model: ['4', 0], preset } },
  };
  let model: [string, number] = ['10', 0];
  images.forEach((image, index) => {
    const load = String(11 + 2 * index);
    const apply = String(12 + 2 * index);
    nodes[load] = { class_type: 'LoadImage', inputs: { image } };
    nodes[apply] = {
      class_type: 'IPAdapterAdvanced',
      inputs: { model, ipadapter: ['10', 1], image: [load, 0], weight, weight_type: 'linear', combine_embeds: 'concat', start_at: 0, end_at: 1, embeds_scaling: 'V only' },
    };
    model = [apply, 0];
  });
  return { ...graph, ...nodes, '3': { ...graph['3'], inputs: { ...graph['3'].inputs, model } } };
}

/**
 * A family's own ComfyUI: queue the graph with /prompt, follow it over the WebSocket, then read
 * the picture from /history and /view. The history is polled too, so a dropped socket only
 * slows things down.
 */
export function createComfyUIProvider(options: { baseUrl: string; concurrency: number; timeoutMs: number; pollMs?: number }): ImageProvider {
  const service = `ComfyUI at ${options.baseUrl}`;
  const url = (path: string) => new URL(path, options.baseUrl).toString();
  const pollMs = options.pollMs ?? 1000;

  async function waitForCompletion(clientId: string, promptId: string, signal: AbortSignal): Promise<z.output<typeof historyAnswer>[string]> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]);
    const socketUrl = url(`/ws?clientId=${clientId}`).replace(/^http/, 'ws');
    const socket = new WebSocket(socketUrl);
    let finishedBySocket: () => void = () => {};
    const socketDone = new Promise<void>((resolve) => (finishedBySocket = resolve));
    socket.on('message', (raw) => {
      const parsed = socketMessage.safeParse(safeJson(String(raw)));
      if (!parsed.success) return;
      const { type, data } = parsed.data;
      if ((type === 'executing' && data?.node === null && data.prompt_id === promptId) || (type === 'execution_success' && data?.prompt_id === promptId)) {
        finishedBySocket();
      }
    });
    socket.on('error', () => {});
    try {
      for (;;) {
        if (deadline.aborted) {
          throw signal.aborted ? new ProviderError(`${service} call was cancelled.`, 'permanent') : new ProviderError(`${service} did not finish in time.`, 'transient');
        }
        const history = await fetchJson(service, url(`/history/${promptId}`), { timeoutMs: options.timeoutMs, signal }, historyAnswer);
        const entry = history[promptId];
        if (entry?.status?.status_str === 'error') throw new ProviderError(`${service} could not draw the picture (the workflow failed).`, 'permanent');
        if (entry && Object.values(entry.outputs).some((output) => output.images?.length)) return entry;
        await Promise.race([socketDone, new Promise((resolve) => setTimeout(resolve, pollMs)), abortPromise(deadline)]);
      }
    } finally {
      socket.terminate();
    }
  }

  const detect = askedOnce(service, async (signal): Promise<{ preset: string | null; support: ReferenceSupport }> => {
    const nodes = await fetchJson(service, url('/object_info'), { timeoutMs: options.timeoutMs, signal }, objectInfoAnswer);
    if (!IP_ADAPTER_NODES.every((node) => node in nodes)) {
      return {
        preset: null,
        support: keepsAlikeByWords('This ComfyUI has no IP-Adapter (install the ComfyUI_IPAdapter_plus nodes and an SD-XL IP-Adapter model to draw pages from the cast’s portraits)'),
      };
    }
    const choices = (node: string, input: string) => {
      const parsed = comboInput.safeParse(nodes[node]?.input?.required?.[input]);
      if (!parsed.success) throw new ProviderError(`${service} described ${node}.${input} in an unexpected shape.`, 'malformed');
      return parsed.data;
    };
    const presets = choices('IPAdapterUnifiedLoader', 'preset');
    const ipAdapterFiles = choices('IPAdapterModelLoader', 'ipadapter_file');
    const clipVisionFiles = choices('CLIPVisionLoader', 'clip_name');
    for (const known of SDXL_PRESETS) {
      const file = ipAdapterFiles.find((name) => known.ipadapter.test(name));
      if (file && presets.includes(known.preset) && clipVisionFiles.some((name) => known.clipVision.test(name))) {
        return { preset: known.preset, support: drawsFromPortraits(`IP-Adapter (ComfyUI_IPAdapter_plus, “${known.preset}” with ${file}) on this ComfyUI`) };
      }
    }
    return {
      preset: null,
      support: keepsAlikeByWords(
        'This ComfyUI has the IP-Adapter nodes but no SD-XL IP-Adapter model with its CLIP vision encoder (add ip-adapter-plus_sdxl_vit-h to models/ipadapter and CLIP-ViT-H-14-laion2B-s32B-b79K to models/clip_vision to draw pages from the cast’s portraits)',
      ),
    };
  });

  /**
   * Puts a portrait in ComfyUI's input folder for LoadImage. Named by its content: ComfyUI keeps
   * an upload that matches the file already under that name instead of adding a copy, so a
   * portrait used on every page is stored once.
   */
  async function upload(reference: PictureReference, signal: AbortSignal): Promise<string> {
    const extension = reference.mime === 'image/jpeg' ? 'jpg' : reference.mime === 'image/webp' ? 'webp' : 'png';
    const name = `storysprout-${createHash('sha256').update(reference.data).digest('hex').slice(0, 16)}.${extension}`;
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(reference.data)], { type: reference.mime }), name);
    const stored = await fetchJson(service, url('/upload/image'), { method: 'POST', body: form, timeoutMs: options.timeoutMs, signal }, uploadAnswer);
    return stored.subfolder ? `${stored.subfolder}/${stored.name}` : stored.name;
  }

  return {
    id: 'comfyui',
    model: 'sd-xl',
    concurrency: options.concurrency,
    referenceSupport: async ({ signal }) => (await detect(signal)).support,
    async drawPicture(request, { signal }) {
      const preset = request.references.length > 0 ? (await detect(signal)).preset : null;
      const graph = preset
        ? withIpAdapter(sdxlWorkflow(request), preset, await Promise.all(request.references.map((reference) => upload(reference, signal))))
        : sdxlWorkflow(request);
      const clientId = randomUUID();
      const queued = await fetchJson(
        service,
        url('/prompt'),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ prompt: graph, client_id: clientId }),
          timeoutMs: options.timeoutMs,
          signal,
        },
        queuedAnswer,
      );
      const entry = await waitForCompletion(clientId, queued.prompt_id, signal);
      const image = Object.values(entry.outputs).flatMap((output) => output.images ?? [])[0]!;
      const view = await fetchChecked(service, url(`/view?${new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type })}`), {
        timeoutMs: options.timeoutMs,
        signal,
      });
      const data = Buffer.from(await view.arrayBuffer());
      if (data.length === 0) throw new ProviderError(`${service} answered with an empty picture.`, 'malformed');
      return { data, mime: view.headers.get('content-type') ?? 'image/png' };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
