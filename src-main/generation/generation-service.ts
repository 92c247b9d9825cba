import { EventEmitter } from 'node:events';
import type { GenerationRequest, GenerationView, HeldPageView, PageView } from '../../src-preload/contract';
import { InvalidInputError, NotFoundError, UserFacingError } from '../errors';
import { readTraits } from '../characters/traits';
import { assertMayChange } from '../pages/held-pages';
import { toPageView } from '../pages/page-views';
import { isoNow } from '../store/clock';
import { newId } from '../store/ids';
import type { GenerationRow } from '../store/schema';
import { createCastReview, createPortraitJob, enqueuePages, type CastReviewDeps } from './cast-steps';
import { describeError, pictureKind, portraitKind, providerSlots, randomSeed, requestOf, type StepDeps, type StoredRequest } from './generation-steps';
import { createJobQueue, type JobKindSpec } from './job-queue';
import { createPagePictureJob } from './page-picture-job';
import { createProviderCache } from './provider-cache';
import { ProviderConfigurationError } from './providers/provider-registry';
import type { RetryPolicy } from './retry-policy';
import { createStoryJob, splitIntoPages } from './story-job';
import { livePageOfFamily } from '../pages/live-page';

/** The seed's limit: a family makes at most five books at once; the sixth waits in line. */
export const MAX_ACTIVE_GENERATIONS_PER_FAMILY = 5;
const TEXT_LANE_CONCURRENCY = 2;

/** Prices per call in US dollars, by `provider:model`; a family can change them in settings. */
export const DEFAULT_PRICES: Record<string, number> = {
  'openai:gpt-4.1-mini': 0.004,
  'openai:gpt-image-2': 0.042,
  'openai:omni-moderation-latest': 0,
};
export const PRICES_SETTINGS_KEY = 'generation.prices';

/** The store, the providers and the window's events, as every step shares them, with what only the service needs. */
export interface GenerationServiceOptions extends Pick<StepDeps, 'db' | 'clock' | 'log' | 'assets' | 'providers' | 'emit' | 'settings'> {
  prices: () => Promise<Record<string, number>>;
  /** Keeps a cast member as a family character (characters/character-service.ts). */
  characters: CastReviewDeps['characters'];
  leaseMs?: number;
  retry?: RetryPolicy;
  random?: () => number;
}

/**
 * Making books: a story with its cast (story-job.ts), a portrait of each character
 * (cast-steps.ts), a pause for the family to meet them, then every page's picture in parallel
 * (page-picture-job.ts), each drawn from the portraits of the characters on it, checked against
 * the family's moderation limits and given the small copy the window shows. Print copies are not
 * made here: only an export knows the size it needs (export/renditions.ts). All steps are jobs in
 * the durable queue, so a book survives quitting, crashing and going offline, and no picture is paid for twice.
 */
export function createGenerationService(options: GenerationServiceOptions) {
  const { db, clock, log, assets, providers, emit } = options;
  const cache = createProviderCache({ db, clock, assets });
  const settled = new EventEmitter();
  /** Concurrency of the lanes added as they are needed: one per picture provider, and others' work (narration). */
  const laneConcurrency = new Map<string, number>();
  const findGeneration = (id: string) => db.selectFrom('generations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function addCost(generationId: string, provider: string, model: string): Promise<void> {
    const price = (await options.prices())[`${provider}:${model}`] ?? 0;
    if (price === 0) return;
    await db
      .updateTable('generations')
      .set((eb) => ({ estimated_cost_usd: eb('estimated_cost_usd', '+', price) }))
      .where('id', '=', generationId)
      .execute();
  }

  async function pageNumber(pageId: string): Promise<number> {
    const page = await db.selectFrom('pages').select(['book_id', 'order_index']).where('id', '=', pageId).executeTakeFirstOrThrow();
    const before = await db
      .selectFrom('pages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('book_id', '=', page.book_id)
      .where('deleted', '=', 0)
      .where('order_index', '<', page.order_index)
      .executeTakeFirstOrThrow();
    return Number(before.n) + 1;
  }

  const steps: StepDeps = {
    db,
    clock,
    log,
    assets,
    providers,
    emit,
    cache,
    settings: options.settings,
    enqueue: (trx, jobs) => queue.enqueue(trx, jobs),
    poke: () => queue.poke(),
    addCost,
    findGeneration,
    draw: providerSlots(),
    pageNumber,
    failGeneration: async (generationId, message) => closeGeneration(await findGeneration(generationId), 'failed', message),
    paused: (generationId) => settled.emit(generationId),
  };
  const castReview = createCastReview({ ...steps, characters: options.characters });

  // Picture kinds are added per provider as generations first use them (each provider is a lane).
  const kinds: Record<string, JobKindSpec> = { story: createStoryJob(steps) };

  const queue = createJobQueue({
    db,
    clock,
    log,
    kinds,
    laneConcurrency: (lane) => (lane === 'text' ? TEXT_LANE_CONCURRENCY : (laneConcurrency.get(lane) ?? 4)),
    leaseMs: options.leaseMs,
    retry: options.retry,
    random: options.random,
    onSettled: async (job) => {
      // Work outside making a book (narration) settles through its own kind.
      if (job.generation_id === null) return;
      if (job.status === 'queued') {
        const generation = await findGeneration(job.generation_id!);
        emit('generation.progress', {
          bookId: generation.book_id,
          generationId: generation.id,
          page: job.page_id ? await pageNumber(job.page_id) : null,
          stage: job.kind === 'story' ? 'story' : 'picture',
          status: 'retrying',
          message: job.last_error ?? undefined,
        });
      }
      await closeIfDone(job.generation_id!);
    },
    onOnlineChange: (online) => emit('queue.online', { online }),
  });

  /** Registers the lane of a picture provider the first time a generation uses it. */
  async function ensureImageLane(providerId: string): Promise<void> {
    const lane = `image:${providerId}`;
    if (!kinds[pictureKind(providerId)]) {
      const painter = await providers.image(providerId);
      laneConcurrency.set(lane, painter.concurrency * 2);
      kinds[pictureKind(providerId)] = createPagePictureJob(steps, lane);
      kinds[portraitKind(providerId)] = createPortraitJob(steps, lane);
    }
  }

  async function closeIfDone(generationId: string): Promise<void> {
    const generation = await findGeneration(generationId);
    if (generation.status !== 'active') return;
    const open = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('generation_id', '=', generationId)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(open.n) > 0) return;
    // A portrait that failed leaves its character to their written look (cast-steps.ts): the pages decide.
    const failed = await db
      .selectFrom('jobs')
      .select('last_error')
      .where('generation_id', '=', generationId)
      .where('status', '=', 'failed')
      .where('kind', 'not like', 'portrait:%')
      .execute();
    if (failed.length > 0) {
      await closeGeneration(generation, 'failed', `${failed.length === 1 ? 'A page' : `${failed.length} pages`} could not be drawn: ${failed[0]!.last_error}`);
    } else {
      await closeGeneration(generation, 'complete', null);
    }
  }

  async function closeGeneration(generation: GenerationRow, status: 'complete' | 'failed' | 'cancelled', error: string | null): Promise<void> {
    const now = isoNow(clock);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('generations').set({ status, error, updated_at: now }).where('id', '=', generation.id).execute();
      const pages = await trx
        .selectFrom('pages')
        .select('generate_status')
        .where('book_id', '=', generation.book_id)
        .where('deleted', '=', 0)
        .execute();
      const allDone = pages.length > 0 && pages.every((page) => page.generate_status === 'complete' || page.generate_status === 'held');
      const bookStatus = status === 'cancelled' ? (allDone ? 'complete' : 'draft') : allDone ? 'complete' : 'failed';
      await trx.updateTable('books').set({ status: bookStatus, updated_at: now }).where('id', '=', generation.book_id).execute();
      if (status === 'cancelled') {
        await trx
          .updateTable('pages')
          .set({ generate_status: 'pending', updated_at: now })
          .where('book_id', '=', generation.book_id)
          .where('generate_status', '=', 'generating')
          .execute();
      }
    });
    emit('library.changed', { bookId: generation.book_id });
    emit('generation.progress', {
      bookId: generation.book_id,
      generationId: generation.id,
      page: null,
      stage: 'book',
      status: status === 'complete' ? 'done' : status,
      message: error ?? undefined,
    });
    settled.emit(generation.id, status);
    await admit(generation.family_id);
  }

  /** Starts waiting generations, oldest first, while the family has fewer than five active. */
  async function admit(familyId: string): Promise<void> {
    const admitted = await db.transaction().execute(async (trx) => {
      const active = await trx
        .selectFrom('generations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('family_id', '=', familyId)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      const free = MAX_ACTIVE_GENERATIONS_PER_FAMILY - Number(active.n);
      if (free <= 0) return [];
      const waiting = await trx
        .selectFrom('generations')
        .selectAll()
        .where('family_id', '=', familyId)
        .where('status', '=', 'waiting')
        .orderBy('created_at')
        .orderBy('id')
        .limit(free)
        .execute();
      for (const generation of waiting) {
        await trx.updateTable('generations').set({ status: 'active', updated_at: isoNow(clock) }).where('id', '=', generation.id).execute();
        const request = requestOf(generation);
        if (request.phase === 'pages') await enqueuePages(steps, trx, generation);
        else {
          await queue.enqueue(trx, [
            request.redraw
              ? { kind: pictureKind(generation.image_provider), familyId, generationId: generation.id, bookId: generation.book_id, pageId: request.redraw.pageId }
              : { kind: 'story', familyId, generationId: generation.id, bookId: generation.book_id },
          ]);
        }
      }
      return waiting;
    });
    for (const generation of admitted) {
      await ensureImageLane(generation.image_provider);
      emit('generation.progress', { bookId: generation.book_id, generationId: generation.id, page: null, stage: 'queue', status: 'started' });
    }
    if (admitted.length > 0) queue.poke();
  }

  async function toView(generation: GenerationRow): Promise<GenerationView> {
    const ahead =
      generation.status === 'waiting'
        ? Number(
            (
              await db
                .selectFrom('generations')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('family_id', '=', generation.family_id)
                .where('status', '=', 'waiting')
                // Line order is (created_at, id), as admission takes them; two can share a millisecond.
                .where((eb) =>
                  eb.or([eb('created_at', '<', generation.created_at), eb.and([eb('created_at', '=', generation.created_at), eb('id', '<', generation.id)])]),
                )
                .executeTakeFirstOrThrow()
            ).n,
          )
        : 0;
    return {
      id: generation.id,
      bookId: generation.book_id,
      status: generation.status,
      ahead,
      textProvider: generation.text_provider,
      imageProvider: generation.image_provider,
      offlineDraft: generation.text_provider === 'offline' || generation.image_provider === 'offline',
      estimatedCostUsd: generation.estimated_cost_usd,
      error: generation.error,
      createdAt: generation.created_at,
    };
  }

  async function latestGeneration(familyId: string, bookId: string): Promise<GenerationRow | undefined> {
    return db
      .selectFrom('generations')
      .selectAll()
      .where('family_id', '=', familyId)
      .where('book_id', '=', bookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async function chooseProviders(): Promise<{ text: string; image: string }> {
    try {
      const [text, image] = await Promise.all([providers.text(), providers.image()]);
      return { text: text.id, image: image.id };
    } catch (error) {
      if (error instanceof ProviderConfigurationError) throw new UserFacingError('unavailable', error.message);
      throw error;
    }
  }

  return {
    queue,

    /** Runs another kind of work in the same durable queue, in a lane of its own; its jobs belong to no generation. */
    addWork(kind: string, spec: JobKindSpec, concurrency: number): void {
      kinds[kind] = spec;
      laneConcurrency.set(spec.lane, concurrency);
    },

    /** A new book from an idea: it waits in line if the family already makes five. */
    async start(input: { familyId: string; memberId: string | null; request: GenerationRequest }): Promise<GenerationView> {
      const { familyId, request } = input;
      const characters = request.characterIds.length
        ? await db
            .selectFrom('characters')
            .select(['id', 'name', 'traits_json', 'style_ref_asset_sha256'])
            .where('family_id', '=', familyId)
            .where('deleted', '=', 0)
            .where('id', 'in', request.characterIds)
            .execute()
        : [];
      if (characters.length !== new Set(request.characterIds).size) throw new NotFoundError('One of those characters');
      if (request.ownWords) {
        try {
          splitIntoPages(request.ownWords, request.pageCount);
        } catch (error) {
          throw new InvalidInputError(`${describeError(error)} Choose fewer pages, or write a little more.`);
        }
      }
      const chosen = await chooseProviders();
      if (request.ownWords && request.fixSpelling && chosen.text === 'offline') {
        throw new InvalidInputError('Fixing the spelling needs an AI story writer (Settings). Without one, the words can be kept just as they are.');
      }
      const stored: StoredRequest = {
        ...request,
        reviewCast: request.reviewCast ?? (await options.settings()).reviewCast,
        characters: request.characterIds.map((id) => {
          const character = characters.find((row) => row.id === id)!;
          return { id, name: character.name, traits: readTraits(character.traits_json) ?? [], referenceSha256: character.style_ref_asset_sha256 };
        }),
      };

      const generationId = newId();
      const bookId = newId();
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('books')
          .values({ id: bookId, family_id: familyId, title: workingTitle(request.idea), status: 'generating', created_by_member_id: input.memberId, created_at: now, updated_at: now, soft_deleted_until: null })
          .execute();
        await trx
          .insertInto('pages')
          .values(
            Array.from({ length: request.pageCount }, (_, index) => ({
              id: newId(),
              book_id: bookId,
              order_index: index,
              generate_status: 'generating' as const,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
        if (stored.characters.length > 0) {
          await trx
            .insertInto('book_characters')
            .values(stored.characters.map((character) => ({ book_id: bookId, character_id: character.id, updated_at: now })))
            .execute();
        }
        await trx
          .insertInto('generations')
          .values({ id: generationId, family_id: familyId, book_id: bookId, request_json: JSON.stringify(stored), status: 'waiting', text_provider: chosen.text, image_provider: chosen.image, error: null, created_at: now, updated_at: now })
          .execute();
      });
      emit('library.changed', { bookId });
      await admit(familyId);
      const view = await toView(await findGeneration(generationId));
      if (view.status === 'waiting') {
        emit('generation.progress', { bookId, generationId, page: null, stage: 'queue', status: 'waiting', message: view.ahead === 0 ? 'next in line' : `${view.ahead} ahead in line` });
      }
      return view;
    },

    async status(familyId: string, bookId: string): Promise<GenerationView | null> {
      const generation = await latestGeneration(familyId, bookId);
      return generation ? toView(generation) : null;
    },

    async cancel(familyId: string, bookId: string): Promise<GenerationView | null> {
      const generation = await latestGeneration(familyId, bookId);
      if (!generation) return null;
      if (generation.status === 'waiting' || generation.status === 'active' || generation.status === 'reviewing') {
        await queue.cancel(generation.id);
        await closeGeneration(generation, 'cancelled', null);
      }
      return toView(await findGeneration(generation.id));
    },

    /**
     * Draws one page's picture again: the same way (same seed) or a different one. A held page
     * stays held while it is redrawn, and only someone who may see it can ask: the new picture is
     * checked like any other, and words that were held stay held.
     */
    async redrawPage(input: { familyId: string; pageId: string; seed: 'same' | 'new'; seesHeld: boolean }): Promise<GenerationView> {
      const page = await livePageOfFamily(db, input.familyId, input.pageId)
        .select(['pages.id', 'pages.book_id', 'pages.image_asset_sha256', 'pages.seed_value', 'pages.generate_status'])
        .executeTakeFirst();
      if (!page) throw new NotFoundError('That page');
      assertMayChange({ pageStatus: page.generate_status }, input.seesHeld);
      const previous = await latestGeneration(input.familyId, page.book_id);
      if (!previous) throw new UserFacingError('conflict', 'This page has no picture request to redraw yet: make the book first.');
      if (previous.status === 'waiting' || previous.status === 'active' || previous.status === 'reviewing') {
        throw new UserFacingError('conflict', 'This book is still being made. Redraw a page once it is finished, or cancel first.');
      }
      const chosen = await chooseProviders();
      const request: StoredRequest = { ...requestOf(previous), redraw: { pageId: page.id, baselineSha256: page.image_asset_sha256 } };
      const generationId = newId();
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('pages')
          .set({
            generate_status: page.generate_status === 'held' ? 'held' : 'generating',
            seed_value: input.seed === 'new' || page.seed_value === null ? randomSeed() : page.seed_value,
            updated_at: now,
          })
          .where('id', '=', page.id)
          .execute();
        await trx.updateTable('books').set({ status: 'generating', updated_at: now }).where('id', '=', page.book_id).execute();
        await trx
          .insertInto('generations')
          .values({ id: generationId, family_id: input.familyId, book_id: page.book_id, request_json: JSON.stringify(request), status: 'waiting', text_provider: chosen.text, image_provider: chosen.image, error: null, created_at: now, updated_at: now })
          .execute();
      });
      emit('library.changed', { bookId: page.book_id });
      await admit(input.familyId);
      return toView(await findGeneration(generationId));
    },

    async heldPages(familyId: string): Promise<HeldPageView[]> {
      const rows = await db
        .selectFrom('pages')
        .innerJoin('books', 'books.id', 'pages.book_id')
        .selectAll('pages')
        .select('books.title as book_title')
        .where('books.family_id', '=', familyId)
        .where('books.deleted', '=', 0)
        .where('pages.deleted', '=', 0)
        .where('pages.generate_status', '=', 'held')
        .orderBy('books.updated_at', 'desc')
        .orderBy('pages.order_index')
        .execute();
      return rows.map((row) => ({ bookId: row.book_id, bookTitle: row.book_title, page: toPageView(row) }));
    },

    /** A parent's decision on a held page: show it as it is, or draw a new picture. */
    async decide(input: { familyId: string; pageId: string; decision: 'approve' | 'redraw' }): Promise<PageView> {
      const held = (await this.heldPages(input.familyId)).find((entry) => entry.page.id === input.pageId);
      if (!held) throw new NotFoundError('That held page');
      if (input.decision === 'redraw') {
        await this.redrawPage({ familyId: input.familyId, pageId: input.pageId, seed: 'new', seesHeld: true });
      } else {
        const now = isoNow(clock);
        await db.transaction().execute(async (trx) => {
          const page = await trx.selectFrom('pages').select(['text_content', 'image_asset_sha256']).where('id', '=', input.pageId).executeTakeFirstOrThrow();
          await trx.updateTable('pages').set({ generate_status: 'complete', held_reason: null, updated_at: now }).where('id', '=', input.pageId).execute();
          // What the parent let through is no longer held in the history either; earlier held snapshots stay held.
          await trx
            .updateTable('page_versions')
            .set({ held: 0 })
            .where('page_id', '=', input.pageId)
            .where('held', '=', 1)
            .where('text_content', '=', page.text_content)
            .where('image_asset_sha256', 'is', page.image_asset_sha256)
            .execute();
        });
        emit('library.changed', { bookId: held.bookId });
      }
      return toPageView(await db.selectFrom('pages').selectAll().where('id', '=', input.pageId).executeTakeFirstOrThrow());
    },

    /** Picks up what an earlier run left: expired leases back in line, waiting generations admitted. */
    async resume(): Promise<void> {
      await queue.recoverExpiredLeases();
      const active = await db.selectFrom('generations').select(['family_id', 'image_provider', 'status']).where('status', 'in', ['active', 'waiting', 'reviewing']).execute();
      // A book waiting for its family may still have a portrait being redrawn.
      for (const { image_provider } of active) await ensureImageLane(image_provider);
      for (const familyId of new Set(active.filter((generation) => generation.status !== 'reviewing').map((generation) => generation.family_id))) await admit(familyId);
      for (const { id } of await db.selectFrom('generations').select('id').where('status', '=', 'active').execute()) await closeIfDone(id);
      queue.poke();
    },

    /** Resolves when the generation is complete, failed or cancelled, or waits for the family to meet its cast. */
    async settled(generationId: string): Promise<GenerationView> {
      const current = await findGeneration(generationId);
      if (current.status === 'active' || current.status === 'waiting') {
        await new Promise((resolve) => settled.once(generationId, resolve));
      }
      return toView(await findGeneration(generationId));
    },

    async openGenerations(): Promise<string[]> {
      const rows = await db.selectFrom('generations').select('id').where('status', 'in', ['waiting', 'active']).orderBy('created_at').execute();
      return rows.map((row) => row.id);
    },

    /** After meeting the cast: the pages are drawn (in line behind the family's other books if five are being made). */
    async drawBook(familyId: string, bookId: string): Promise<GenerationView> {
      const generation = await castReview.approve(familyId, bookId);
      emit('library.changed', { bookId });
      await admit(familyId);
      return toView(await findGeneration(generation.id));
    },

    redrawPortrait: castReview.redraw,
    updateLook: castReview.updateLook,
    saveCastMemberAsCharacter: castReview.saveAsCharacter,

    stop: () => queue.stop(),
  };
}

export type GenerationService = ReturnType<typeof createGenerationService>;

function workingTitle(idea: string): string {
  const words = idea.trim().split(/\s+/).slice(0, 8).join(' ');
  return words.length > 60 ? `${words.slice(0, 57)}…` : words;
}
