import type { Transaction } from 'kysely';
import type { CastMemberView, CharacterView } from '../../src-preload/contract';
import { castOf } from '../characters/book-cast';
import { InvalidInputError, NotFoundError, UserFacingError } from '../errors';
import { isoNow } from '../store/clock';
import type { BookCastRow, GenerationRow, StoreSchema } from '../store/schema';
import { describeError, PICTURE_SIZE, pictureKind, portraitKind, progressOf, randomSeed, requestOf, type StepDeps } from './generation-steps';
import type { JobKindSpec } from './job-queue';
import { crossings, familyThresholds } from './moderation-policy';
import { portraitPrompt } from './prompts';

/** What a portrait job draws: its seed and look are fixed when it is asked for, so a retry draws the same. */
interface PortraitPayload {
  castId: string;
  seed: number;
  look: string;
}

export const PORTRAIT_NOT_KEPT = 'The portrait went past the family’s limits and was not kept: draw it again, or change the look.';

/**
 * Starts the cast's portraits, inside the story's transaction: one for each cast member without
 * a saved reference picture. With none to draw, the book goes straight on. True while portraits are drawn.
 */
export async function startDrawingCast(deps: StepDeps, trx: Transaction<StoreSchema>, generation: GenerationRow): Promise<CastStep> {
  const cast = await trx.selectFrom('book_cast').select(['id', 'look']).where('book_id', '=', generation.book_id).where('deleted', '=', 0).where('portrait_asset_sha256', 'is', null).execute();
  await deps.enqueue(
    trx,
    cast.map((member) => ({
      kind: portraitKind(generation.image_provider),
      familyId: generation.family_id,
      generationId: generation.id,
      bookId: generation.book_id,
      payload: { castId: member.id, seed: randomSeed(), look: member.look } satisfies PortraitPayload,
    })),
  );
  if (cast.length > 0) return 'portraits';
  return afterPortraits(deps, trx, generation.id);
}

/** Where a book is after a step of its cast: portraits being drawn, waiting for the family, or its pages being drawn. */
export type CastStep = 'portraits' | 'reviewing' | 'drawing' | 'waiting';

/** Tells the windows (and whoever waits on the generation) where the cast step left the book; after the transaction. */
export function announceCastStep(deps: StepDeps, generation: GenerationRow, step: CastStep): void {
  const progress = progressOf(deps, generation);
  if (step === 'portraits') progress('cast', 'started');
  if (step === 'drawing') progress('cast', 'done');
  if (step === 'reviewing') {
    progress('cast', 'waiting', { message: 'Meet the cast: keep them, redraw one or change a look, then draw the book.' });
    deps.paused(generation.id);
  }
}

/**
 * Once no portrait of the book is left to draw: the family meets the cast, or the pages are drawn.
 * Every portrait job ends here in its own transaction, and SQLite runs one at a time, so exactly
 * one of them sees none left; a generation no longer active (reviewing, cancelled) is not moved.
 */
export async function afterPortraits(deps: StepDeps, trx: Transaction<StoreSchema>, generationId: string): Promise<Exclude<CastStep, 'portraits'>> {
  const open = await trx
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('generation_id', '=', generationId)
    .where('kind', 'like', 'portrait:%')
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(open.n) > 0) return 'waiting';
  const generation = await trx.selectFrom('generations').selectAll().where('id', '=', generationId).executeTakeFirstOrThrow();
  if (generation.status !== 'active') return 'waiting';
  const request = requestOf(generation);
  if (request.reviewCast && request.phase !== 'pages') {
    await trx.updateTable('generations').set({ status: 'reviewing', updated_at: isoNow(deps.clock) }).where('id', '=', generationId).execute();
    return 'reviewing';
  }
  await enqueuePages(deps, trx, generation);
  return 'drawing';
}

/** Every page's picture, once: a second call for the same generation adds nothing. */
export async function enqueuePages(deps: StepDeps, trx: Transaction<StoreSchema>, generation: GenerationRow): Promise<void> {
  const already = await trx.selectFrom('jobs').select('id').where('generation_id', '=', generation.id).where('kind', 'like', 'picture:%').executeTakeFirst();
  if (already) return;
  const pages = await trx.selectFrom('pages').select('id').where('book_id', '=', generation.book_id).where('deleted', '=', 0).orderBy('order_index').execute();
  await deps.enqueue(
    trx,
    pages.map((page) => ({ kind: pictureKind(generation.image_provider), familyId: generation.family_id, generationId: generation.id, bookId: generation.book_id, pageId: page.id })),
  );
}

/** Draws one cast member alone, whole, on a plain background: the reference every page is drawn from. */
export function createPortraitJob(deps: StepDeps, lane: string): JobKindSpec {
  const { db, clock, providers, cache } = deps;

  /** Writes a portrait's outcome and moves the book on, in one transaction (`finish` holds the job's lease), then tells the windows. */
  async function settle(generationId: string, write: (trx: Transaction<StoreSchema>) => Promise<void>, finish: (write: (trx: Transaction<StoreSchema>) => Promise<void>) => Promise<void>) {
    let next: CastStep = 'waiting';
    await finish(async (trx) => {
      await write(trx);
      next = await afterPortraits(deps, trx, generationId);
    });
    const generation = await deps.findGeneration(generationId);
    deps.emit('library.changed', { bookId: generation.book_id });
    announceCastStep(deps, generation, next);
  }

  return {
    lane,
    async run(job, context) {
      const payload = JSON.parse(job.payload_json) as PortraitPayload;
      const generation = await deps.findGeneration(job.generation_id!);
      const member = await db.selectFrom('book_cast').selectAll().where('id', '=', payload.castId).executeTakeFirst();
      // Already drawn by an earlier attempt, or the look changed since: a newer job draws that one.
      const stillWanted = member && member.deleted === 0 && member.look === payload.look && !(member.portrait_seed === payload.seed && member.portrait_asset_sha256);
      if (!stillWanted) return settle(generation.id, async () => {}, context.finish);

      const painter = await providers.image(generation.image_provider);
      const request = requestOf(generation);
      const cast = [{ name: member.name, look: member.look }];
      const prompt = portraitPrompt({ member: cast[0]!, artStyle: request.artStyle });
      const key = cache.keyOf('portrait', { provider: painter.id, model: painter.model, prompt, seed: payload.seed, ...PICTURE_SIZE });
      let picture = await cache.picture(key);
      if (!picture) {
        const drawn = await deps.draw(painter, { prompt, seed: payload.seed, ...PICTURE_SIZE, purpose: 'portrait', cast, references: [] }, { signal: context.signal });
        const sha256 = await cache.putPicture(key, 'portrait', drawn, PICTURE_SIZE);
        await deps.addCost(generation.id, painter.id, painter.model);
        picture = { ...drawn, sha256 };
      }
      const scores = await (await providers.moderation()).checkPicture(picture, { signal: context.signal });
      const crossed = scores ? crossings(scores, await familyThresholds(db, generation.family_id)) : [];
      const kept = crossed.length === 0 ? picture.sha256 : null;

      await settle(
        generation.id,
        async (trx) => {
          await trx
            .updateTable('book_cast')
            .set({ portrait_asset_sha256: kept, portrait_seed: payload.seed, portrait_problem: kept ? null : PORTRAIT_NOT_KEPT, updated_at: isoNow(clock) })
            .where('id', '=', member.id)
            // A look changed while this portrait was drawn is drawn by the job that change asked for.
            .where('look', '=', payload.look)
            .execute();
        },
        context.finish,
      );
    },
    async onFailed(job, error) {
      const payload = JSON.parse(job.payload_json) as PortraitPayload;
      const generationId = job.generation_id!;
      // A portrait that cannot be drawn leaves that character to their written look; the book goes on.
      await settle(
        generationId,
        async (trx) => {
          await trx
            .updateTable('book_cast')
            .set({ portrait_problem: `The portrait could not be drawn: ${describeError(error)}`, updated_at: isoNow(clock) })
            .where('id', '=', payload.castId)
            .execute();
        },
        (write) => db.transaction().execute(write),
      );
    },
  };
}

/** The family meeting the cast: see it, redraw a portrait, change a look, keep one as a family character. */
export interface CastReviewDeps extends StepDeps {
  characters: { saveFromPortrait(input: { familyId: string; name: string; look: string; portraitSha256: string | null }): Promise<CharacterView> };
}

export function createCastReview(deps: CastReviewDeps) {
  const { db, clock } = deps;

  async function memberOf(familyId: string, castId: string): Promise<BookCastRow> {
    const member = await db
      .selectFrom('book_cast')
      .innerJoin('books', 'books.id', 'book_cast.book_id')
      .selectAll('book_cast')
      .where('book_cast.id', '=', castId)
      .where('book_cast.deleted', '=', 0)
      .where('books.deleted', '=', 0)
      .where('books.family_id', '=', familyId)
      .executeTakeFirst();
    if (!member) throw new NotFoundError('That character');
    return member;
  }

  async function reviewingGeneration(familyId: string, bookId: string): Promise<GenerationRow> {
    const generation = await db.selectFrom('generations').selectAll().where('family_id', '=', familyId).where('book_id', '=', bookId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
    if (generation?.status !== 'reviewing') {
      throw new UserFacingError('conflict', 'The cast can be changed while you meet it, before the pages are drawn.');
    }
    return generation;
  }

  async function drawPortrait(generation: GenerationRow, member: BookCastRow, look: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      // Checked again where it is changed: a "draw the book" that came first wins, and this is refused.
      await assertStillReviewing(trx, generation.id);
      if (look !== member.look) {
        // A saved character's picture stays theirs: with a look of its own, this book's character is no longer that one.
        await trx.updateTable('book_cast').set({ look, character_id: null, updated_at: isoNow(clock) }).where('id', '=', member.id).execute();
      }
      await deps.enqueue(trx, [
        {
          kind: portraitKind(generation.image_provider),
          familyId: generation.family_id,
          generationId: generation.id,
          bookId: generation.book_id,
          payload: { castId: member.id, seed: randomSeed(), look } satisfies PortraitPayload,
        },
      ]);
    });
    deps.poke();
    deps.emit('library.changed', { bookId: generation.book_id });
    progressOf(deps, generation)('cast', 'started', { message: member.name });
  }

  return {
    async redraw(familyId: string, castId: string): Promise<CastMemberView> {
      const member = await memberOf(familyId, castId);
      await drawPortrait(await reviewingGeneration(familyId, member.book_id), member, member.look);
      return (await castOf(db, member.book_id)).find((view) => view.id === castId)!;
    },

    async updateLook(familyId: string, castId: string, look: string): Promise<CastMemberView> {
      const member = await memberOf(familyId, castId);
      // A look is shown to everyone who meets the cast, so it is checked like the story's words before it is kept.
      const scores = await (await deps.providers.moderation()).checkText(`${member.name}: ${look}`, { signal: AbortSignal.timeout(60_000) });
      if (crossings(scores, await familyThresholds(db, familyId)).length > 0) {
        throw new InvalidInputError('That look goes past the family’s limits. Describe the character another way.');
      }
      await drawPortrait(await reviewingGeneration(familyId, member.book_id), member, look);
      return (await castOf(db, member.book_id)).find((view) => view.id === castId)!;
    },

    async saveAsCharacter(familyId: string, castId: string): Promise<CharacterView> {
      const member = await memberOf(familyId, castId);
      if (member.character_id) throw new UserFacingError('conflict', `${member.name} is a family character already.`);
      const character = await deps.characters.saveFromPortrait({ familyId, name: member.name, look: member.look, portraitSha256: member.portrait_asset_sha256 });
      await db.updateTable('book_cast').set({ character_id: character.id, updated_at: isoNow(clock) }).where('id', '=', member.id).execute();
      deps.emit('library.changed', { bookId: member.book_id });
      return character;
    },

    /** After meeting the cast: the pages, drawn from the portraits as they are now. */
    async approve(familyId: string, bookId: string): Promise<GenerationRow> {
      const generation = await reviewingGeneration(familyId, bookId);
      await db.transaction().execute(async (trx) => {
        await assertStillReviewing(trx, generation.id);
        const drawing = await trx.selectFrom('jobs').select('id').where('generation_id', '=', generation.id).where('kind', 'like', 'portrait:%').where('status', 'in', ['queued', 'running']).executeTakeFirst();
        if (drawing) throw new UserFacingError('conflict', 'A portrait is still being drawn: draw the book once it is ready.');
        const request = { ...requestOf(generation), phase: 'pages' as const };
        await trx.updateTable('generations').set({ status: 'waiting', request_json: JSON.stringify(request), updated_at: isoNow(clock) }).where('id', '=', generation.id).execute();
      });
      return deps.findGeneration(generation.id);
    },
  };
}

async function assertStillReviewing(trx: Transaction<StoreSchema>, generationId: string): Promise<void> {
  const current = await trx.selectFrom('generations').select('status').where('id', '=', generationId).executeTakeFirstOrThrow();
  if (current.status !== 'reviewing') throw new UserFacingError('conflict', 'The book is being drawn already: its cast can no longer change.');
}
