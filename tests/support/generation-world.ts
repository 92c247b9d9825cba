import path from 'node:path';
import type { BridgeEventMessage, BridgeEvents, GenerationRequest } from '../../src-preload/contract';
import { createAssetStore } from '../../src-main/assets/asset-store';
import { createCharacterService } from '../../src-main/characters/character-service';
import { createFamilyService } from '../../src-main/family/family-service';
import type { MakingSettings } from '../../src-main/generation/generation-steps';
import { createGenerationService, type GenerationService } from '../../src-main/generation/generation-service';
import { createOfflinePictureProvider } from '../../src-main/generation/providers/offline-pictures';
import { createOfflineStoryProvider } from '../../src-main/generation/providers/offline-story';
import type { ImageProvider, ModerationProvider, TextProvider } from '../../src-main/generation/providers/provider-types';
import type { ProviderRegistry } from '../../src-main/generation/providers/provider-registry';
import { createWordListModeration } from '../../src-main/generation/providers/word-list-moderation';
import { systemClock } from '../../src-main/store/clock';
import { openStore, type Store } from '../../src-main/store/open-store';
import pino from 'pino';

export interface WorldProviders {
  text?: TextProvider;
  image?: ImageProvider;
  moderation?: ModerationProvider;
  /** How books are made; by default they go straight from the cast to the pages, with one redraw for a page that differs. */
  settings?: Partial<MakingSettings>;
}

export const storyRequest = (overrides: Partial<GenerationRequest> = {}): GenerationRequest => ({
  idea: 'a hedgehog who learns to swim',
  pageCount: 4,
  readerAge: 5,
  language: 'en',
  tone: 'gentle',
  artStyle: 'watercolor',
  characterIds: [],
  fixSpelling: false,
  ...overrides,
});

/**
 * The generation service on a real SQLite file, with providers a test can swap (offline ones by
 * default) and every bridge event recorded.
 */
export async function generationWorld(dir: string, providers: WorldProviders = {}) {
  const store: Store = await openStore({ file: path.join(dir, 'library.sqlite') });
  const context = { db: store.db, clock: systemClock };
  const assets = createAssetStore({ ...context, dir: path.join(dir, 'assets') });
  const family = await createFamilyService(context).ensureFamily();
  const characters = createCharacterService({ ...context, assets });
  const events: BridgeEventMessage[] = [];
  const text = providers.text ?? createOfflineStoryProvider();
  const image = providers.image ?? createOfflinePictureProvider();
  const moderation = providers.moderation ?? createWordListModeration();
  const registry: Pick<ProviderRegistry, 'text' | 'image' | 'moderation'> = {
    text: async () => text,
    image: async () => image,
    moderation: async () => moderation,
  };
  const service: GenerationService = createGenerationService({
    db: store.db,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    assets,
    providers: registry,
    emit: <N extends keyof BridgeEvents>(name: N, payload: BridgeEvents[N]) => events.push({ name, payload } as BridgeEventMessage),
    prices: async () => ({ 'fake:paid-model': 0.05 }),
    settings: async () => ({ reviewCast: false, consistencyRedraws: 1, ...providers.settings }),
    characters: { saveFromPortrait: (input) => characters.saveFromPortrait(input) },
    leaseMs: 1000,
    retry: { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 3 },
  });
  const start = (overrides: Partial<GenerationRequest> = {}) => service.start({ familyId: family.id, memberId: null, request: storyRequest(overrides) });
  const pagesOf = (bookId: string) =>
    store.db.selectFrom('pages').selectAll().where('book_id', '=', bookId).where('deleted', '=', 0).orderBy('order_index').execute();
  const bookOf = (bookId: string) => store.db.selectFrom('books').selectAll().where('id', '=', bookId).executeTakeFirstOrThrow();
  const close = async () => {
    await service.stop();
    await store.close();
  };
  const castOf = (bookId: string) => store.db.selectFrom('book_cast').selectAll().where('book_id', '=', bookId).where('deleted', '=', 0).orderBy('order_index').execute();
  return { store, assets, family, characters, events, service, start, pagesOf, bookOf, castOf, close };
}

