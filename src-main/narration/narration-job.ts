import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { JobKindSpec } from '../generation/job-queue';
import type { ProviderCache } from '../generation/provider-cache';
import type { ProviderRegistry } from '../generation/providers/provider-registry';
import type { Logger } from '../logging';
import { isoNow, type Clock } from '../store/clock';
import type { StoreSchema } from '../store/schema';
import { timeWords } from './timed-words';

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
  signedInAsChild(): Promise<boolean>;
}

/**
 * Reads one page aloud and times its words (timed-words.ts). The audio is kept (and the answer
 * cached by words, voice and pace) the moment it arrives, so a crash or quit after the call never
 * pays for it again. A page whose words are gone, or held for a grown-up since it was queued, is not read.
 */
export function createNarrationJob(deps: NarrationJobDeps): Omit<JobKindSpec, 'settled'> {
  const { db, cache, log } = deps;

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
      const timed = await timeWords({ text, audio, transcription, cache, log, signal: context.signal, retryLater: true });
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
        words_json: JSON.stringify(timed.words),
        timing: timed.timing,
        approved: (await deps.signedInAsChild()) ? 0 : 1,
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
