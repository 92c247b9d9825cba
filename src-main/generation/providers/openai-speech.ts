import type OpenAI from 'openai';
import { toFile } from 'openai';
import { z } from 'zod';
import { mp3DurationMs } from '../../narration/audio';
import { call } from './openai-provider';
import { ProviderError } from './provider-errors';
import type { HeardWord } from '../../narration/word-timings';
import type { SpeechProvider, TranscriptionProvider } from './provider-types';

/** OpenAI's speech endpoint takes at most this much text in one call. */
export const SPEECH_INPUT_LIMIT = 4096;

interface Named {
  /** "openai", or "openai-compatible" for a speech server of the family's own. */
  id?: string;
  serviceName?: string;
}

/** Narration through OpenAI's speech API (or a server that speaks it), always as MP3. */
export function createOpenAISpeech(client: OpenAI, options: Named & { speechModel: string }): SpeechProvider {
  const service = options.serviceName ?? 'OpenAI';
  return {
    id: options.id ?? 'openai',
    model: options.speechModel,
    async speak(request, { signal }) {
      if (request.text.length > SPEECH_INPUT_LIMIT) {
        throw new ProviderError(`${service} reads at most ${SPEECH_INPUT_LIMIT} characters at once, and this page has ${request.text.length}: shorten it to narrate it.`, 'permanent');
      }
      const response = await call(service, signal, () =>
        client.audio.speech.create({ model: options.speechModel, voice: request.voice, input: request.text, speed: request.speed, response_format: 'mp3' }, { signal }),
      );
      const data = Buffer.from(await call(service, signal, () => response.arrayBuffer()));
      try {
        if (mp3DurationMs(data) <= 0) throw new Error('no audio in it');
      } catch (error) {
        throw new ProviderError(`${service} answered with something that is not MP3 audio (${error instanceof Error ? error.message : String(error)}).`, 'malformed', { cause: error });
      }
      return { data, mime: 'audio/mpeg' };
    },
  };
}

const transcriptAnswer = z.object({ words: z.array(z.object({ word: z.string(), start: z.number().min(0), end: z.number().min(0) })).default([]) });

/** Word timings through OpenAI's transcription API (verbose JSON with word timestamps), or a server that speaks it. */
export function createOpenAITranscription(client: OpenAI, options: Named & { transcriptionModel: string }): TranscriptionProvider {
  const service = `${options.serviceName ?? 'OpenAI'} transcription`;
  return {
    id: options.id ?? 'openai',
    model: options.transcriptionModel,
    async heardWords(audio, { signal }): Promise<HeardWord[]> {
      const answer = await call(service, signal, async () =>
        client.audio.transcriptions.create(
          {
            file: await toFile(audio.data, 'page.mp3', { type: audio.mime }),
            model: options.transcriptionModel,
            response_format: 'verbose_json',
            timestamp_granularities: ['word'],
          },
          { signal },
        ),
      );
      const parsed = transcriptAnswer.safeParse(answer);
      if (!parsed.success) throw new ProviderError(`${service} answered without word timings.`, 'malformed');
      return parsed.data.words.map((heard) => ({ word: heard.word, startMs: Math.round(heard.start * 1000), endMs: Math.round(heard.end * 1000) }));
    },
  };
}
