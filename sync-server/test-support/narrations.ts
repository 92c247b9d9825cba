import { createHash } from 'node:crypto';
import { pageWords } from '@storysprout/shared/page-words';
import { encodeMp3 } from '../../src-main/narration/audio';

const RATE = 16_000;
const sha256Of = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A page's words read aloud, as a device syncs it: an MP3 with a tone a word (its pitch from the
 * word and the reader, so other words or readers make other bytes), 300 ms each after 100 ms of
 * quiet, and the page_narrations fields that go with it, accepted unless `approved` says otherwise.
 */
export async function narrationOf(text: string, options: { readerName?: string; approved?: 0 | 1 } = {}) {
  const readerName = options.readerName ?? 'Grandpa';
  const pitchOf = (word: string) => [...word].reduce((sum, char) => sum + char.codePointAt(0)!, 0);
  const words: { word: string; startMs: number; endMs: number }[] = [];
  let atMs = 0;
  for (const word of pageWords(text)) {
    words.push({ word, startMs: atMs + 100, endMs: atMs + 400 });
    atMs += 400;
  }
  const samples = new Float32Array(Math.round(((atMs + 100) * RATE) / 1000));
  for (const { word, startMs, endMs } of words) {
    const hz = 200 + ((pitchOf(word) + pitchOf(readerName)) % 400);
    for (let at = (startMs * RATE) / 1000; at < (endMs * RATE) / 1000; at++) samples[at] = 0.3 * Math.sin((2 * Math.PI * hz * at) / RATE);
  }
  const mp3 = await encodeMp3(samples, RATE);
  const sha256 = sha256Of(mp3);
  return {
    mp3,
    sha256,
    words,
    fields: {
      audio_asset_sha256: sha256,
      source: 'recorded',
      reader_name: readerName,
      text_digest: sha256Of(text),
      duration_ms: atMs + 100,
      words_json: JSON.stringify(words),
      timing: 'syllables',
      approved: options.approved ?? 1,
    },
  };
}
