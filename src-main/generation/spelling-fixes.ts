import { distance } from 'fastest-levenshtein';

/**
 * The child's words with only their spelling corrected: a model asked to fix spelling may not stop
 * there, so its page is taken only when every change is a word for a near spelling of itself, in
 * the same place, with the same spaces and punctuation around it. Otherwise the child's page stays
 * as written: "keep my words" means their words, spelling mistakes and all, over anyone's rewrite.
 */
export function spellingFixesOnly(original: string, corrected: string): string {
  const before = tokens(original);
  const after = tokens(corrected);
  if (before.length !== after.length) return original;
  for (const [index, token] of before.entries()) {
    const other = after[index]!;
    if (token.word !== other.word) return original;
    if (token.text === other.text) continue;
    if (!token.word || !isNearSpelling(token.text, other.text)) return original;
  }
  return corrected;
}

/** A misspelling is a letter or two off ("becuase" → "because"), a little more in a long word; never another word altogether. */
function isNearSpelling(word: string, fixed: string): boolean {
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLocaleLowerCase(), fixed.toLocaleLowerCase()) <= allowed && word[0]?.toLocaleLowerCase() === fixed[0]?.toLocaleLowerCase();
}

function tokens(text: string): { text: string; word: boolean }[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  return Array.from(segmenter.segment(text), (part) => ({ text: part.segment, word: part.isWordLike === true }));
}
