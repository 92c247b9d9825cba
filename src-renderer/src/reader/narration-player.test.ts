import { describe, expect, it } from 'vitest';
import { wordAt } from './narration-player';

const words = [
  { word: 'Once', startMs: 200, endMs: 500 },
  { word: 'upon', startMs: 620, endMs: 900 },
  { word: 'a', startMs: 900, endMs: 1000 },
  { word: 'time.', startMs: 1400, endMs: 1900 },
];

describe('the word being said', () => {
  it('is none before the first word, each word from its start, and the last said through the pause after it', () => {
    expect(wordAt(words, 0)).toBeNull();
    expect(wordAt(words, 199)).toBeNull();
    expect(wordAt(words, 200)).toBe(0);
    expect(wordAt(words, 560)).toBe(0);
    expect(wordAt(words, 900)).toBe(2);
    expect(wordAt(words, 1200)).toBe(2);
    expect(wordAt(words, 5000)).toBe(3);
    expect(wordAt([], 100)).toBeNull();
  });
});
