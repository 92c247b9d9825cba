import { z } from 'zod';
import { ProviderError } from './provider-errors';
import { fetchJson } from './http-json';
import type { ImageProvider } from './provider-types';

const txt2imgAnswer = z.object({ images: z.array(z.string().min(1)).min(1) });

/**
 * SD-XL on a family's own Automatic1111 (stable-diffusion-webui with --api): nothing leaves the
 * house, and the seed is honoured, so "redraw the same way" really is the same picture.
 */
export function createAutomatic1111Provider(options: { baseUrl: string; concurrency: number; timeoutMs: number }): ImageProvider {
  const service = `Automatic1111 at ${options.baseUrl}`;
  return {
    id: 'automatic1111',
    model: 'sd-xl',
    concurrency: options.concurrency,
    acceptsReferences: false,
    async drawPicture(request, { signal }) {
      const answer = await fetchJson(
        service,
        new URL('/sdapi/v1/txt2img', options.baseUrl).toString(),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            prompt: request.prompt,
            negative_prompt: 'text, letters, watermark, signature, scary, violent, blurry, deformed',
            seed: request.seed,
            width: request.width,
            height: request.height,
            steps: 30,
            cfg_scale: 6,
            sampler_name: 'DPM++ 2M',
            batch_size: 1,
            n_iter: 1,
          }),
          timeoutMs: options.timeoutMs,
          signal,
        },
        txt2imgAnswer,
      );
      const data = Buffer.from(answer.images[0]!, 'base64');
      if (data.length === 0) throw new ProviderError(`${service} answered with an empty picture.`, 'malformed');
      return { data, mime: 'image/png' };
    },
  };
}
