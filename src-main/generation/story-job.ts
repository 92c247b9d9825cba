import type { Transaction } from 'kysely';
import { isoNow } from '../store/clock';
import { newId } from '../store/ids';
import type { StoreSchema } from '../store/schema';
import { recordPageVersion } from '../pages/page-history';
import { announceCastStep, startDrawingCast, type CastStep } from './cast-steps';
import { describeError, progressOf, randomSeed, requestOf, type StepDeps, type StoredRequest } from './generation-steps';
import type { JobKindSpec } from './job-queue';
import { crossings, familyThresholds, heldReason } from './moderation-policy';
import { storyInstructions } from './prompts';
import type { CastMember, StoryDraft, StoryRequest, TextProvider } from './providers/provider-types';
import { judgeReading, measureReading, readingTargets } from './reading-level';
import { spellingFixesOnly } from './spelling-fixes';

/** The look a character gets when the one written went past the family's limits; the family can write another. */
export const LOOK_NOT_KEPT = 'a friendly character, drawn simply';

/** A story as the cache keeps it: one written before books had a blurb or a cast has none. */
type CachedStory = Omit<StoryDraft, 'blurb' | 'cast' | 'pages'> &
  Partial<Pick<StoryDraft, 'blurb' | 'cast'>> & { pages: (Omit<StoryDraft['pages'][number], 'cast'> & { cast?: string[] })[] };

/** A cast member as the book keeps it: with the family character it is, if any. */
interface BookCastMember extends CastMember {
  characterId: string | null;
  referenceSha256: string | null;
}

/**
 * Writing the story: the words, the cast with their fixed looks, who is on each page, and the
 * picture briefs. A story that does not fit its reader's age gets one revision with the measured
 * figures; the words are checked against the family's limits; then the cast's portraits are drawn
 * (cast-steps.ts) before any page is.
 */
export function createStoryJob(deps: StepDeps): JobKindSpec {
  const { db, clock, log, providers, cache } = deps;

  async function write(writer: TextProvider, request: StoryRequest, generationId: string, signal: AbortSignal): Promise<StoryDraft> {
    const key = cache.keyOf('story', { provider: writer.id, model: writer.model, instructions: storyInstructions(request), request });
    const cached = await cache.text<CachedStory>(key);
    if (cached) return { ...cached, blurb: cached.blurb ?? '', cast: cached.cast ?? [], pages: cached.pages.map((page) => ({ ...page, cast: page.cast ?? [] })) };
    const story = await writer.writeStory(request, { signal });
    await cache.putText(key, 'story', story);
    await deps.addCost(generationId, writer.id, writer.model);
    return story;
  }

  return {
    lane: 'text',
    async run(job, context) {
      const generation = await deps.findGeneration(job.generation_id!);
      const request = requestOf(generation);
      const progress = progressOf(deps, generation);
      progress('story', 'started');
      const writer = await providers.text(generation.text_provider);
      const ownWords = request.ownWords ? splitIntoPages(request.ownWords, request.pageCount) : null;
      const storyRequest: StoryRequest = {
        idea: request.idea,
        pageCount: request.pageCount,
        readerAge: request.readerAge,
        language: request.language,
        tone: request.tone,
        artStyle: request.artStyle,
        characters: request.characters.map(({ name, traits }) => ({ name, traits })),
        targets: readingTargets(request.readerAge),
        ownWords,
        fixSpelling: ownWords !== null && request.fixSpelling,
        revision: null,
      };
      let story = await write(writer, storyRequest, generation.id, context.signal);
      let reading = judgeReading(measureReading(story.pages.map((page) => page.text), request.language), storyRequest.targets, request.readerAge);
      // The child's own words are never rewritten; a written story gets one try to fit its reader.
      if (!reading.fits && !ownWords) {
        log.info({ bookId: generation.book_id, problems: reading.problems }, 'the story does not fit its reader: asking for one revision');
        story = await write(writer, { ...storyRequest, revision: { previous: story, problems: reading.problems } }, generation.id, context.signal);
        reading = judgeReading(measureReading(story.pages.map((page) => page.text), request.language), storyRequest.targets, request.readerAge);
      }
      if (ownWords) {
        const written = story.pages;
        story = { ...story, pages: written.map((page, index) => ({ ...page, text: storyRequest.fixSpelling ? spellingFixesOnly(ownWords[index]!, page.text) : ownWords[index]! })) };
      }
      const writtenCast = castWithSavedCharacters(story.cast, request.characters);

      const moderation = await providers.moderation();
      const thresholds = await familyThresholds(db, generation.family_id);
      const writtenBlurb = story.blurb;
      const [pageChecks, blurbCrossings, lookCrossings] = await Promise.all([
        Promise.all(
          story.pages.map(async (page, index) => {
            // The title is the book's, shown before any page: it is checked with the first.
            const words = index === 0 ? `${story.title}\n${page.text}` : page.text;
            return crossings(await moderation.checkText(words, { signal: context.signal }), thresholds);
          }),
        ),
        writtenBlurb ? moderation.checkText(writtenBlurb, { signal: context.signal }).then((scores) => crossings(scores, thresholds)) : [],
        Promise.all(writtenCast.map(async (member) => crossings(await moderation.checkText(`${member.name}: ${member.look}`, { signal: context.signal }), thresholds))),
      ]);
      // A look is shown to everyone who meets the cast, a child too, and held by no page: past the limits it is not kept.
      const cast = writtenCast.map((member, index) => (lookCrossings[index]!.length > 0 ? { ...member, look: LOOK_NOT_KEPT } : member));
      if (lookCrossings.some((crossed) => crossed.length > 0)) log.info({ bookId: generation.book_id }, 'a look went past the family’s limits and was not kept');
      // A blurb is about the whole book, so no page is held for it: past the limits it is not kept, and the parent writes one.
      const blurb = blurbCrossings.length > 0 ? '' : writtenBlurb;
      if (blurbCrossings.length > 0) log.info({ bookId: generation.book_id }, 'the blurb went past the family’s limits and was not kept');

      const pages = await db
        .selectFrom('pages')
        .select(['id', 'seed_value'])
        .where('book_id', '=', generation.book_id)
        .where('deleted', '=', 0)
        .orderBy('order_index')
        .execute();
      // Every page starts from one seed, so a painter that cannot look at portraits still draws the cast alike.
      const bookSeed = randomSeed();
      let castStep: CastStep = 'waiting';
      await context.finish(async (trx) => {
        const now = isoNow(clock);
        await trx.updateTable('books').set({ title: story.title, blurb, reading_level: reading.summary, updated_at: now }).where('id', '=', generation.book_id).execute();
        const castIds = await storeCast(trx, generation.book_id, cast, now);
        for (const [index, page] of pages.entries()) {
          const written = story.pages[index]!;
          const held = pageChecks[index]!;
          await trx
            .updateTable('pages')
            .set({
              text_content: written.text,
              illustration_brief: written.illustrationBrief,
              cast_json: JSON.stringify(written.cast.map((name) => castIds.get(name.toLocaleLowerCase())).filter((id) => id !== undefined)),
              seed_value: page.seed_value ?? bookSeed,
              generate_status: held.length > 0 ? 'held' : 'generating',
              held_reason: held.length > 0 ? heldReason('words', held) : null,
              updated_at: now,
            })
            .where('id', '=', page.id)
            .execute();
          await recordPageVersion(trx, { pageId: page.id, reason: 'generated', memberId: null, now });
        }
        castStep = await startDrawingCast(deps, trx, generation);
      });
      deps.emit('library.changed', { bookId: generation.book_id });
      progress('story', 'done');
      announceCastStep(deps, generation, castStep);
    },
    async onFailed(job, error) {
      await deps.failGeneration(job.generation_id!, `The story could not be written: ${describeError(error)}`);
    },
  };
}

/**
 * The cast the story wrote, with the family's saved characters in it: a saved character keeps its
 * own traits as its look (the model's words for it only where it has none) and its reference picture.
 */
export function castWithSavedCharacters(written: CastMember[], saved: StoredRequest['characters']): BookCastMember[] {
  const cast: BookCastMember[] = written.map((member) => ({ ...member, characterId: null, referenceSha256: null }));
  for (const character of saved) {
    const look = character.traits.join(', ');
    const found = cast.find((member) => member.name.toLocaleLowerCase() === character.name.toLocaleLowerCase());
    if (found) Object.assign(found, { look: look || found.look, characterId: character.id, referenceSha256: character.referenceSha256 });
    else cast.push({ name: character.name, look: look || 'as the family describes them', characterId: character.id, referenceSha256: character.referenceSha256 });
  }
  return cast;
}

/** Adds the cast to the book; a saved character's reference picture is its portrait. Answers the ids by lower-cased name. */
async function storeCast(trx: Transaction<StoreSchema>, bookId: string, cast: BookCastMember[], now: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [index, member] of cast.entries()) {
    const id = newId();
    ids.set(member.name.toLocaleLowerCase(), id);
    await trx
      .insertInto('book_cast')
      .values({
        id,
        book_id: bookId,
        order_index: index,
        name: member.name,
        look: member.look,
        character_id: member.characterId,
        portrait_asset_sha256: member.referenceSha256,
        portrait_seed: null,
        portrait_problem: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  return ids;
}

/**
 * The child's words as pages, never changed: by their paragraphs when there are as many as pages,
 * otherwise sentence by sentence, as evenly as whole sentences allow. Too few sentences for the
 * pages is the family's to fix, and the window says so before anything is made (see `start`).
 */
export function splitIntoPages(words: string, pageCount: number): string[] {
  const paragraphs = words.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  if (paragraphs.length === pageCount) return paragraphs;
  const sentences = sentencesOf(words);
  if (sentences.length < pageCount) {
    throw new RangeError(`The words have ${sentences.length} ${sentences.length === 1 ? 'sentence' : 'sentences'}, fewer than the ${pageCount} pages.`);
  }
  const pages: string[] = [];
  let taken = 0;
  for (let page = 0; page < pageCount; page++) {
    const until = Math.round(((page + 1) * sentences.length) / pageCount);
    pages.push(sentences.slice(taken, until).join(' '));
    taken = until;
  }
  return pages;
}

export function sentencesOf(words: string): string[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  return Array.from(segmenter.segment(words.replace(/\s+/g, ' ')), (part) => part.segment.trim()).filter(Boolean);
}
