import { describe, expect, it } from 'vitest';
import { pictureBytes } from '../../../tests/fakes/openai-server';
import { fakeAutomatic1111, fakeComfyUI } from '../../../tests/fakes/stable-diffusion-servers';
import { testApp } from '../../../tests/support/test-app';
import { createAutomatic1111Provider } from './automatic1111-provider';
import { createComfyUIProvider } from './comfyui-provider';
import type { PictureRequest } from './provider-types';

const request: PictureRequest = { prompt: 'a hedgehog at a pond', seed: 1234, width: 1024, height: 1024, purpose: 'page', cast: [], references: [] };
const signal = () => new AbortController().signal;
const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

/** A page with Hazel and Otto on it, and their two portraits. */
async function pageWithTwo(): Promise<PictureRequest> {
  return {
    ...request,
    cast: [
      { name: 'Hazel', look: 'a small brown hedgehog in a yellow scarf' },
      { name: 'Otto', look: 'a grey otter with a red cap' },
    ],
    references: [
      { name: 'Hazel', data: await pictureBytes('#aa5500'), mime: 'image/png' },
      { name: 'Otto', data: await pictureBytes('#556677'), mime: 'image/png' },
    ],
  };
}

const SDXL_CONTROLNET = { models: ['control_v11p_sd15_canny [d14c016b]', 'ip-adapter_sd15 [6a3f6166]', 'ip-adapter-plus_sdxl_vit-h [f1f19f7d]', 'ip-adapter_sdxl [d5d53548]'] };
const SDXL_IPADAPTER_FILES = { models: ['ip-adapter-plus_sdxl_vit-h.safetensors', 'ip-adapter_sd15.safetensors'], clipVision: ['CLIP-ViT-H-14-laion2B-s32B-b79K.safetensors'] };

describe('Automatic1111', () => {
  it('draws with txt2img at 1024x1024 with the page seed', async () => {
    const server = await fakeAutomatic1111();
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 2, timeoutMs: 2000 });
    const picture = await provider.drawPicture(request, { signal: signal() });
    expect(picture.data.subarray(1, 4).toString()).toBe('PNG');
    expect(server.requestsTo('/sdapi/v1/txt2img')[0]!.body).toMatchObject({ prompt: request.prompt, seed: 1234, width: 1024, height: 1024 });
  });

  it('classifies 429, 500, a hang and a malformed answer', async () => {
    const server = await fakeAutomatic1111();
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 2, timeoutMs: 300 });
    server.script(
      'txt2img',
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 500, body: { detail: 'CUDA out of memory' } },
      { hang: true },
      { raw: JSON.stringify({ images: [] }) },
      { raw: '<html>' },
    );
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'transient', options: { retryAfterMs: 3000 } });
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'transient', message: expect.stringMatching(/HTTP 500.*CUDA out of memory/) });
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'transient', message: expect.stringMatching(/did not answer in time/) });
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'malformed' });
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/not JSON/) });
  });

  it('calls a server that is not running unreachable', async () => {
    const provider = createAutomatic1111Provider({ baseUrl: 'http://127.0.0.1:9', concurrency: 1, timeoutMs: 1000 });
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'network' });
  });

  it('makes a whole book with nothing leaving the house', async () => {
    const server = await fakeAutomatic1111({ latencyMs: 5 });
    const app = await testApp({ runQueue: true, env: { STORYSPROUT_IMAGE_PROVIDER: 'automatic1111', STORYSPROUT_AUTOMATIC1111_URL: server.url } });
    const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: 4, readerAge: 5 });
    expect(started).toMatchObject({ textProvider: 'offline', imageProvider: 'automatic1111' });
    expect((await app.core.generation.settled(started.id)).status).toBe('complete');
    const drawn = server.requestsTo('/sdapi/v1/txt2img').map((entry) => entry.body as { seed: number; prompt: string });
    const book = await app.call('library.get', { bookId: started.bookId });
    const pages = drawn.filter((body) => !body.prompt.includes('character reference sheet'));
    expect(drawn.length - pages.length).toBe(book.cast.length);
    // Without IP-Adapter, every page is drawn from the book's one seed: the looks in the words and the seed keep the cast alike.
    expect(new Set(pages.map((body) => body.seed))).toEqual(new Set([book.pages[0]!.seedValue]));
    expect(pages.map((body) => body.seed).sort()).toEqual(book.pages.map((page) => page.seedValue).sort());
  });
});

describe('Automatic1111 with IP-Adapter', () => {
  it('finds IP-Adapter in the ControlNet extension, says so, and asks only once', async () => {
    const server = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 2, timeoutMs: 2000 });
    const support = await provider.referenceSupport({ signal: signal() });
    // The SD-XL "plus" model is the best for a likeness; the SD 1.5 ones do not fit the checkpoint.
    expect(support).toEqual({
      mode: 'ip-adapter',
      detail:
        'IP-Adapter (ControlNet ip-adapter-plus_sdxl_vit-h [f1f19f7d] with ip-adapter_clip_sdxl_plus_vith) on this Automatic1111: pages are drawn from the cast’s portraits, up to 3 characters a page.',
    });
    await provider.referenceSupport({ signal: signal() });
    await provider.drawPicture(await pageWithTwo(), { signal: signal() });
    expect(server.requestsTo('/controlnet/model_list')).toHaveLength(1);
  });

  it('says plainly when there is no ControlNet, no SD-XL IP-Adapter model, or no preprocessor for it', async () => {
    const bare = await fakeAutomatic1111();
    const noExtension = await createAutomatic1111Provider({ baseUrl: bare.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() });
    expect(noExtension).toEqual({
      mode: 'none',
      detail:
        'This Automatic1111 has no IP-Adapter (install the ControlNet extension and an SD-XL IP-Adapter model to draw pages from the cast’s portraits): characters are kept alike by their written look and a shared seed.',
    });

    const sd15 = await fakeAutomatic1111({ controlNet: { models: ['ip-adapter_sd15 [6a3f6166]', 'ip-adapter-faceid_sdxl [59ee31a3]'] } });
    expect(await createAutomatic1111Provider({ baseUrl: sd15.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() })).toMatchObject({
      mode: 'none',
      detail: expect.stringMatching(/no SD-XL IP-Adapter model .*written look and a shared seed\.$/),
    });

    const old = await fakeAutomatic1111({ controlNet: { models: ['ip-adapter_sdxl [d5d53548]'], modules: ['none', 'canny'] } });
    expect(await createAutomatic1111Provider({ baseUrl: old.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() })).toMatchObject({
      mode: 'none',
      detail: expect.stringMatching(/has ip-adapter_sdxl \[d5d53548\] but no IP-Adapter preprocessor for it/),
    });
  });

  it('asks again after a failed or malformed answer', async () => {
    const server = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 1, timeoutMs: 2000 });
    server.script('model_list', { status: 503 }, { raw: JSON.stringify({ models: [] }) });
    expect(await failureOf(provider.referenceSupport({ signal: signal() }))).toMatchObject({ kind: 'transient' });
    expect(await failureOf(provider.referenceSupport({ signal: signal() }))).toMatchObject({ kind: 'malformed' });
    expect(await provider.referenceSupport({ signal: signal() })).toMatchObject({ mode: 'ip-adapter' });
    expect(server.requestsTo('/controlnet/model_list')).toHaveLength(3);
  });

  it('lets a page that is cancelled stop waiting without failing the others waiting on the same answer', async () => {
    const server = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    server.script('model_list', { delayMs: 150 });
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 2, timeoutMs: 2000 });
    const cancelled = new AbortController();
    const first = failureOf(provider.referenceSupport({ signal: cancelled.signal }));
    const second = provider.referenceSupport({ signal: signal() });
    cancelled.abort();
    expect(await first).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/cancelled/) });
    expect(await second).toMatchObject({ mode: 'ip-adapter' });
  });

  it('draws a page from its two portraits, one IP-Adapter unit each', async () => {
    const server = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 2, timeoutMs: 2000 });
    const page = await pageWithTwo();
    const picture = await provider.drawPicture(page, { signal: signal() });
    expect(picture.data.subarray(1, 4).toString()).toBe('PNG');
    const [units] = server.controlNetUnits;
    expect(units).toHaveLength(2);
    for (const [index, unit] of units!.entries()) {
      expect(unit).toMatchObject({ module: 'ip-adapter_clip_sdxl_plus_vith', model: 'ip-adapter-plus_sdxl_vit-h [f1f19f7d]', weight: 0.5 });
      expect(unit.image.equals(page.references[index]!.data)).toBe(true);
    }
    expect(server.requestsTo('/sdapi/v1/txt2img')[0]!.body).toMatchObject({ prompt: request.prompt, seed: 1234 });
  });

  it('sends no more portraits than the extension has units', async () => {
    const server = await fakeAutomatic1111({ controlNet: { ...SDXL_CONTROLNET, units: 1 } });
    const provider = createAutomatic1111Provider({ baseUrl: server.url, concurrency: 1, timeoutMs: 2000 });
    expect((await provider.referenceSupport({ signal: signal() })).detail).toMatch(/portraits, one character a page\.$/);
    const page = await pageWithTwo();
    await provider.drawPicture(page, { signal: signal() });
    const body = server.requestsTo('/sdapi/v1/txt2img')[0]!.body as { alwayson_scripts: { controlnet: { args: unknown[] } } };
    expect(body.alwayson_scripts.controlnet.args).toHaveLength(1);
    expect(server.controlNetUnits[0]![0]).toMatchObject({ weight: 0.6 });
    expect(server.controlNetUnits[0]![0]!.image.equals(page.references[0]!.data)).toBe(true);
  });

  it('draws from the words alone without IP-Adapter, or on a page without portraits', async () => {
    const bare = await fakeAutomatic1111();
    await createAutomatic1111Provider({ baseUrl: bare.url, concurrency: 1, timeoutMs: 2000 }).drawPicture(await pageWithTwo(), { signal: signal() });
    expect(bare.requestsTo('/sdapi/v1/txt2img')[0]!.body).not.toHaveProperty('alwayson_scripts');

    const equipped = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    await createAutomatic1111Provider({ baseUrl: equipped.url, concurrency: 1, timeoutMs: 2000 }).drawPicture(request, { signal: signal() });
    expect(equipped.requestsTo('/sdapi/v1/txt2img')[0]!.body).not.toHaveProperty('alwayson_scripts');
    expect(equipped.requestsTo('/controlnet')).toHaveLength(0);
  });
});

describe('ComfyUI', () => {
  it('queues the SD-XL graph, follows it on the socket, and fetches the picture', async () => {
    const server = await fakeComfyUI();
    const provider = createComfyUIProvider({ baseUrl: server.url, concurrency: 2, timeoutMs: 5000, pollMs: 5000 });
    const picture = await provider.drawPicture(request, { signal: signal() });
    expect(picture).toMatchObject({ mime: 'image/png' });
    const queued = server.requestsTo('/prompt')[0]!.body as { prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>; client_id: string };
    expect(queued.prompt['3']).toMatchObject({ class_type: 'KSampler', inputs: { seed: 1234 } });
    expect(queued.prompt['6']).toMatchObject({ class_type: 'CLIPTextEncode', inputs: { text: request.prompt } });
    expect(server.requestsTo('/view')[0]!.url).toContain('filename=storysprout_prompt-1.png');
    // The socket, not the 5 s poll, said it was done.
    expect(server.requestsTo('/history').length).toBeLessThanOrEqual(2);
  });

  it('reports a failed workflow and a refused prompt clearly', async () => {
    const failing = await fakeComfyUI({ failWorkflow: true });
    const provider = createComfyUIProvider({ baseUrl: failing.url, concurrency: 1, timeoutMs: 5000, pollMs: 10 });
    expect(await failureOf(provider.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/workflow failed/) });

    const server = await fakeComfyUI();
    server.script('prompt', { status: 400, body: { error: { message: 'ckpt_name not found' } } }, { status: 503 });
    const refusing = createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 5000 });
    expect(await failureOf(refusing.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/HTTP 400/) });
    expect(await failureOf(refusing.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'transient' });
  });

  it('gives up on a picture that takes too long, and stops when cancelled', async () => {
    const server = await fakeComfyUI({ latencyMs: 10_000 });
    const slow = createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 200, pollMs: 20 });
    expect(await failureOf(slow.drawPicture(request, { signal: signal() }))).toMatchObject({ kind: 'transient', message: expect.stringMatching(/did not finish in time/) });
    const controller = new AbortController();
    const patient = createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 5000, pollMs: 20 });
    const pending = failureOf(patient.drawPicture(request, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/cancelled/) });
  });
});

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

/** The IP-Adapter nodes the KSampler's model comes through, from the sampler back to the loader. */
function ipAdapterChain(graph: Graph) {
  const chain: { apply: string; picture: string }[] = [];
  let [from] = graph['3']!.inputs.model as [string, number];
  while (graph[from]!.class_type === 'IPAdapterAdvanced') {
    const { image, model } = graph[from]!.inputs as { image: [string, number]; model: [string, number] };
    expect(graph[image[0]]!.class_type).toBe('LoadImage');
    chain.push({ apply: from, picture: graph[image[0]]!.inputs.image as string });
    [from] = model;
  }
  return { chain, loader: graph[from]! };
}

describe('ComfyUI with IP-Adapter', () => {
  it('finds the IPAdapter_plus nodes and an SD-XL model with its CLIP vision encoder, and says so', async () => {
    const server = await fakeComfyUI({ ipAdapter: SDXL_IPADAPTER_FILES });
    const provider = createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 2000 });
    expect(await provider.referenceSupport({ signal: signal() })).toEqual({
      mode: 'ip-adapter',
      detail: 'IP-Adapter (ComfyUI_IPAdapter_plus, “PLUS (high strength)” with ip-adapter-plus_sdxl_vit-h.safetensors) on this ComfyUI: pages are drawn from the cast’s portraits.',
    });
    await provider.referenceSupport({ signal: signal() });
    expect(server.requestsTo('/object_info')).toHaveLength(1);
  });

  it('says plainly when the nodes, or an SD-XL model and its encoder, are missing', async () => {
    const bare = await fakeComfyUI();
    expect(await createComfyUIProvider({ baseUrl: bare.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() })).toEqual({
      mode: 'none',
      detail:
        'This ComfyUI has no IP-Adapter (install the ComfyUI_IPAdapter_plus nodes and an SD-XL IP-Adapter model to draw pages from the cast’s portraits): characters are kept alike by their written look and a shared seed.',
    });
    // The ViT-G model without its bigG encoder would fail the unified loader, so it does not count.
    const noEncoder = await fakeComfyUI({ ipAdapter: { models: ['ip-adapter_sd15.safetensors', 'ip-adapter_sdxl.safetensors'], clipVision: ['CLIP-ViT-H-14-laion2B-s32B-b79K.safetensors'] } });
    expect(await createComfyUIProvider({ baseUrl: noEncoder.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() })).toMatchObject({
      mode: 'none',
      detail: expect.stringMatching(/has the IP-Adapter nodes but no SD-XL IP-Adapter model with its CLIP vision encoder/),
    });
  });

  it('reads dropdowns as V3 nodes describe them, and calls anything else malformed', async () => {
    const combo = (options: string[]) => ['COMBO', { options }];
    const described = (ipadapterFile: unknown) => ({
      LoadImage: { input: { required: { image: [[], { image_upload: true }] } } },
      IPAdapterAdvanced: { input: { required: { model: ['MODEL'] } } },
      IPAdapterUnifiedLoader: { input: { required: { model: ['MODEL'], preset: combo(['VIT-G (medium strength)']) } } },
      IPAdapterModelLoader: { input: { required: { ipadapter_file: ipadapterFile } } },
      CLIPVisionLoader: { input: { required: { clip_name: combo(['CLIP-ViT-bigG-14-laion2B-39B-b160k.safetensors']) } } },
    });
    const server = await fakeComfyUI();
    server.script('object_info', { status: 200, body: described(combo(['ip-adapter_sdxl.safetensors'])) }, { status: 200, body: described('ip-adapter_sdxl.safetensors') });
    expect(await createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() })).toMatchObject({
      mode: 'ip-adapter',
      detail: expect.stringMatching(/“VIT-G \(medium strength\)” with ip-adapter_sdxl\.safetensors/),
    });
    expect(await failureOf(createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 2000 }).referenceSupport({ signal: signal() }))).toMatchObject({
      kind: 'malformed',
      message: expect.stringMatching(/IPAdapterModelLoader\.ipadapter_file/),
    });
  });

  it('uploads the two portraits and draws through an IP-Adapter per portrait, chained into the sampler', async () => {
    const server = await fakeComfyUI({ ipAdapter: SDXL_IPADAPTER_FILES });
    const provider = createComfyUIProvider({ baseUrl: server.url, concurrency: 1, timeoutMs: 5000 });
    const page = await pageWithTwo();
    expect(await provider.drawPicture(page, { signal: signal() })).toMatchObject({ mime: 'image/png' });

    expect(server.requestsTo('/upload/image')).toHaveLength(2);
    const uploaded = [...server.uploads.entries()];
    expect(uploaded).toHaveLength(2);
    for (const reference of page.references) expect(uploaded.some(([, data]) => data.equals(reference.data))).toBe(true);

    const graph = (server.requestsTo('/prompt')[0]!.body as { prompt: Graph }).prompt;
    const { chain, loader } = ipAdapterChain(graph);
    expect(chain.map((link) => link.picture).sort()).toEqual(uploaded.map(([name]) => name).sort());
    for (const link of chain) expect(graph[link.apply]!.inputs).toMatchObject({ ipadapter: ['10', 1], weight: 0.5, weight_type: 'linear' });
    expect(loader).toEqual({ class_type: 'IPAdapterUnifiedLoader', inputs: { model: ['4', 0], preset: 'PLUS (high strength)' } });

    // The next page with the same cast finds the portraits already there, under the same names.
    await provider.drawPicture(page, { signal: signal() });
    expect(server.uploads.size).toBe(2);
    expect(ipAdapterChain((server.requestsTo('/prompt')[1]!.body as { prompt: Graph }).prompt).chain.map((link) => link.picture).sort()).toEqual(
      chain.map((link) => link.picture).sort(),
    );
  });

  it('queues the plain graph without IP-Adapter, or on a page without portraits', async () => {
    const bare = await fakeComfyUI();
    await createComfyUIProvider({ baseUrl: bare.url, concurrency: 1, timeoutMs: 5000 }).drawPicture(await pageWithTwo(), { signal: signal() });
    expect(bare.requestsTo('/upload/image')).toHaveLength(0);
    const plain = (bare.requestsTo('/prompt')[0]!.body as { prompt: Graph }).prompt;
    expect(Object.values(plain).map((node) => node.class_type)).not.toContain('IPAdapterAdvanced');
    expect(plain['3']!.inputs.model).toEqual(['4', 0]);

    const equipped = await fakeComfyUI({ ipAdapter: SDXL_IPADAPTER_FILES });
    await createComfyUIProvider({ baseUrl: equipped.url, concurrency: 1, timeoutMs: 5000 }).drawPicture(request, { signal: signal() });
    expect(equipped.requestsTo('/object_info')).toHaveLength(0);
    expect(equipped.requestsTo('/upload/image')).toHaveLength(0);
    expect((equipped.requestsTo('/prompt')[0]!.body as { prompt: Graph }).prompt['3']!.inputs.model).toEqual(['4', 0]);
  });
});

describe('Settings', () => {
  it('says how the picture provider follows the cast’s portraits', async () => {
    const server = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    const app = await testApp({ env: { STORYSPROUT_IMAGE_PROVIDER: 'automatic1111', STORYSPROUT_AUTOMATIC1111_URL: server.url } });
    expect((await app.call('settings.get', {})).pictureReferences).toEqual({
      mode: 'ip-adapter',
      detail:
        'IP-Adapter (ControlNet ip-adapter-plus_sdxl_vit-h [f1f19f7d] with ip-adapter_clip_sdxl_plus_vith) on this Automatic1111: pages are drawn from the cast’s portraits, up to 3 characters a page.',
    });

    const comfy = await fakeComfyUI();
    const withComfy = await testApp({ env: { STORYSPROUT_IMAGE_PROVIDER: 'comfyui', STORYSPROUT_COMFYUI_URL: comfy.url } });
    expect((await withComfy.call('settings.get', {})).pictureReferences).toMatchObject({ mode: 'none', detail: expect.stringMatching(/^This ComfyUI has no IP-Adapter/) });
  });

  it('says when the server could not be asked, and does not wait long for it', async () => {
    const unreachable = await testApp({ env: { STORYSPROUT_IMAGE_PROVIDER: 'automatic1111', STORYSPROUT_AUTOMATIC1111_URL: 'http://127.0.0.1:9' } });
    expect((await unreachable.call('settings.get', {})).pictureReferences).toEqual({
      mode: 'none',
      detail: expect.stringMatching(/^Could not ask the picture provider \(automatic1111\) whether it can draw from the cast’s portraits: Automatic1111 at http:\/\/127\.0\.0\.1:9 could not be reached/),
    });

    const server = await fakeAutomatic1111({ controlNet: SDXL_CONTROLNET });
    server.script('model_list', { delayMs: 10_000 });
    const slow = await testApp({ env: { STORYSPROUT_IMAGE_PROVIDER: 'automatic1111', STORYSPROUT_AUTOMATIC1111_URL: server.url } });
    const started = Date.now();
    expect((await slow.call('settings.get', {})).pictureReferences).toEqual({
      mode: 'none',
      detail:
        'Could not ask the picture provider (automatic1111) whether it can draw from the cast’s portraits: it did not answer within 3 seconds. Until it can be asked, characters are kept alike by their written look and a shared seed.',
    });
    expect(Date.now() - started).toBeLessThan(6000);
  });
});
