import { describe, expect, it } from 'vitest';
import { clockValue, wordClips } from './media-overlays';

const words = ['Once', 'upon', 'a', 'time.'];
const timed = (starts: number[]) => starts.map((startMs, index) => ({ word: words[index]!, startMs, endMs: startMs + 200 }));

describe('the clips a reading system plays, a word each', () => {
  it('runs each word’s clip to the next word’s start, the first from the start of the audio and the last to its end, so no pause is cut out', () => {
    expect(wordClips(timed([250, 600, 900, 1100]), words, 1500)).toEqual([
      { wordNumber: 1, beginMs: 0, endMs: 600 },
      { wordNumber: 2, beginMs: 600, endMs: 900 },
      { wordNumber: 3, beginMs: 900, endMs: 1100 },
      { wordNumber: 4, beginMs: 1100, endMs: 1500 },
    ]);
  });

  it.each([
    ['not one timing per word', timed([250, 600, 900]), 1500],
    ['another word', [...timed([250, 600, 900]), { word: 'times.', startMs: 1100, endMs: 1300 }], 1500],
    ['a word starting before the one before it', timed([250, 900, 600, 1100]), 1500],
    ['two words starting at once', timed([250, 600, 600, 1100]), 1500],
    ['a word starting after the audio ends', timed([250, 600, 900, 1600]), 1500],
  ])('has none for timings that cannot be clips: %s', (_, timings, durationMs) => {
    expect(wordClips(timings, words, durationMs)).toBeNull();
  });

  it('writes durations as SMIL clock values', () => {
    expect([clockValue(3456), clockValue(61_000.4), clockValue(3_723_005)]).toEqual(['0:00:03.456', '0:01:01.000', '1:02:03.005']);
  });
});
