import { createAutomatic1111Provider } from './automatic1111-provider';
import { createComfyUIProvider } from './comfyui-provider';
import { createOpenAIClient, createOpenAIImageProvider, createOpenAIModeration, createOpenAITextProvider } from './openai-provider';
import { createOpenAISpeech, createOpenAITranscription } from './openai-speech';
import type { ProviderFactories } from './provider-registry';

/** The network providers this build ships, made from the family's settings. */
export const providerFactories: ProviderFactories = {
  openai: (settings, apiKey) => {
    const client = createOpenAIClient({ apiKey, baseUrl: settings.openai.baseUrl, timeoutMs: settings.timeoutMs });
    return {
      // OpenAI's text models look at pictures too, so the writer compares pages with their cast.
      text: createOpenAITextProvider(client, { textModel: settings.openai.textModel, visionModel: settings.openai.textModel }),
      image: createOpenAIImageProvider(client, { imageModel: settings.openai.imageModel, imageConcurrency: settings.imageConcurrency }),
      moderation: createOpenAIModeration(client, { moderationModel: settings.openai.moderationModel }),
    };
  },
  // The family's subscription through StorySprout's own key: the same SDK, pointed at the sync
  // server's OpenAI-compatible proxy with the session as key.
  storysproutCloud: (settings, cloud) => {
    const client = createOpenAIClient({ apiKey: cloud.apiKey, baseUrl: cloud.baseURL, timeoutMs: settings.timeoutMs });
    const named = { id: 'storysprout-cloud', serviceName: 'StorySprout Cloud' };
    return {
      // The proxy takes words only (it moderates and counts every call), so pages are not compared through it.
      text: createOpenAITextProvider(client, {
        textModel: settings.openai.textModel,
        visionModel: null,
        noVisionReason: 'StorySprout Cloud does not look at pictures, so pages are not compared with their cast; an OpenAI key of your own does.',
        ...named,
      }),
      image: createOpenAIImageProvider(client, { imageModel: settings.openai.imageModel, imageConcurrency: settings.imageConcurrency, ...named }),
      moderation: createOpenAIModeration(client, { moderationModel: settings.openai.moderationModel, ...named }),
    };
  },
  openaiCompatible: (settings, timeoutMs, apiKey) =>
    createOpenAITextProvider(createOpenAIClient({ apiKey: apiKey ?? 'not-needed', baseUrl: settings.baseUrl, timeoutMs }), {
      textModel: settings.model,
      visionModel: settings.visionModel ?? null,
      id: 'openai-compatible',
      serviceName: `The text server at ${settings.baseUrl}`,
    }),
  automatic1111: (settings, options) => createAutomatic1111Provider({ baseUrl: settings.baseUrl, ...options }),
  comfyui: (settings, options) => createComfyUIProvider({ baseUrl: settings.baseUrl, ...options }),
  speech: (service) => {
    const client = createOpenAIClient(service);
    const named = { id: service.id, serviceName: service.serviceName };
    return {
      speech: createOpenAISpeech(client, { speechModel: service.speechModel, ...named }),
      transcription: service.transcriptionModel ? createOpenAITranscription(client, { transcriptionModel: service.transcriptionModel, ...named }) : null,
    };
  },
};
