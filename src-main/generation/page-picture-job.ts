import { readFile } from 'node:fs/promises';
import { readCastIds } from '../characters/book-cast';
import { isoNow } from '../store/clock';
import type { BookCastRow, GenerationRow, PageRow } from '../store/schema';
import { recordPageVersion } from '../pages/page-history';
import { describeError, PICTURE_SIZE, progressOf, requestOf, type StepDeps } from './generation-steps';
import type { JobContext, JobKindSpec } from './job-queue';
import { crossings, familyThresholds, heldReason } from './moderation-policy';
import { correctedPicturePrompt, picturePrompt } from './prompts';
import { ProviderError } from './providers/provider-errors';
import type { CharacterMatch, ConsistencyChecker, ImageProvider, Picture, PictureReference } from './providers/provider-types';
import { makeThumbnail } from './thumbnail';

type StoredPicture = Picture & { sha256: string };

/** The characters a page shows, in cast order, with the portrait each is drawn from. */
interface PageCast {
  member: BookCastRow;
  reference: (PictureReference & { sha256: string }) | null;
}

/**
 * Drawing one page: from the portraits of exactly the characters on it, with their fixed looks in
 * the prompt; compared with those portraits where the writer can look at pictures, and drawn again
 * (by default once) when someone differs; then checked against the family's limits and given the
 * small copy the window shows.
 */
export function createPagePictureJob(deps: StepDeps, lane: string): JobKindSpec {
  const { db, clock, assets, providers, cache } = deps;

  /** The page's characters; their portraits are read only where someone will look at them (the painter, the check). */
  async function castOnPage(page: PageRow, withPortraits: boolean): Promise<PageCast[]> {
    const ids = readCastIds(page.cast_json);
    if (ids.length === 0) return [];
    const members = await db.selectFrom('book_cast').selectAll().where('id', 'in', ids).where('deleted', '=', 0).orderBy('order_index').execute();
    return Promise.all(
      members.map(async (member) => {
        const asset = withPortraits && member.portrait_asset_sha256 ? await assets.find(member.portrait_asset_sha256) : null;
        return { member, reference: asset ? { name: member.name, data: await readFile(asset.file), mime: asset.mime, sha256: asset.sha256 } : null };
      }),
    );
  }

  async function drawOnce(input: {
    generation: GenerationRow;
    pageId: string;
    painter: ImageProvider;
    prompt: string;
    seed: number;
    cast: PageCast[];
    references: PageCast['reference'][];
    signal: AbortSignal;
  }): Promise<StoredPicture> {
    const references = input.references.filter((reference) => reference !== null);
    const key = cache.keyOf('picture', {
      // Two pages that ask alike (a long book's repeated scene, one seed a book) still get a picture each.
      page: input.pageId,
      provider: input.painter.id,
      model: input.painter.model,
      prompt: input.prompt,
      seed: input.seed,
      ...PICTURE_SIZE,
      references: references.map((reference) => reference.sha256),
    });
    const cached = await cache.picture(key);
    if (cached) return cached;
    const drawn = await deps.draw(
      input.painter,
      {
        prompt: input.prompt,
        seed: input.seed,
        ...PICTURE_SIZE,
        purpose: 'page',
        cast: input.cast.map(({ member }) => ({ name: member.name, look: member.look })),
        references: references.map(({ name, data, mime }) => ({ name, data, mime })),
      },
      { signal: input.signal },
    );
    const sha256 = await cache.putPicture(key, 'picture', drawn, PICTURE_SIZE);
    await deps.addCost(input.generation.id, input.painter.id, input.painter.model);
    return { ...drawn, sha256 };
  }

  /** The characters that differ, by a vision model's look (answers kept, so a retry pays once). */
  async function differences(generation: GenerationRow, checker: ConsistencyChecker, picture: StoredPicture, cast: PageCast[], signal: AbortSignal): Promise<CharacterMatch[]> {
    const key = cache.keyOf('consistency', { provider: checker.id, model: checker.model, picture: picture.sha256, cast: cast.map(({ member, reference }) => [member.name, member.look, reference?.sha256 ?? null]) });
    let matches = await cache.text<CharacterMatch[]>(key);
    if (!matches) {
      matches = await checker.compare({ picture, characters: cast.map(({ member, reference }) => ({ name: member.name, look: member.look, reference })) }, { signal });
      await cache.putText(key, 'consistency', matches);
      await deps.addCost(generation.id, checker.id, checker.model);
    }
    return matches.filter((match) => match.present && !match.matches);
  }

  async function run(job: Parameters<JobKindSpec['run']>[0], context: JobContext): Promise<void> {
    const generation = await deps.findGeneration(job.generation_id!);
    const request = requestOf(generation);
    const page = await db.selectFrom('pages').selectAll().where('id', '=', job.page_id!).executeTakeFirstOrThrow();
    const number = await deps.pageNumber(page.id);
    const progress = progressOf(deps, generation);
    const step = (stage: 'picture' | 'consistency' | 'moderation' | 'rendition', status: 'started' | 'done' | 'held') => progress(stage, status, { page: number });

    // A retry never redraws a picture that an earlier attempt already stored.
    const alreadyDrawn = request.redraw ? page.image_asset_sha256 !== request.redraw.baselineSha256 : page.image_asset_sha256 !== null;
    if (alreadyDrawn) return;

    step('picture', 'started');
    const painter = await providers.image(generation.image_provider);
    const support = await painter.referenceSupport({ signal: context.signal });
    const writer = await providers.text(generation.text_provider);
    const cast = await castOnPage(page, support.mode !== 'none' || 'compare' in writer.consistency);
    // Exactly the portraits of the characters on this page; a painter that cannot follow them gets their looks only.
    const references = support.mode === 'none' ? [] : cast.map(({ reference }) => reference);
    const prompt = picturePrompt({ cast: cast.map(({ member }) => member), artStyle: request.artStyle, brief: page.illustration_brief || request.idea });
    let seed = page.seed_value ?? 1;
    let picture = await drawOnce({ generation, pageId: page.id, painter, prompt, seed, cast, references, signal: context.signal });
    step('picture', 'done');

    let consistencyNote: string | null = null;
    const { consistencyRedraws } = await deps.settings();
    if ('compare' in writer.consistency && cast.length > 0) {
      step('consistency', 'started');
      try {
        let differing = await differences(generation, writer.consistency, picture, cast, context.signal);
        for (let redraw = 1; differing.length > 0 && redraw <= consistencyRedraws; redraw++) {
          // A seed of its own per redraw, fixed by the page's, so a retry asks the same and the cache answers.
          seed = ((page.seed_value ?? 1) + redraw * 7919) % 2 ** 31;
          const corrected = correctedPicturePrompt(prompt, differing.map(describeDifference));
          picture = await drawOnce({ generation, pageId: page.id, painter, prompt: corrected, seed, cast, references, signal: context.signal });
          differing = await differences(generation, writer.consistency, picture, cast, context.signal);
        }
        consistencyNote = differing.length > 0 ? `Still different from the cast: ${differing.map(describeDifference).join('; ')}.` : null;
      } catch (error) {
        // A check that cannot be made leaves the picture as drawn, and says so; one that may work later is retried.
        if (!(error instanceof ProviderError) || error.kind === 'transient' || error.kind === 'network') throw error;
        consistencyNote = `The picture could not be compared with the cast: ${error.message}`;
      }
      step('consistency', 'done');
    }

    step('moderation', 'started');
    const scores = await (await providers.moderation()).checkPicture(picture, { signal: context.signal });
    const held = scores ? crossings(scores, await familyThresholds(db, generation.family_id)) : [];

    // The last step keeps its name, "rendition", for the windows and scripts that follow it: the page made ready to show.
    step('rendition', 'started');
    const small = await makeThumbnail(picture.data);
    const thumbnail = await assets.put(small.data, small);

    let endsHeld = held.length > 0;
    await context.finish(async (trx) => {
      const now = isoNow(clock);
      const current = await trx.selectFrom('pages').select(['generate_status', 'held_reason']).where('id', '=', page.id).executeTakeFirstOrThrow();
      const textHeld = current.generate_status === 'held' && current.held_reason?.startsWith('The words') === true;
      endsHeld ||= textHeld;
      await trx
        .updateTable('pages')
        .set({
          image_asset_sha256: picture.sha256,
          // Print copies are an export's now; one an earlier version made is of the earlier picture.
          print_asset_sha256: null,
          thumbnail_asset_sha256: thumbnail.sha256,
          seed_value: seed,
          consistency_note: consistencyNote,
          generate_status: held.length > 0 || textHeld ? 'held' : 'complete',
          held_reason: held.length > 0 ? heldReason('picture', held) : textHeld ? current.held_reason : null,
          updated_at: now,
        })
        .where('id', '=', page.id)
        .execute();
      await recordPageVersion(trx, { pageId: page.id, reason: request.redraw ? 'redrawn' : 'generated', memberId: null, now });
    });
    deps.emit('library.changed', { bookId: generation.book_id });
    // Progress goes to every window, a child's too: it says that a page waits, never why.
    step('rendition', endsHeld ? 'held' : 'done');
  }

  return {
    lane,
    run,
    async onFailed(job, error) {
      const generation = await deps.findGeneration(job.generation_id!);
      // A held page whose redraw failed is still held: failing must not let it through.
      await db.updateTable('pages').set({ generate_status: 'failed', updated_at: isoNow(clock) }).where('id', '=', job.page_id!).where('generate_status', '!=', 'held').execute();
      progressOf(deps, generation)('picture', 'failed', { page: await deps.pageNumber(job.page_id!), message: describeError(error) });
    },
  };
}

const describeDifference = (match: CharacterMatch) => `${match.name}: ${match.differences || 'looks different'}`;
