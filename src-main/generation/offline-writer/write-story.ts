import { hashToSeed, pick, seededRandom } from '../seeded-random';
import type { StoryDraft, StoryPage, StoryRequest } from '../providers/provider-types';
import { buildCast, type Cast, type Character } from './cast';
import { baseFromThirdPerson, capitaliseSentences, joinNames, numberWord } from './english';
import { parseIdea, type ParsedIdea } from './idea';
import { closingFromIdea, openingFromIdea } from './idea-lines';
import { keepOwnWords } from './own-words';
import { EMPTY_TALLY, fitsTargets, gradeOf, lineOrder, tally, type ReadingTally } from './page-fitting';
import { COUNTED_THINGS, INTERJECTIONS, SHAPES, SHARED_MIDDLES, SMALLEST_LINES, type Beat, type Role, type StoryShape, type Tone } from './story-shapes';
import { titleFor } from './title';
import { blurbFor } from './blurb';

/**
 * The offline writer: a story built on this computer from a shape chosen by the tone and the
 * idea, with the idea worked into its first and last pages, a cast with fixed looks, and every
 * page cut to the reader's targets. The same request always gives the same draft.
 */
export function writeOfflineStory(request: StoryRequest): StoryDraft {
  const random = seededRandom(hashToSeed(`${request.idea}|${request.pageCount}|${request.tone}|${request.readerAge}`));
  const idea = parseIdea(request.idea);
  if (request.ownWords) return keepOwnWords({ request, ownWords: request.ownWords, idea, random });

  const cast = buildCast({ characters: request.characters, idea, random, readerAge: request.readerAge });
  const shape = chooseShape(request.tone, idea, random);
  const topic = idea.topic ? fillFigures(idea.topic.phrase, cast) : null;
  const plan = planPages(request.pageCount, shape, idea, topic, cast, random);
  const interjections = INTERJECTIONS[request.tone as Tone] ?? INTERJECTIONS.gentle;
  const writeAll = (mindGrade: boolean) => {
    let sofar = EMPTY_TALLY;
    return plan.map((parts, index) => {
      const page = writePage({ parts, index, cast, request, interjections, sofar: mindGrade ? sofar : null });
      sofar = tally(page.text, sofar);
      return page;
    });
  };
  // Written as preferred first; only a story that reads above its grade is written again, page by page with an eye on it.
  const preferred = writeAll(false);
  const pages = gradeOf(preferred.reduce((sofar, page) => tally(page.text, sofar), EMPTY_TALLY)) <= request.targets.grade.max ? preferred : writeAll(true);

  return {
    title: titleFor({ idea, typedIdea: request.idea, cast, topic, shapeTitles: shape.titles }),
    blurb: blurbFor(shape.blurbs, cast, request.idea, random),
    cast: cast.members.map(({ name, look }) => ({ name, look })),
    pages: withDistinctBriefs(pages),
  };
}

/**
 * A long book comes back to a scene ("Pip and Bea in the kitchen"): each page's picture is its
 * own, so a scene met before says what happens on this page too.
 */
function withDistinctBriefs(pages: StoryPage[]): StoryPage[] {
  const seen = new Set<string>();
  return pages.map((page) => {
    const brief = seen.has(page.illustrationBrief) ? `${page.illustrationBrief}: ${page.text}` : page.illustrationBrief;
    seen.add(brief);
    return { ...page, illustrationBrief: brief };
  });
}

/** The idea's topic with the cast members it names: "{f0}'s garden" → "Grandpa's garden". */
const fillFigures = (phrase: string, cast: Cast) => phrase.replace(/\{f(\d+)\}/g, (_, index: string) => cast.figures[Number(index)]?.name ?? '').replaceAll('{hero}', cast.hero.name);

/** A shape the tone suits, more likely still when the idea's words belong to it. */
function chooseShape(tone: string, idea: ParsedIdea, random: () => number): StoryShape {
  const words = new Set([...idea.words].flatMap((word) => [word, baseFromThirdPerson(word)]));
  const weights = SHAPES.map((shape) => {
    const hits = shape.keywords.filter((keyword) => words.has(keyword)).length;
    // Squared, so an idea's words outweigh the tone: "learns to ride a bike" is a first time, whatever the tone.
    return (shape.tones[tone as Tone] ?? 0.3) * (1 + 3 * hits) ** 2;
  });
  let roll = random() * weights.reduce((sum, weight) => sum + weight, 0);
  return SHAPES.find((_, index) => (roll -= weights[index]!) < 0) ?? SHAPES[0]!;
}

interface Part {
  beat: Beat;
  /** A shape's line follows the reader's age; the idea's lines are tried long first, since they carry the idea. */
  fromIdea: boolean;
  /** How many times this beat was used before in the book. */
  turn: number;
  counted?: string;
}

const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
};

/**
 * Which beats make each page: the opening, the friend's meeting, the rest of the cast, the
 * middles and the closing. The idea's first line goes where the one it is about first appears:
 * the opening for the hero, the meeting for the friend, a page of their own for anyone else.
 */
function planPages(pageCount: number, shape: StoryShape, idea: ParsedIdea, topic: string | null, cast: Cast, random: () => number): Part[][] {
  const part = (beat: Beat, fromIdea = false, turn = 0): Part => ({ beat, fromIdea, turn });
  const ideaOpening = openingFromIdea(idea, topic);
  const ideaClosing = closingFromIdea(idea);
  const withIdea = (beat: Beat, idea: Beat | null, ideaFirst: boolean) => (idea ? (ideaFirst ? [part(idea, true), part(beat)] : [part(beat), part(idea, true)]) : [part(beat)]);
  const doerIsNew = cast.doer !== cast.hero && cast.doer !== cast.friend;

  const first = withIdea(pick(random, shape.openings), cast.doer === cast.hero ? ideaOpening : null, false);
  const meeting = withIdea(pick(random, shape.meetings), cast.doer === cast.friend ? ideaOpening : null, false);
  const last = withIdea(pick(random, shape.closings), ideaClosing, true);

  const newcomers = cast.others.filter((member) => member !== cast.doer);
  const middles: Part[][] = [];
  if (doerIsNew) middles.push(withIdea({ shows: ['hero', 'doer'], scene: '{shown} meeting for the first time', lines: ['Then {hero} met {doerIntro}.', 'Then {hero} met {doer}.'] }, ideaOpening, false));
  if (newcomers.length > 0) middles.push([part({ shows: ['hero', 'others'], scene: '{shown} gathered together, waving hello', lines: ['Soon {others} came along to join {hero}.', '{others} came along too.', 'Then came {others}.'] })]);
  const pool = [...shuffled(shape.middles, random), ...shuffled(SHARED_MIDDLES, random)];
  const thingsOffset = Math.floor(random() * COUNTED_THINGS.length);
  for (let index = 0; middles.length < pageCount - 3; index++) {
    const middle = part(pool[index % pool.length]!, false, Math.floor(index / pool.length));
    middle.counted = `${numberWord((index % 9) + 2)} ${COUNTED_THINGS[(index + thingsOffset) % COUNTED_THINGS.length]}`;
    middles.push([middle]);
  }
  // A short book has room for the one the idea is about, not always for every other newcomer.
  return [first, meeting, ...middles.slice(0, pageCount - 3), last];
}

function whoFor(role: Role, cast: Cast): Character[] {
  if (role === 'hero') return [cast.hero];
  if (role === 'friend') return [cast.friend];
  if (role === 'doer') return [cast.doer];
  return cast.others.filter((member) => member !== cast.doer);
}

/** A line with the cast's names in it; null when it needs an introduction the character does not have. */
function fillLine(line: string, cast: Cast, counted: string | undefined): string | null {
  const introductions = { '{heroIntro}': cast.hero, '{friendIntro}': cast.friend, '{doerIntro}': cast.doer };
  if (Object.entries(introductions).some(([slot, member]) => line.includes(slot) && !member.introduction)) return null;
  const filled = line
    .replaceAll('{heroIntro}', cast.hero.introduction ?? '')
    .replaceAll('{friendIntro}', cast.friend.introduction ?? '')
    .replaceAll('{doerIntro}', cast.doer.introduction ?? '')
    .replaceAll('{hero}', cast.hero.name)
    .replaceAll('{friend}', cast.friend.name)
    .replaceAll('{doer}', cast.doer.name)
    .replaceAll('{others}', joinNames(whoFor('others', cast).map((member) => member.name)))
    .replaceAll('{counted}', counted ?? 'lots of things');
  return capitaliseSentences(filled);
}

interface Candidate {
  text: string;
  parts: Part[];
}

/** Every way to write a page from its parts, best first: all parts before fewer, preferred lines before others. */
function candidates(parts: readonly Part[], cast: Cast, readerAge: number): Candidate[] {
  const options = parts.map((part) => {
    const byAge = part.fromIdea ? part.beat.lines.map((_, index) => index) : lineOrder(part.beat.lines.length, readerAge, part.turn);
    // A line that says what the hero or the friend is ("a penguin called Pip") goes first wherever it fits.
    const introduces = (index: number) => /\{(hero|friend|doer)Intro\}/.test(part.beat.lines[index]!);
    const order = [...byAge.filter(introduces), ...byAge.filter((index) => !introduces(index))];
    return order.map((index) => fillLine(part.beat.lines[index]!, cast, part.counted)).map((text, rank) => ({ text, rank, part }));
  });
  const subsets = parts.length === 2 ? [[0, 1], ...(parts[0]!.fromIdea ? [[0], [1]] : [[1], [0]])] : [[0]];
  return subsets.flatMap((subset) => {
    const combos = subset.reduce<{ text: string[]; rank: number; parts: Part[] }[]>(
      (sofar, partIndex) => sofar.flatMap((combo) => options[partIndex]!.filter((option) => option.text !== null).map((option) => ({ text: [...combo.text, option.text!], rank: combo.rank + option.rank, parts: [...combo.parts, option.part] }))),
      [{ text: [], rank: 0, parts: [] }],
    );
    return combos.sort((a, b) => a.rank - b.rank).map((combo) => ({ text: combo.text.join(' '), parts: combo.parts }));
  });
}

const mentions = (text: string, member: Character) => new RegExp(`(^|[^\\p{L}\\p{N}])${member.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(text);

/**
 * One page: the most preferred way to write it that fits the targets (with a one-word sentence
 * added to shorten the average only if nothing fits without) and, given the story so far, keeps
 * it within its grade. The idea's line is kept even when it reads a little hard: a story that
 * loses the idea is worse. Else the fitting one that reads easiest, else the smallest line.
 */
function writePage(input: { parts: Part[]; index: number; cast: Cast; request: StoryRequest; interjections: string[]; sofar: ReadingTally | null }): StoryPage {
  const { parts, index, cast, request, sofar } = input;
  const { targets } = request;
  const shown = (chosen: readonly Part[]) => [...new Set(chosen.flatMap((part) => part.beat.shows.flatMap((role) => whoFor(role, cast))))];
  const namesShown = (candidate: Candidate) => shown(candidate.parts).some((member) => mentions(candidate.text, member));
  const all = candidates(parts, cast, request.readerAge).filter(namesShown);
  const interjection = input.interjections[index % input.interjections.length]!;
  const fits = (candidate: Candidate) => fitsTargets(candidate.text, targets);
  // "Wow!" after a page shortens its average sentence, but reads oddly where it is not needed.
  const fitting = all.some(fits) ? all.filter(fits) : all.map((candidate) => ({ ...candidate, text: `${candidate.text} ${interjection}` })).filter(fits);
  const gradeWith = (candidate: Candidate) => (sofar ? gradeOf(tally(candidate.text, sofar)) : 0);
  const withinGrade = (candidate: Candidate) => gradeWith(candidate) <= targets.grade.max;
  const easiest = (among: Candidate[]) => among.reduce<Candidate | undefined>((best, candidate) => (best && gradeWith(best) <= gradeWith(candidate) ? best : candidate), undefined);
  const whole = (candidate: Candidate) => candidate.parts.length === parts.length;
  const keepsIdea = (candidate: Candidate) => !parts.some((part) => part.fromIdea) || candidate.parts.some((part) => part.fromIdea);
  const chosen =
    fitting.find((candidate) => whole(candidate) && withinGrade(candidate)) ??
    fitting.find((candidate) => keepsIdea(candidate) && withinGrade(candidate)) ??
    easiest(fitting.filter(keepsIdea)) ??
    easiest(fitting) ??
    smallestPage(parts, cast, index);

  const members = cast.members.filter((member) => shown(chosen.parts).includes(member) || mentions(chosen.text, member));
  // The idea's own scene ("Pip opening a bakery on an iceberg") says more than the shape's.
  const sceneFrom = [...chosen.parts].sort((a, b) => Number(b.fromIdea) - Number(a.fromIdea)).find((part) => part.beat.scene) ?? parts.find((part) => part.beat.scene)!;
  const scene = sceneFrom.beat.scene
    .replaceAll('{shown}', joinNames(members.map((member) => member.name)))
    .replaceAll('{doer}', cast.doer.name);
  return { text: chosen.text, illustrationBrief: capitaliseSentences(scene), cast: members.map((member) => member.name) };
}

/** The shortest page there is, naming who the page is about, for targets nothing else fits. */
function smallestPage(parts: readonly Part[], cast: Cast, index: number): Candidate {
  const main = parts.find((part) => !part.fromIdea) ?? parts[0]!;
  const [member] = whoFor(main.beat.shows[0]!, cast);
  const text = SMALLEST_LINES[index % SMALLEST_LINES.length]!.replace('{name}', (member ?? cast.hero).name);
  return { text: capitaliseSentences(text), parts: [{ ...main, beat: { ...main.beat, shows: [main.beat.shows[0]!] } }] };
}
