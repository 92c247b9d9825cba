import { describe, expect, it } from 'vitest';
import { wordsMarkup } from './epub-documents';

const wordId = (wordNumber: number) => `w3-${wordNumber}`;

describe('a page’s words as the ebook sets them', () => {
  it('keeps the lines as print broke them, each word of the page in a span of its own', () => {
    expect(wordsMarkup('The moon   climbed up\nthe hill.', ['The moon climbed', 'up', 'the hill.'], wordId)).toBe(
      '<span id="w3-1">The</span> <span id="w3-2">moon</span> <span id="w3-3">climbed</span><br/><span id="w3-4">up</span><br/><span id="w3-5">the</span> <span id="w3-6">hill.</span>',
    );
  });

  it('keeps a word print split across two lines in one span, and a blank line between paragraphs', () => {
    expect(wordsMarkup('Supercalifragilistic fox.\n\nThe end', ['Supercalifragil', 'istic fox.', '', 'The end'], wordId)).toBe(
      '<span id="w3-1">Supercalifragil<br/>istic</span> <span id="w3-2">fox.</span><br/><br/><span id="w3-3">The</span> <span id="w3-4">end</span>',
    );
  });

  it('gives a word print leaves out (emoji only) an empty span, so the narration’s timing for it still has its place, and escapes what XML would read', () => {
    expect(wordsMarkup('Cats 🐱 & <dogs>', ['Cats & <dogs>'], wordId)).toBe('<span id="w3-1">Cats</span> <span id="w3-2"></span><span id="w3-3">&amp;</span> <span id="w3-4">&lt;dogs&gt;</span>');
  });

  it('refuses lines that are not the page’s words, rather than point the read-along at the wrong ones', () => {
    expect(() => wordsMarkup('The moon', ['The sun'], wordId)).toThrow(/“moon” is not where the layout has it/);
  });
});
