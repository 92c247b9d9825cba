import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import { ProviderError } from './provider-errors';
import { fetchChecked, fetchJson } from './http-json';
import type { ImageProvider, PictureRequest } from './provider-types';

const queuedAnswer = z.object({ prompt_id: z.string().min(1) });
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

  return {
    id: 'comfyui',
    model: 'sd-xl',
    concurrency: options.concurrency,
    acceptsReferences: false,
    async drawPicture(request, { signal }) {
      const clientId = randomUUID();
      const queued = await fetchJson(
        service,
        url('/prompt'),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ prompt: sdxlWorkflow(request), client_id: clientId }),
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
