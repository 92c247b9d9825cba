import { describe, expect, it } from 'vitest';
import { spellingFixesOnly } from './spelling-fixes';

describe('fixing only the spelling of a child’s words', () => {
  it('takes corrections of misspelt words, in place, with everything around them unchanged', () => {
    expect(spellingFixesOnly('The dragun was verry hapy becuase it snowd!', 'The dragon was very happy because it snowed!')).toBe('The dragon was very happy because it snowed!');
    expect(spellingFixesOnly('Mia rode her bike.', 'Mia rode her bike.')).toBe('Mia rode her bike.');
  });

  it('keeps the child’s page when the model did anything more: a word changed for another, added, removed, moved, or punctuation changed', () => {
    const page = 'The dragun was sad.';
    for (const rewritten of ['The dragon was unhappy.', 'The big dragon was sad.', 'The dragon sad.', 'Sad was the dragon.', 'The dragon was sad!', 'The dragon, was sad.', 'The wyvern was sad.']) {
      expect(spellingFixesOnly(page, rewritten), rewritten).toBe(page);
    }
  });
});
