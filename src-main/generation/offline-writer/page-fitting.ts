import { syllable } from 'syllable';
import type { ReadingTargets } from '../providers/provider-types';
import { countWords } from './english';

/** Sentences as the writer makes them: each ends with . ! or ?, perhaps followed by a closing quote. */
const countSentences = (text: string) => Math.max(1, text.match(/[.!?]+["”’')]*(?=\s|$)/g)?.length ?? 0);

export function fitsTargets(text: string, targets: ReadingTargets): boolean {
  const words = countWords(text);
  return words <= targets.wordsPerPage && words / countSentences(text) <= targets.wordsPerSentence;
}

/**
 * The order to try a beat's lines in, written long to short: a reader of six or more gets the
 * longest that fits; a younger one the middle, one short sentence, first, then for a reader of
 * four or five the long one, and for the youngest the shortest. `turn` moves a beat met again
 * further along its lines, so a long book's second pass reads differently.
 */
export function lineOrder(count: number, readerAge: number, turn = 0): number[] {
  const natural = Array.from({ length: count }, (_, index) => index);
  const [longest, ...shorter] = natural;
  const preferred = readerAge >= 6 || count < 2 ? natural : readerAge >= 4 ? [shorter[0]!, longest!, ...shorter.slice(1)] : [...shorter, longest!];
  const shift = turn % count;
  return [...preferred.slice(shift), ...preferred.slice(0, shift)];
}

/** What the Flesch-Kincaid grade is made of, added up page by page. */
export interface ReadingTally {
  words: number;
  sentences: number;
  syllables: number;
}

export const EMPTY_TALLY: ReadingTally = { words: 0, sentences: 0, syllables: 0 };
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

export function tally(text: string, before: ReadingTally = EMPTY_TALLY): ReadingTally {
  const words = Array.from(wordSegmenter.segment(text)).filter((part) => part.isWordLike);
  return {
    words: before.words + words.length,
    sentences: before.sentences + countSentences(text),
    syllables: before.syllables + words.reduce((sum, part) => sum + Math.max(1, syllable(part.segment)), 0),
  };
}

/**
 * The school grade a text reads at (Flesch-Kincaid). It weighs long words far above long
 * sentences, so for a young reader "Pip ran to the big red hill." reads easier than "Rosie
 * whispered.": the writer keeps the whole story's grade in its band as it goes.
 */
export const gradeOf = ({ words, sentences, syllables }: ReadingTally) => (words === 0 ? 0 : 0.39 * (words / Math.max(1, sentences)) + 11.8 * (syllables / words) - 15.59);
