/**
 * How hard a story is to read, against what suits the child it is read to. The pipeline asks the
 * story model for a revision with `problems` when a draft is off, and the book screen shows
 * `summary` to the parent.
 */
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import type { ReadingTargets } from './providers/provider-types';

/**
 * What suits a picture book a parent reads aloud, by the child's age.
 *
 * Words on a page:
 * - Board books for toddlers carry 0–200 words over 8–24 pages (https://cbiclubhouse.com/tag/board-books);
 *   Premium Joy counted 3–13 words a page in board books and 6–20 in picture books
 *   (https://www.prnewswire.com/news-releases/premium-joy-has-created-an-online-tool-that-calculates-the-optimum-number-of-words-for-picture-books-based-on-page-count-301830830.html).
 * - Picture books for ages 3–8 run to 1,000 words or less, 500–800 most often, over 32 pages
 *   (https://cbiclubhouse.com/tag/beginner-tips); 32-page picture books for 4–8 are "usually 1500
 *   words" (http://savvyauntie.com/ExpertiseDetails.aspx?GroupId=19&Id=138&Name=Part+1+-+The+Smartest+Aunt+in+the+Bookstore).
 *   With about 14 text pages that is some 35–100 words a page, and chapter books for 7–10 go far
 *   beyond (6,000–15,000 words over 64–96 pages, cbiclubhouse above).
 * Our judgement: 15 words at 2 (above the board-book counts, since a StorySprout book tells a story
 * on fewer pages), rising by about 5 a year to 60 at 10, the top of what a parent reads aloud on one
 * page before the picture stops carrying it.
 *
 * Words in a sentence: early readers use "grammatically simple sentences, typically one idea per
 * sentence" and 2–5 sentences a page (http://rt19writers.blogspot.com/2014/06/easy-readers-not-so-easy-to-write-by.html);
 * levelled readers start with "one short sentence with simple syntax" (https://riverdalereaders.com/?page_id=137).
 * No source gives a figure by age, so 6 at 2 rising to 14 at 10 is our judgement, chosen so that,
 * with the 1.15–1.3 syllables a word we expect of picture-book text (our estimate), the Flesch-Kincaid formula
 * (0.39 × words per sentence + 11.8 × syllables per word − 15.59) lands inside the grade band below.
 *
 * Flesch-Kincaid grade: the formula gives a US school grade (https://en.wikipedia.org/wiki/Flesch%E2%80%93Kincaid_readability_tests);
 * "US grade level 1 corresponds to ages 6 to 8" (https://proofreadbot.com/). Children understand more by ear than they can read themselves
 * (Shanahan, http://www.readingrockets.org/blog/does-listening-deficit-predict-reading-deficit), and
 * much-read picture books measure well above their readers' age: Where the Wild Things Are has a
 * Scholastic grade equivalent of 3.4 (http://sblack1.booklikes.com/blog), Beatrix Potter's tales read
 * at grades 2–5 while suiting two-year-olds (http://charlottemasoninsantamonica.blogspot.com/2014/03/the-tales-of-beatrix-potter.html?m=0),
 * and Dr Seuss sits near 0.5 on Renaissance's scale (https://tes.com/magazine/archive/exclusive-hardest-and-easiest-books-children-revealed).
 * So the bands sit a little above the child's own school grade: at most 1 for 2–3 (their floor is the
 * formula's own, −3.4: nothing is too simple for a toddler), 0–2 for 4–6, 1–3 for 7–8 and 2–5 for
 * 9–10. Where the sources give no figure, these bands are our judgement.
 */
const TARGETS_BY_AGE: Record<number, ReadingTargets> = {
  2: { wordsPerPage: 15, wordsPerSentence: 6, grade: { min: -3.4, max: 1 } },
  3: { wordsPerPage: 20, wordsPerSentence: 7, grade: { min: -3.4, max: 1 } },
  4: { wordsPerPage: 25, wordsPerSentence: 8, grade: { min: 0, max: 2 } },
  5: { wordsPerPage: 30, wordsPerSentence: 8, grade: { min: 0, max: 2 } },
  6: { wordsPerPage: 35, wordsPerSentence: 9, grade: { min: 0, max: 2 } },
  7: { wordsPerPage: 40, wordsPerSentence: 10, grade: { min: 1, max: 3 } },
  8: { wordsPerPage: 45, wordsPerSentence: 11, grade: { min: 1, max: 3 } },
  9: { wordsPerPage: 55, wordsPerSentence: 13, grade: { min: 2, max: 5 } },
  10: { wordsPerPage: 60, wordsPerSentence: 14, grade: { min: 2, max: 5 } },
};
const YOUNGEST = 2;
const OLDEST = 10;

/**
 * A story far below the band is fine read aloud to a small child, and rhyme and repetition keep
 * picture books low; from 7 on, a story more than this many grades under the band's floor is
 * called too simple (our judgement: Green Eggs and Ham, at −1.3, is then too simple for 7 and up).
 */
const FAR_BELOW_GRADES = 2;
const OLD_ENOUGH_FOR_TOO_SIMPLE = 7;

/** Up to this far over a target a story is "a little hard"; beyond, "too hard" (our judgement). */
const A_LITTLE_OVER_GRADES = 1.5;
const A_LITTLE_OVER_RATIO = 1.25;

/** Targets for a reader of this age (2–10). */
export function readingTargets(readerAge: number): ReadingTargets {
  const targets = TARGETS_BY_AGE[Math.min(OLDEST, Math.max(YOUNGEST, Math.round(readerAge)))];
  if (!targets) throw new RangeError(`No reading targets for a reader aged ${readerAge}`);
  return targets;
}

export interface ReadingMeasure {
  language: string;
  words: number;
  sentences: number;
  /** Most words on one page, and the average. */
  wordsPerPage: { max: number; average: number };
  /** Average words per sentence. */
  wordsPerSentence: number;
  /** Average letters per word. */
  lettersPerWord: number;
  /** Flesch-Kincaid grade, English only (null for other languages, and for a story with no words). */
  grade: number | null;
}

/**
 * Titles ICU's sentence breaker ends a sentence after ("Mr. Fox" would be two sentences): V8
 * ignores the locale option that would suppress these, so the common ones are joined here.
 */
const TITLES_BEFORE_NAMES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'sr', 'sra', 'srta', 'm', 'mme', 'mlle']);

export function measureReading(pages: string[], language: string): ReadingMeasure {
  const { locale, english } = readLanguage(language);
  const sentenceSegmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const wordSegmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  const wordsIn = (text: string) => Array.from(wordSegmenter.segment(text), (part) => (part.isWordLike ? part.segment : null)).filter((word) => word !== null);

  const allWords: string[] = [];
  const wordsOnEachPage: number[] = [];
  let sentences = 0;
  for (const page of pages) {
    let wordsOnPage = 0;
    let previousWords: string[] | null = null;
    for (const { segment } of sentenceSegmenter.segment(page)) {
      const words = wordsIn(segment);
      // A run of "...!!!" or a stray closing quote is a segment of its own, not a sentence.
      if (words.length === 0) continue;
      const lastWord = previousWords?.at(-1)?.toLowerCase();
      // ICU ends a sentence at `"Wait!"` even when `said Bo.` carries on after it.
      const continues = lastWord !== undefined && (startsLowercase(segment) || TITLES_BEFORE_NAMES.has(lastWord));
      if (!continues) sentences += 1;
      allWords.push(...words);
      wordsOnPage += words.length;
      previousWords = words;
    }
    wordsOnEachPage.push(wordsOnPage);
  }

  const words = allWords.length;
  const letters = allWords.reduce((sum, word) => sum + (word.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
  // Every spoken word has a syllable, though `syllable` gives digits none.
  const syllables = allWords.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0);
  return {
    language,
    words,
    sentences,
    wordsPerPage: { max: Math.max(0, ...wordsOnEachPage), average: pages.length > 0 ? words / pages.length : 0 },
    wordsPerSentence: sentences > 0 ? words / sentences : 0,
    lettersPerWord: words > 0 ? letters / words : 0,
    grade: english && words > 0 ? fleschKincaid({ sentence: sentences, word: words, syllable: syllables }) : null,
  };
}

/** The story's language code is whatever the family or the CLI gave; a malformed one is segmented by the default rules. */
function readLanguage(language: string): { locale: string | undefined; english: boolean } {
  try {
    const locale = new Intl.Locale(language);
    return { locale: locale.baseName, english: locale.language === 'en' };
  } catch {
    return { locale: undefined, english: false };
  }
}

function startsLowercase(text: string): boolean {
  const firstLetter = text.match(/\p{L}/u)?.[0];
  return firstLetter !== undefined && /\p{Ll}/u.test(firstLetter);
}

export interface ReadingVerdict {
  fits: boolean;
  /** For a revision request to the story model: each thing that is off, with the measured figure and the target, in plain English. Empty when it fits. */
  problems: string[];
  /** For the book screen: "About right for 5" or what is off ("A little hard for 5: sentences average 14 words; aim for 8 or fewer"). */
  summary: string;
}

interface Finding {
  /** For the story model. */
  problem: string;
  /** For the parent: what was measured, and what to aim for. */
  said: string;
  aim: string;
  kind: 'hard' | 'simple';
  onlyALittle: boolean;
}

export function judgeReading(measure: ReadingMeasure, targets: ReadingTargets, readerAge: number): ReadingVerdict {
  const findings: Finding[] = [];
  const age = `a ${readerAge}-year-old`;
  // Compared as shown, so "sentences average 8 words" is never called over a target of 8.
  const grade = measure.grade === null ? null : oneDecimal(measure.grade);
  const wordsPerSentence = oneDecimal(measure.wordsPerSentence);

  if (grade !== null && grade > targets.grade.max) {
    findings.push({
      problem: `The text reads at Flesch-Kincaid grade ${grade}, above grade ${targets.grade.max}, the most for ${age}; use shorter sentences and shorter, everyday words.`,
      said: `it reads at school grade ${grade}`,
      aim: `aim for grade ${targets.grade.max} or below`,
      kind: 'hard',
      onlyALittle: grade - targets.grade.max <= A_LITTLE_OVER_GRADES,
    });
  }
  if (wordsPerSentence > targets.wordsPerSentence) {
    findings.push({
      problem: `Sentences average ${wordsPerSentence} words; keep them to ${targets.wordsPerSentence} words or fewer on average for ${age}.`,
      said: `sentences average ${wordsPerSentence} words`,
      aim: `aim for ${targets.wordsPerSentence} or fewer`,
      kind: 'hard',
      onlyALittle: wordsPerSentence <= targets.wordsPerSentence * A_LITTLE_OVER_RATIO,
    });
  }
  if (measure.wordsPerPage.max > targets.wordsPerPage) {
    findings.push({
      problem: `The longest page has ${measure.wordsPerPage.max} words; keep every page to ${targets.wordsPerPage} words or fewer for ${age}.`,
      said: `one page has ${measure.wordsPerPage.max} words`,
      aim: `aim for ${targets.wordsPerPage} or fewer`,
      kind: 'hard',
      onlyALittle: measure.wordsPerPage.max <= targets.wordsPerPage * A_LITTLE_OVER_RATIO,
    });
  }
  if (grade !== null && readerAge >= OLD_ENOUGH_FOR_TOO_SIMPLE && grade < targets.grade.min - FAR_BELOW_GRADES) {
    findings.push({
      problem: `The text reads at Flesch-Kincaid grade ${grade}, far below grade ${targets.grade.min}, the least for ${age}; use some longer sentences and a few richer words.`,
      said: `the wording is very simple (school grade ${grade})`,
      aim: `aim for grade ${targets.grade.min} to ${targets.grade.max}`,
      kind: 'simple',
      onlyALittle: false,
    });
  }

  if (findings.length === 0) return { fits: true, problems: [], summary: `About right for ${readerAge}` };
  const details = findings.map((finding, index) => `${index === 0 ? finding.said : capitalise(finding.said)}; ${finding.aim}`).join('. ');
  return { fits: false, problems: findings.map((finding) => finding.problem), summary: `${headline(findings)} for ${readerAge}: ${details}` };
}

function headline(findings: Finding[]): string {
  const hard = findings.filter((finding) => finding.kind === 'hard');
  if (hard.length === 0) return 'Too simple';
  if (hard.length < findings.length) return 'Not quite right';
  return hard.every((finding) => finding.onlyALittle) ? 'A little hard' : 'Too hard';
}

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
