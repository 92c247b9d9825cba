/**
 * The words of a page as the reader lights them while it is read aloud, and as a narration's word
 * timings count them: one timing per word here, so the reader and the aligner must split alike.
 * A word is a run of non-space characters, punctuation and all ("Hello," is one word), so the
 * lit span covers exactly what is printed, and text in scripts without spaces stays whole.
 */
export interface PageWordSpan {
  word: string;
  /** Where the word starts and ends in the page's text, as the Web Speech API's charIndex counts. */
  start: number;
  end: number;
}

export function pageWordSpans(text: string): PageWordSpan[] {
  return Array.from(text.matchAll(/\S+/gu), (match) => ({ word: match[0], start: match.index, end: match.index + match[0].length }));
}

export function pageWords(text: string): string[] {
  return pageWordSpans(text).map((span) => span.word);
}
