import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageWords, pageWordSpans } from './page-words';

describe('the words of a page as the reader lights them', () => {
  it('splits on spaces and keeps punctuation with its word', () => {
    expect(pageWords('“Hello,” said Hazel. Don’t   stop—swim!')).toEqual(['“Hello,”', 'said', 'Hazel.', 'Don’t', 'stop—swim!']);
  });

  it('has no words in an empty or blank page', () => {
    expect(pageWords('')).toEqual([]);
    expect(pageWords(' \n\t ')).toEqual([]);
  });

  it('splits on line breaks and wide spaces too, and keeps a line without spaces whole', () => {
    expect(pageWords('Once upon\na time\u3000猫が走った。')).toEqual(['Once', 'upon', 'a', 'time', '猫が走った。']);
  });

  it('tells where each word is in the text, for the voice’s position to light it', () => {
    expect(pageWordSpans(' Hi, Otto!')).toEqual([
      { word: 'Hi,', start: 1, end: 4 },
      { word: 'Otto!', start: 5, end: 10 },
    ]);
  });

  it('loses nothing but the spaces, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const spans = pageWordSpans(text);
        expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(pageWords(text));
        expect(pageWords(text).join('')).toBe(text.replace(/\s/gu, ''));
        for (const [index, span] of spans.entries()) expect(span.start).toBeGreaterThanOrEqual(spans[index - 1]?.end ?? 0);
      }),
    );
  });
});
