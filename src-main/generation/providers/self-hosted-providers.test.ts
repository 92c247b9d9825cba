import { describe, expect, it } from 'vitest';
import { fakeAutomatic1111, fakeComfyUI } from '../../../tests/fakes/stable-diffusion-servers';
import { testApp } from '../../../tests/support/test-app';
import { createAutomatic1111Provider } from './automatic1111-provider';
import { createComfyUIProvider } from './comfyui-provider';
import type { PictureRequest } from './provider-types';

const request: PictureRequest = { prompt: 'a hedgehog at a pond', seed: 1234, width: 1024, height: 1024, references: [] };
const signal = () => new AbortController().signal;
const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

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
    const seeds = server.requestsTo('/sdapi/v1/txt2img').map((entry) => (entry.body as { seed: number }).seed);
    const book = await app.call('library.get', { bookId: started.bookId });
    expect(seeds.sort()).toEqual(book.pages.map((page) => page.seedValue).sort());
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
