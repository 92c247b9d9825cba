import { InvalidInputError } from '../errors';
import type { DecodedAudio } from './audio';
import { findSilences } from './word-timings';

/** The longest recording of one page a member may keep. */
export const MAX_RECORDING_SECONDS = 180;
/** Quiet kept before the first word and after the last, so the voice does not start or stop abruptly. */
const KEPT_QUIET_MS = 150;
/** Less sound than this, once the quiet is trimmed, is no reading of a page. */
const SHORTEST_READING_MS = 300;

/**
 * A recording as the window sends it: mono 16-bit little-endian PCM, base64, at its rate. (The
 * window decodes what the microphone gave, so the core needs no decoder for every browser's format.)
 */
export function recordedSamples(base64: string, sampleRate: number): DecodedAudio {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) throw new InvalidInputError('The recording is cut short: send it again.');
  const samples = new Float32Array(bytes.length / 2);
  for (let index = 0; index < samples.length; index++) samples[index] = bytes.readInt16LE(index * 2) / 32768;
  const durationMs = (samples.length / sampleRate) * 1000;
  if (durationMs > MAX_RECORDING_SECONDS * 1000) throw new InvalidInputError(`A page's recording can be at most ${MAX_RECORDING_SECONDS / 60} minutes.`);
  return { samples, sampleRate, durationMs };
}

/** The recording without the quiet before the reader began and after they stopped; refused when nothing was heard. */
export function trimmedOfQuiet(audio: DecodedAudio): DecodedAudio {
  const silences = findSilences(audio);
  const leading = silences[0]?.startMs === 0 ? silences[0].endMs : 0;
  const lastSilence = silences.at(-1);
  const trailing = lastSilence && lastSilence.endMs >= Math.floor(audio.durationMs) && lastSilence.startMs > 0 ? lastSilence.startMs : audio.durationMs;
  if (leading >= Math.floor(audio.durationMs) || trailing - leading < SHORTEST_READING_MS) {
    throw new InvalidInputError('Nothing was heard in that recording: check the microphone, and read the page again.');
  }
  const perMs = audio.sampleRate / 1000;
  const from = Math.max(0, Math.floor((leading - KEPT_QUIET_MS) * perMs));
  const to = Math.min(audio.samples.length, Math.ceil((trailing + KEPT_QUIET_MS) * perMs));
  const samples = audio.samples.slice(from, to);
  return { samples, sampleRate: audio.sampleRate, durationMs: (samples.length / audio.sampleRate) * 1000 };
}
