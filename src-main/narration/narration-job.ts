import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { JobKindSpec } from '../generation/job-queue';
import type { ProviderCache } from '../generation/provider-cache';
import { ProviderError } from '../generation/providers/provider-errors';
import type { ProviderRegistry } from '../generation/providers/provider-registry';
import type { SpokenAudio, TranscriptionProvider } from '../generation/providers/provider-types';
import type { Logger } from '../logging';
import { isoNow, type Clock } from '../store/clock';
import type { StoreSchema } from '../store/schema';
import { decodeMp3, mp3DurationMs } from './audio';
import { timingsFromSyllables, timingsFromTranscript, type HeardWord, type WordTiming } from './word-timings';

/** All narration shares one lane, whichever service reads. */
export const SPEECH_LANE = 'speech';
export const narrationKind = (providerId: string) => `narration:${providerId}`;
/** What a narration was read from: when a page's words no longer have this digest, its narration is out of date. */
export const textDigest = (text: string) => createHash('sha256').update(text).digest('hex');

interface NarrationJobDeps {
  db: Kysely<StoreSchema>;
  clock: Clock;
  log: Logger;
  providers: ProviderRegistry;
  cache: ProviderCache;
  providerId: 'openai' | 'openai-compatible';
  payload: z.ZodType<{ voice: string; speed: number }>;
}

/**
 * Reads one page aloud and times its words. The audio is kept (and the answer cached by words,
 * voice and pace) the moment it arrives, so a crash or quit after the call never pays for it
 * again; the timings are cached by the audio. A page whose words are gone, or held for a grown-up
 * since it was queued, is not read.
 */
export function createNarrationJob(deps: NarrationJobDeps): Omit<JobKindSpec, 'settled'> {
  const { db, cache, log } = deps;

  async function timings(text: string, audio: SpokenAudio & { sha256: string }, transcription: TranscriptionProvider | null, signal: AbortSignal) {
    const durationMs = mp3DurationMs(audio.data);
    if (transcription) {
      const key = cache.keyOf('transcription', [transcription.id, transcription.model, audio.sha256]);
      let heard = await cache.text<HeardWord[]>(key);
      try {
        if (!heard) {
          heard = await transcription.heardWords(audio, { signal });
          await cache.putText(key, 'transcription', heard);
        }
        return { durationMs, words: timingsFromTranscript(text, heard, durationMs), timing: 'transcript' as const };
      } catch (error) {
        // A service that cannot transcribe this audio leaves the timing to the audio itself; one that is only busy or away is tried again.
        if (!(error instanceof ProviderError) || (error.kind !== 'permanent' && error.kind !== 'malformed')) throw error;
        log.warn({ err: error }, 'word timings come from the audio alone: the transcription service could not give them');
      }
    }
    return { durationMs, words: timingsFromSyllables(text, await decodeMp3(audio.data)), timing: 'syllables' as const };
  }

  return {
    lane: SPEECH_LANE,
    async run(job, context) {
      const { voice, speed } = deps.payload.parse(JSON.parse(job.payload_json));
      const page = await db.selectFrom('pages').select(['text_content', 'generate_status', 'deleted']).where('id', '=', job.page_id!).executeTakeFirst();
      if (!page || page.deleted === 1 || page.generate_status === 'held' || page.text_content.trim() === '') return;
      const text = page.text_content;
      const { speech, transcription } = await deps.providers.speech(deps.providerId);
      const request = { text, voice, speed };
      const key = cache.keyOf('speech', [speech.id, speech.model, request]);
      const audio = (await cache.audio(key)) ?? (await speak());
      async function speak() {
        const spoken = await speech.speak(request, { signal: context.signal });
        return { ...spoken, sha256: await cache.putAudio(key, 'speech', spoken) };
      }
      const timed = await timings(text, audio, transcription, context.signal);
      const now = isoNow(deps.clock);
      const narration = {
        audio_asset_sha256: audio.sha256,
        source: 'generated' as const,
        provider: `${speech.id}:${speech.model}`,
        voice,
        speed,
        reader_member_id: null,
        reader_name: voice,
        text_digest: textDigest(text),
        duration_ms: timed.durationMs,
        words_json: JSON.stringify(timed.words satisfies WordTiming[]),
        timing: timed.timing,
        approved: 1,
        updated_at: now,
      };
      await context.finish(async (trx) => {
        await trx
          .insertInto('page_narrations')
          .values({ page_id: job.page_id!, ...narration, created_at: now })
          // A member's recording made meanwhile stays: a generated voice never replaces one.
          .onConflict((conflict) => conflict.column('page_id').doUpdateSet(narration).where('page_narrations.source', '=', 'generated'))
          .execute();
      });
    },
    async onFailed(job, error) {
      log.warn({ err: error, pageId: job.page_id }, 'a page could not be read aloud');
    },
  };
}
