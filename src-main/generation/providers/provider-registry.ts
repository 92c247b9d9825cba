import { IMAGE_PROVIDERS, providerSettingsSchema, SPEECH_PROVIDERS, TEXT_PROVIDERS, type ProviderSettings } from '../../../src-preload/contract';
import type { SettingsStore } from '../../settings/settings-store';
import type { SecretStore } from '../../settings/secrets';
import { createOfflinePictureProvider } from './offline-pictures';
import { createOfflineStoryProvider } from './offline-story';
import type { ImageProvider, ModerationProvider, SpeechProvider, TextProvider, TranscriptionProvider } from './provider-types';
import { createWordListModeration } from './word-list-moderation';

export const PROVIDER_SETTINGS_KEY = 'generation.providers';

export interface ProviderFactories {
  openai?: (settings: ProviderSettings, apiKey: string) => { text: TextProvider; image: ImageProvider; moderation: ModerationProvider };
  storysproutCloud?: (settings: ProviderSettings, cloud: CloudAi) => { text: TextProvider; image: ImageProvider; moderation: ModerationProvider };
  openaiCompatible?: (settings: NonNullable<ProviderSettings['openaiCompatible']>, timeoutMs: number, apiKey?: string) => TextProvider;
  automatic1111?: (settings: NonNullable<ProviderSettings['automatic1111']>, options: { concurrency: number; timeoutMs: number }) => ImageProvider;
  comfyui?: (settings: NonNullable<ProviderSettings['comfyui']>, options: { concurrency: number; timeoutMs: number }) => ImageProvider;
  /** A speech service that speaks OpenAI's protocol (OpenAI itself, or a server of the family's own), and its transcription if it has one. */
  speech?: (service: SpeechService) => { speech: SpeechProvider; transcription: TranscriptionProvider | null };
}

export interface SpeechService {
  id: (typeof SPEECH_PROVIDERS)[number];
  serviceName: string;
  baseUrl?: string;
  apiKey: string;
  timeoutMs: number;
  speechModel: string;
  /** Unset where the service cannot transcribe: word timings then come from the audio alone. */
  transcriptionModel?: string;
}

export class ProviderConfigurationError extends Error {}

/** The family's AI proxy on the sync server, while this library is signed in to a family. */
export interface CloudAi {
  baseURL: string;
  apiKey: string;
}

/**
 * Chooses the family's providers from settings, overridden by STORYSPROUT_TEXT_PROVIDER and
 * STORYSPROUT_IMAGE_PROVIDER. With no choice made, it is OpenAI when a key is present and the
 * built-in offline provider otherwise, so a first run with no key still makes a whole book.
 */
export function createProviderRegistry(deps: {
  settings: SettingsStore;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  factories: ProviderFactories;
  cloud?: () => Promise<CloudAi | null>;
}) {
  const offline = { text: createOfflineStoryProvider(), image: createOfflinePictureProvider(), moderation: createWordListModeration() };

  /** What the family chose, before the environment has its say. */
  async function stored(): Promise<ProviderSettings> {
    return providerSettingsSchema.parse((await deps.settings.get<unknown>(PROVIDER_SETTINGS_KEY)) ?? {});
  }

  async function load(): Promise<ProviderSettings> {
    const parsed = await stored();
    // An empty variable counts as unset, as shells and CI often leave them.
    const env = Object.fromEntries(Object.entries(deps.env).filter(([, value]) => value)) as NodeJS.ProcessEnv;
    return {
      ...parsed,
      text: (env.STORYSPROUT_TEXT_PROVIDER as ProviderSettings['text']) ?? parsed.text,
      image: (env.STORYSPROUT_IMAGE_PROVIDER as ProviderSettings['image']) ?? parsed.image,
      openai: { ...parsed.openai, baseUrl: env.OPENAI_BASE_URL ?? parsed.openai.baseUrl },
      openaiCompatible:
        env.STORYSPROUT_OPENAI_COMPATIBLE_URL && env.STORYSPROUT_OPENAI_COMPATIBLE_MODEL
          ? { baseUrl: env.STORYSPROUT_OPENAI_COMPATIBLE_URL, model: env.STORYSPROUT_OPENAI_COMPATIBLE_MODEL }
          : parsed.openaiCompatible,
      automatic1111: env.STORYSPROUT_AUTOMATIC1111_URL ? { baseUrl: env.STORYSPROUT_AUTOMATIC1111_URL } : parsed.automatic1111,
      comfyui: env.STORYSPROUT_COMFYUI_URL ? { baseUrl: env.STORYSPROUT_COMFYUI_URL } : parsed.comfyui,
      speech: (env.STORYSPROUT_SPEECH_PROVIDER as ProviderSettings['speech']) ?? parsed.speech,
      speechCompatible:
        env.STORYSPROUT_SPEECH_COMPATIBLE_URL && env.STORYSPROUT_SPEECH_COMPATIBLE_MODEL
          ? { baseUrl: env.STORYSPROUT_SPEECH_COMPATIBLE_URL, model: env.STORYSPROUT_SPEECH_COMPATIBLE_MODEL, transcriptionModel: env.STORYSPROUT_SPEECH_COMPATIBLE_TRANSCRIPTION_MODEL }
          : parsed.speechCompatible,
    };
  }

  /** The speech service chosen (OpenAI unless a speech server of the family's own is), as a connection. */
  function speechService(settings: ProviderSettings, id?: string): SpeechService {
    const chosen = id ?? settings.speech ?? 'openai';
    switch (chosen) {
      case 'openai': {
        const key = deps.secrets.get('openai-api-key');
        if (!key) throw new ProviderConfigurationError('Narration by OpenAI’s voices needs an API key: add one in Settings (or set OPENAI_API_KEY), or choose a speech server of your own.');
        const { baseUrl, speechModel, transcriptionModel } = settings.openai;
        return { id: 'openai', serviceName: 'OpenAI', baseUrl, apiKey: key, timeoutMs: settings.timeoutMs, speechModel, transcriptionModel };
      }
      case 'openai-compatible': {
        const server = settings.speechCompatible;
        if (!server) throw new ProviderConfigurationError('Set the address and model of your speech server (one that speaks OpenAI’s protocol) in Settings.');
        return {
          id: 'openai-compatible',
          serviceName: `The speech server at ${server.baseUrl}`,
          baseUrl: server.baseUrl,
          apiKey: deps.secrets.get('openai-api-key') ?? 'not-needed',
          timeoutMs: settings.timeoutMs,
          speechModel: server.model,
          transcriptionModel: server.transcriptionModel,
        };
      }
      default:
        throw new ProviderConfigurationError(`There is no speech provider named “${chosen}”. Choose one of ${SPEECH_PROVIDERS.join(', ')}.`);
    }
  }

  function openaiSet(settings: ProviderSettings) {
    const key = deps.secrets.get('openai-api-key');
    if (!key) throw new ProviderConfigurationError('OpenAI needs an API key: add one in Settings (or set OPENAI_API_KEY), or choose the offline provider.');
    if (!deps.factories.openai) throw new ProviderConfigurationError('The OpenAI provider is not available in this build.');
    return deps.factories.openai(settings, key);
  }

  async function cloudSet(settings: ProviderSettings) {
    const cloud = await deps.cloud?.();
    if (!cloud) throw new ProviderConfigurationError('StorySprout Cloud needs this library signed in to a family on a sync server (Settings → Family sync).');
    if (!deps.factories.storysproutCloud) throw new ProviderConfigurationError('StorySprout Cloud is not available in this build.');
    return deps.factories.storysproutCloud(settings, cloud);
  }

  return {
    load,
    stored,

    async text(id?: string): Promise<TextProvider> {
      const settings = await load();
      const chosen = id ?? settings.text ?? (deps.secrets.get('openai-api-key') ? 'openai' : 'offline');
      switch (chosen) {
        case 'offline':
          return offline.text;
        case 'openai':
          return openaiSet(settings).text;
        case 'storysprout-cloud':
          return (await cloudSet(settings)).text;
        case 'openai-compatible':
          if (!settings.openaiCompatible || !deps.factories.openaiCompatible) {
            throw new ProviderConfigurationError('Set the base URL and model of the OpenAI-compatible server (Ollama, LM Studio, vLLM) in Settings.');
          }
          return deps.factories.openaiCompatible(settings.openaiCompatible, settings.timeoutMs, deps.secrets.get('openai-api-key'));
        default:
          throw new ProviderConfigurationError(`There is no text provider named “${chosen}”. Choose one of ${TEXT_PROVIDERS.join(', ')}.`);
      }
    },

    async image(id?: string): Promise<ImageProvider> {
      const settings = await load();
      const chosen = id ?? settings.image ?? (deps.secrets.get('openai-api-key') ? 'openai' : 'offline');
      const options = { concurrency: settings.imageConcurrency, timeoutMs: settings.timeoutMs };
      switch (chosen) {
        case 'offline':
          return offline.image;
        case 'openai':
          return openaiSet(settings).image;
        case 'storysprout-cloud':
          return (await cloudSet(settings)).image;
        case 'automatic1111':
          if (!settings.automatic1111 || !deps.factories.automatic1111) throw new ProviderConfigurationError('Set the Automatic1111 address in Settings.');
          return deps.factories.automatic1111(settings.automatic1111, options);
        case 'comfyui':
          if (!settings.comfyui || !deps.factories.comfyui) throw new ProviderConfigurationError('Set the ComfyUI address in Settings.');
          return deps.factories.comfyui(settings.comfyui, options);
        default:
          throw new ProviderConfigurationError(`There is no picture provider named “${chosen}”. Choose one of ${IMAGE_PROVIDERS.join(', ')}.`);
      }
    },

    /**
     * Who reads pages aloud, and who hears them back for word timings (null: the audio alone sets
     * them). A speech server of the family's own is never paired with another's transcription, so
     * narration made there stays on the family's network.
     */
    async speech(id?: string): Promise<{ speech: SpeechProvider; transcription: TranscriptionProvider | null }> {
      const service = speechService(await load(), id);
      if (!deps.factories.speech) throw new ProviderConfigurationError('Narration is not available in this build.');
      return deps.factories.speech(service);
    },

    /**
     * The cloud's moderation when the family makes books through it; OpenAI's when a key is
     * present (it reads pictures too); the local word list otherwise.
     */
    async moderation(): Promise<ModerationProvider> {
      const settings = await load();
      if (settings.text === 'storysprout-cloud' || settings.image === 'storysprout-cloud') return (await cloudSet(settings)).moderation;
      return deps.secrets.get('openai-api-key') && deps.factories.openai ? openaiSet(settings).moderation : offline.moderation;
    },
  };
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;
