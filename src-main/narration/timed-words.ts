import type { ProviderCache } from '../generation/provider-cache';
import { ProviderError } from '../generation/providers/provider-errors';
import type { SpokenAudio, TranscriptionProvider } from '../generation/providers/provider-types';
import type { Logger } from '../logging';
import { decodeMp3, mp3DurationMs } from './audio';
import { timingsFromSyllables, timingsFromTranscript, type HeardWord, type WordTiming } from './word-timings';

export interface TimedWords {
  durationMs: number;
  words: WordTiming[];
  timing: 'transcript' | 'syllables';
}

/**
 * When each word of a page is said in its narration: from the transcription service where there
 * is one (what it heard is cached by the audio, so it is asked once), else from the audio alone.
 * A service that cannot transcribe this audio leaves the timing to the audio; one that is only busy
 * or away does too unless `retryLater`, where the caller (a queued job) would rather try again.
 */
export async function timeWords(input: {
  text: string;
  audio: SpokenAudio & { sha256: string };
  transcription: TranscriptionProvider | null;
  cache: ProviderCache;
  log: Logger;
  signal: AbortSignal;
  retryLater: boolean;
}): Promise<TimedWords> {
  const { text, audio, transcription, cache } = input;
  const durationMs = mp3DurationMs(audio.data);
  if (transcription) {
    const key = cache.keyOf('transcription', [transcription.id, transcription.model, audio.sha256]);
    try {
      let heard = await cache.text<HeardWord[]>(key);
      if (!heard) {
        heard = await transcription.heardWords(audio, { signal: input.signal });
        await cache.putText(key, 'transcription', heard);
      }
      return { durationMs, words: timingsFromTranscript(text, heard, durationMs), timing: 'transcript' };
    } catch (error) {
      const forGood = error instanceof ProviderError && (error.kind === 'permanent' || error.kind === 'malformed');
      if (input.retryLater && !forGood) throw error;
      input.log.warn({ err: error }, 'word timings come from the audio alone: the transcription service could not give them');
    }
  }
  return { durationMs, words: timingsFromSyllables(text, await decodeMp3(audio.data)), timing: 'syllables' };
}
