import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import PQueue from 'p-queue';
import type { BridgeEvents, GenerationRequest, GenerationStage, ProgressStatus } from '../../src-preload/contract';
import type { AssetStore } from '../assets/asset-store';
import type { Logger } from '../logging';
import type { Clock } from '../store/clock';
import type { GenerationRow, StoreSchema } from '../store/schema';
import type { NewJob } from './job-queue';
import type { ProviderCache } from './provider-cache';
import type { ProviderRegistry } from './providers/provider-registry';
import type { CallOptions, ImageProvider, Picture, PictureRequest, StoryCharacter } from './providers/provider-types';

/** A generation's request as stored: the window's request, with what the service decided at start. */
export interface StoredRequest extends GenerationRequest {
  characters: (StoryCharacter & { id: string; referenceSha256: string | null })[];
  /** Set for a generation that redraws one page's picture. */
  redraw?: { pageId: string; baselineSha256: string | null };
  /** Pause to meet the cast before drawing pages (the request's choice, or the setting's). */
  reviewCast?: boolean;
  /** Set once the family has met the cast and asked for the pages: admission then draws them. */
  phase?: 'pages';
}

/** How books are made, from the family's settings. */
export interface MakingSettings {
  reviewCast: boolean;
  /** How many times a page whose characters differ from their cast is redrawn by itself. */
  consistencyRedraws: number;
}

type Emit = <N extends keyof BridgeEvents>(name: N, payload: BridgeEvents[N]) => void;

/** What every step of making a book shares: the store, the providers and the queue. */
export interface StepDeps {
  db: Kysely<StoreSchema>;
  clock: Clock;
  log: Logger;
  assets: AssetStore;
  providers: Pick<ProviderRegistry, 'text' | 'image' | 'moderation'>;
  emit: Emit;
  cache: ProviderCache;
  settings: () => Promise<MakingSettings>;
  enqueue(trx: Transaction<StoreSchema>, jobs: NewJob[]): Promise<void>;
  /** Looks for work now: after jobs were added outside a running job (which the queue looks after by itself). */
  poke(): void;
  addCost(generationId: string, provider: string, model: string): Promise<void>;
  findGeneration(id: string): Promise<GenerationRow>;
  /** Calls a picture provider within its own concurrency. */
  draw(painter: ImageProvider, request: PictureRequest, options: CallOptions): Promise<Picture>;
  pageNumber(pageId: string): Promise<number>;
  /** The generation waits for the family to meet its cast: whoever waits for it to settle stops waiting. */
  paused(generationId: string): void;
  /** Ends a generation that cannot go on, with why. */
  failGeneration(generationId: string, message: string): Promise<void>;
}

export const PICTURE_SIZE = { width: 1024, height: 1024 };

export const requestOf = (generation: GenerationRow): StoredRequest => JSON.parse(generation.request_json) as StoredRequest;

export function randomSeed(): number {
  return randomInt(1, 2 ** 31 - 1);
}

export function progressOf(deps: Pick<StepDeps, 'emit'>, generation: GenerationRow) {
  return (stage: GenerationStage, status: ProgressStatus, details: { page?: number | null; message?: string } = {}) =>
    deps.emit('generation.progress', { bookId: generation.book_id, generationId: generation.id, page: details.page ?? null, stage, status, message: details.message });
}

/**
 * Calls to a picture provider are limited to its concurrency; the lane around them is wider, so
 * moderation and the thumbnail of one page overlap the next page's call instead of holding a slot.
 */
export function providerSlots() {
  const slots = new Map<string, PQueue>();
  return (painter: ImageProvider, request: PictureRequest, options: CallOptions): Promise<Picture> => {
    const queue = slots.get(painter.id) ?? new PQueue({ concurrency: painter.concurrency });
    slots.set(painter.id, queue);
    return queue.add(() => painter.drawPicture(request, options), { signal: options.signal });
  };
}

/** The job kinds of one picture provider: each provider is a lane of its own. */
export const pictureKind = (providerId: string) => `picture:${providerId}`;
export const portraitKind = (providerId: string) => `portrait:${providerId}`;

/** What went wrong, in the words the error carries (the providers' are written for the family). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
