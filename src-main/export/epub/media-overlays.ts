import type { WordTimingView } from '../../../src-preload/contract';
import { escapeXml } from './xml';

/** The part of a page's audio that belongs to one word, in milliseconds from the start of the page's MP3. */
export interface WordClip {
  /** The word's place on the page, from 1. */
  wordNumber: number;
  beginMs: number;
  endMs: number;
}

/**
 * The clips a reading system plays for a page, one per word. It plays only the clips, skipping
 * whatever lies between them, so the pauses belong to the words too: each word's clip runs until
 * the next word starts, the first from the start of the audio and the last to its end, and the
 * page sounds as it was read. Null when the timings cannot be clips: not one per word of
 * `pageWords` in order, or not starting one after another inside the audio.
 */
export function wordClips(timings: WordTimingView[], pageWords: string[], durationMs: number): WordClip[] | null {
  if (timings.length === 0 || timings.length !== pageWords.length || timings.some((timing, index) => timing.word !== pageWords[index])) return null;
  const starts = timings.map((timing) => timing.startMs);
  if (starts.some((start, index) => start < 0 || (index > 0 && start <= starts[index - 1]!)) || starts.at(-1)! >= durationMs) return null;
  return starts.map((start, index) => ({ wordNumber: index + 1, beginMs: index === 0 ? 0 : start, endMs: starts[index + 1] ?? durationMs }));
}

/** SMIL's clock value, as media:duration takes it: hours, minutes and seconds to the millisecond. */
export function clockValue(ms: number): string {
  const whole = Math.round(ms);
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = (whole % 60_000) / 1000;
  return `${hours}:${String(minutes).padStart(2, '0')}:${seconds.toFixed(3).padStart(6, '0')}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)}s`;

/** A page's media overlay: one `<par>` a word, pointing at the word's span and at its clip of the page's audio. */
export function mediaOverlay(page: { href: string; audioHref: string; clips: WordClip[]; wordId: (wordNumber: number) => string }): string {
  const pars = page.clips.map(
    (clip) =>
      `    <par id="par-${escapeXml(page.wordId(clip.wordNumber))}">
      <text src="${escapeXml(`${page.href}#${page.wordId(clip.wordNumber)}`)}"/>
      <audio src="${escapeXml(page.audioHref)}" clipBegin="${seconds(clip.beginMs)}" clipEnd="${seconds(clip.endMs)}"/>
    </par>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" version="3.0">
  <body>
${pars.join('\n')}
  </body>
</smil>
`;
}
