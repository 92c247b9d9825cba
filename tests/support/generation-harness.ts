import path from 'node:path';
import { afterEach } from 'vitest';
import type { BridgeEventMessage, BridgeEvents, GenerationRequest } from '../../src-preload/contract';
import { createAssetStore } from '../../src-main/assets/asset-store';
import { createFamilyService } from '../../src-main/family/family-service';
import { createGenerationService, type GenerationService } from '../../src-main/generation/generation-service';
import { createOfflinePictureProvider } from '../../src-main/generation/providers/offline-pictures';
import { createOfflineStoryProvider } from '../../src-main/generation/providers/offline-story';
import type { ImageProvider, ModerationProvider, TextProvider } from '../../src-main/generation/providers/provider-types';
import type { ProviderRegistry } from '../../src-main/generation/providers/provider-registry';
import { createWordListModeration } from '../../src-main/generation/providers/word-list-moderation';
import { systemClock } from '../../src-main/store/clock';
import { openStore, type Store } from '../../src-main/store/open-store';
import { tempDir } from './temp-dir';
import { silentLog } from './test-app';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const storyRequest = (overrides: Partial<GenerationRequest> = {}): GenerationRequest => ({
  idea: 'a hedgehog who learns to swim',
  pageCount: 4,
  readerAge: 5,
  language: 'en',
  tone: 'gentle',
  artStyle: 'watercolor',
  characterIds: [],
  ...overrides,
});

/**
 * The generation service on a real SQLite file, with providers a test can swap (offline ones by
 * default) and every bridge event recorded.
 */
export async function generationHarness(providers: { text?: TextProvider; image?: ImageProvider; moderation?: ModerationProvider } = {}) {
  const dir = tempDir();
  const store: Store = await openStore({ file: path.join(dir, 'library.sqlite') });
  const context = { db: store.db, clock: systemClock };
  const assets = createAssetStore({ ...context, dir: path.join(dir, 'assets') });
  const family = await createFamilyService(context).ensureFamily();
  const events: BridgeEventMessage[] = [];
  const text = providers.text ?? createOfflineStoryProvider();
  const image = providers.image ?? createOfflinePictureProvider();
  const moderation = providers.moderation ?? createWordListModeration();
  const registry: ProviderRegistry = {
    load: async () => {
      throw new Error('not used');
    },
    text: async () => text,
    image: async () => image,
    moderation: async () => moderation,
  };
  const service: GenerationService = createGenerationService({
    db: store.db,
    clock: systemClock,
    log: silentLog,
    assets,
    providers: registry,
    emit: <N extends keyof BridgeEvents>(name: N, payload: BridgeEvents[N]) => events.push({ name, payload } as BridgeEventMessage),
    prices: async () => ({ 'fake:paid-model': 0.05 }),
    leaseMs: 1000,
    // Small print renditions keep these tests fast; their real size is tested through the app.
    printInches: { width: 1, height: 1 },
    retry: { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 3 },
  });
  cleanups.push(async () => {
    await service.stop();
    await store.close();
  });
  const start = (overrides: Partial<GenerationRequest> = {}) => service.start({ familyId: family.id, memberId: null, request: storyRequest(overrides) });
  const pagesOf = (bookId: string) =>
    store.db.selectFrom('pages').selectAll().where('book_id', '=', bookId).where('deleted', '=', 0).orderBy('order_index').execute();
  const bookOf = (bookId: string) => store.db.selectFrom('books').selectAll().where('id', '=', bookId).executeTakeFirstOrThrow();
  return { store, assets, family, events, service, start, pagesOf, bookOf };
}

/** A picture provider whose calls wait until the test lets them finish, counting how many overlap. */
export function gatedPictures(options: { id?: string; concurrency?: number } = {}) {
  const offline = createOfflinePictureProvider();
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const provider: ImageProvider = {
    id: options.id ?? 'fake',
    model: 'paid-model',
    concurrency: options.concurrency ?? 4,
    acceptsReferences: false,
    async drawPicture(request, callOptions) {
      calls += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise<void>((resolve, reject) => {
          waiting.push(resolve);
          callOptions.signal.addEventListener('abort', () => reject(callOptions.signal.reason), { once: true });
        });
        return await offline.drawPicture({ ...request, width: 64, height: 64 }, callOptions);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return {
    provider,
    /** Lets every call waiting now finish. */
    releaseAll: () => waiting.splice(0).forEach((release) => release()),
    waitingCount: () => waiting.length,
    get calls() {
      return calls;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
