import { z } from 'zod';
import { ProviderError } from './provider-errors';
import { fetchJson } from './http-json';
import { askedOnce, drawsFromPortraits, keepsAlikeByWords, referenceWeight } from './ip-adapter';
import type { ImageProvider, PictureReference, ReferenceSupport } from './provider-types';

const txt2imgAnswer = z.object({ images: z.array(z.string().min(1)).min(1) });
const modelListAnswer = z.object({ model_list: z.array(z.string()) });
const moduleListAnswer = z.object({ module_list: z.array(z.string()) });
const controlNetSettingsAnswer = z.object({ control_net_unit_count: z.number().int().min(1) });

/**
 * The SD-XL IP-Adapter models sd-webui-controlnet knows (scripts/ipadapter/presets.py), best
 * first for keeping a character's likeness, each with the preprocessors that make its CLIP
 * image embedding (the ViT-H encoder is listed as ip-adapter_clip_sd15 too; ip-adapter-auto
 * picks it from the model's exact name). Face and FaceID models are left out: they need a human
 * face, and a cast is often animals.
 */
const SDXL_IP_ADAPTERS = [
  { model: /^ip.adapter.plus.sdxl.vit.h$/, modules: ['ip-adapter_clip_sdxl_plus_vith', 'ip-adapter_clip_sd15', 'ip-adapter-auto'] },
  { model: /^ip.adapter.sdxl.vit.h$/, modules: ['ip-adapter_clip_sdxl_plus_vith', 'ip-adapter_clip_sd15', 'ip-adapter-auto'] },
  { model: /^ip.adapter.sdxl$/, modules: ['ip-adapter_clip_sdxl', 'ip-adapter-auto'] },
];

interface IpAdapter {
  model: string;
  module: string;
  /** ControlNet units a request may fill: the API drops any beyond the extension's setting. */
  units: number;
}

/**
 * SD-XL on a family's own Automatic1111 (stable-diffusion-webui with --api): nothing leaves the
 * house, and the seed is honoured, so "redraw the same way" really is the same picture. With
 * the ControlNet extension and an SD-XL IP-Adapter model, a page is drawn from the portraits of
 * the characters on it, one ControlNet unit per portrait.
 */
export function createAutomatic1111Provider(options: { baseUrl: string; concurrency: number; timeoutMs: number }): ImageProvider {
  const service = `Automatic1111 at ${options.baseUrl}`;
  const url = (path: string) => new URL(path, options.baseUrl).toString();
  const get = <T>(path: string, schema: z.ZodType<T>, signal: AbortSignal) => fetchJson(service, url(path), { timeoutMs: options.timeoutMs, signal }, schema);

  const detect = askedOnce(service, async (signal): Promise<{ ipAdapter: IpAdapter | null; support: ReferenceSupport }> => {
    let lists: [z.output<typeof modelListAnswer>, z.output<typeof moduleListAnswer>, z.output<typeof controlNetSettingsAnswer>];
    try {
      lists = await Promise.all([
        get('/controlnet/model_list', modelListAnswer, signal),
        get('/controlnet/module_list', moduleListAnswer, signal),
        get('/controlnet/settings', controlNetSettingsAnswer, signal),
      ]);
    } catch (error) {
      // FastAPI answers 404 for the extension's routes when it is not installed or is turned off.
      if (error instanceof ProviderError && error.options.status === 404) {
        return {
          ipAdapter: null,
          support: keepsAlikeByWords(
            'This Automatic1111 has no IP-Adapter (install the ControlNet extension and an SD-XL IP-Adapter model to draw pages from the cast’s portraits)',
          ),
        };
      }
      throw error;
    }
    const [{ model_list: models }, { module_list: modules }, { control_net_unit_count: units }] = lists;
    const ipAdapter = chooseIpAdapter(models, modules);
    if (!ipAdapter) {
      const sdxlModels = models.filter((model) => SDXL_IP_ADAPTERS.some((known) => known.model.test(baseName(model))));
      return {
        ipAdapter: null,
        support: keepsAlikeByWords(
          sdxlModels.length > 0
            ? `This Automatic1111’s ControlNet has ${sdxlModels.join(', ')} but no IP-Adapter preprocessor for it (update the ControlNet extension to draw pages from the cast’s portraits)`
            : 'This Automatic1111’s ControlNet has no SD-XL IP-Adapter model (add ip-adapter-plus_sdxl_vit-h to its models to draw pages from the cast’s portraits)',
        ),
      };
    }
    return {
      ipAdapter: { ...ipAdapter, units },
      support: drawsFromPortraits(
        `IP-Adapter (ControlNet ${ipAdapter.model} with ${ipAdapter.module}) on this Automatic1111`,
        units === 1 ? ', one character a page' : `, up to ${units} characters a page`,
      ),
    };
  });

  return {
    id: 'automatic1111',
    model: 'sd-xl',
    concurrency: options.concurrency,
    referenceSupport: async ({ signal }) => (await detect(signal)).support,
    async drawPicture(request, { signal }) {
      const ipAdapter = request.references.length > 0 ? (await detect(signal)).ipAdapter : null;
      const answer = await fetchJson(
        service,
        url('/sdapi/v1/txt2img'),
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
            ...(ipAdapter && { alwayson_scripts: { controlnet: { args: controlNetUnits(request.references, ipAdapter) } } }),
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

/** A model as ControlNet lists it, "ip-adapter_sdxl [d5d53548]", without its hash. */
const baseName = (model: string) => model.replace(/\s*\[[0-9a-f]+\]$/i, '').toLowerCase();

function chooseIpAdapter(models: string[], modules: string[]): Omit<IpAdapter, 'units'> | null {
  for (const known of SDXL_IP_ADAPTERS) {
    const model = models.filter((name) => known.model.test(baseName(name))).sort()[0];
    const module = known.modules.find((name) => modules.includes(name));
    if (model && module) return { model, module };
  }
  return null;
}

/** One IP-Adapter unit per portrait, with the field names sd-webui-controlnet's ControlNetUnit reads. */
function controlNetUnits(references: PictureReference[], ipAdapter: IpAdapter) {
  const used = references.slice(0, ipAdapter.units);
  const weight = referenceWeight(used.length);
  return used.map((reference) => ({
    enabled: true,
    image: reference.data.toString('base64'),
    module: ipAdapter.module,
    model: ipAdapter.model,
    weight,
    resize_mode: 'Crop and Resize',
    guidance_start: 0,
    guidance_end: 1,
  }));
}
