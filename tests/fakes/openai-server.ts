import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { pageWords } from '@storysprout/shared/page-words';
import { encodeMp3, mp3DurationMs } from '../../src-main/narration/audio';
import { scriptedServer, type RecordedRequest } from './scripted-server';

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { strict?: boolean; schema?: unknown; name?: string } };
}

/** Reads the number of pages from the instructions ("exactly N pages", or "N pages of them" for the child's own words), as a real model would. */
const pagesAsked = (body: ChatBody) => {
  const match = /exactly (\d+) pages|, (\d+) pages of them/.exec(body.messages[0]?.content ?? '');
  return Number(match?.[1] ?? match?.[2] ?? 4);
};

/** The prompt of an image request: JSON for a generation, multipart (kept as latin1 text by the fake) for an edit. */
export function promptOf(body: unknown): string {
  if (typeof body === 'string') return Buffer.from(/name="prompt"\r\n\r\n([\s\S]*?)\r\n--/.exec(body)?.[1] ?? '', 'latin1').toString('utf8');
  return (body as { prompt?: string } | undefined)?.prompt ?? '';
}

/** The files of a multipart image edit, in order, as bytes. */
export function imagesOf(body: string): Buffer[] {
  return [...body.matchAll(/name="image(?:\[\])?"; filename="[^"]*"\r\nContent-Type: [^\r]*\r\n\r\n([\s\S]*?)\r\n--/g)].map((match) => Buffer.from(match[1]!, 'latin1'));
}

export async function pictureBytes(colour = '#88bbee'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: colour } }).png().toBuffer();
}

/** The cast the fake writer gives every story, and who each page shows (by page index modulo 4). */
export const FAKE_CAST = [
  { name: 'Hazel', look: 'a small brown hedgehog girl, about five, round build, cream belly, red rubber boots, a yellow swim ring' },
  { name: 'Otto', look: 'a tall sleek otter boy, about seven, dark brown fur, blue striped shorts, round green goggles' },
];
export const FAKE_PAGE_CAST = [['Hazel'], ['Hazel', 'Otto'], ['Otto'], []];

/** A chat completion whose message is this JSON, as OpenAI answers with structured outputs. */
export const chatAnswer = (content: unknown, model = 'gpt-4.1-mini') => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(content), refusal: null } }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

/** OpenAI's speech comes at 24 kHz, and so does the fake voice's. */
const FAKE_SPEECH_SAMPLE_RATE = 24_000;
const SPEECH_EDGE_MS = 200;
const SPEECH_GAP_MS = 120;

export interface FakeSpokenWord {
  /** The page word as written, punctuation and all. */
  word: string;
  startMs: number;
  endMs: number;
}

export interface FakeSpeech {
  text: string;
  mp3: Buffer;
  durationMs: number;
  /** Where each word's tone really is: the words with a letter or digit in them, in order. */
  words: FakeSpokenWord[];
}

/** What the fake voice said in each MP3 it made, by the MP3's SHA-256, so the fake transcriber can hear it. */
const spokenByFake = new Map<string, Pick<FakeSpeech, 'text' | 'words'>>();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The fake voice: each word of the input a tone (220–440 Hz, 60 ms a letter within 250–500 ms)
 * and 120 ms of silence, with 200 ms of silence before and after, in whole milliseconds, all
 * faster by `speed`. Punctuation standing alone is not spoken.
 */
export async function fakeSpeech(input: string, options: { speed?: number } = {}): Promise<FakeSpeech> {
  const speed = options.speed ?? 1;
  const words: (FakeSpokenWord & { hz: number })[] = [];
  let atMs = SPEECH_EDGE_MS;
  for (const [index, word] of pageWords(input).entries()) {
    const letters = word.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
    if (letters === 0) continue;
    if (words.length > 0) atMs += Math.round(SPEECH_GAP_MS / speed);
    const lengthMs = Math.round(Math.min(500, Math.max(250, letters * 60)) / speed);
    words.push({ word, startMs: atMs, endMs: atMs + lengthMs, hz: 220 + ((index * 67) % 221) });
    atMs += lengthMs;
  }
  const durationMs = atMs + SPEECH_EDGE_MS;
  const perMs = FAKE_SPEECH_SAMPLE_RATE / 1000;
  const samples = new Float32Array(durationMs * perMs);
  const rampSamples = 5 * perMs;
  for (const { startMs, endMs, hz } of words) {
    const length = (endMs - startMs) * perMs;
    for (let index = 0; index < length; index++) {
      // Faded in and out over 5 ms, as a voice starts and stops, rather than clicking.
      const fade = Math.min(1, index / rampSamples, (length - index) / rampSamples);
      samples[startMs * perMs + index] = 0.5 * fade * Math.sin((2 * Math.PI * hz * index) / FAKE_SPEECH_SAMPLE_RATE);
    }
  }
  const speech: FakeSpeech = { text: input, mp3: await encodeMp3(samples, FAKE_SPEECH_SAMPLE_RATE), durationMs, words: words.map(({ word, startMs, endMs }) => ({ word, startMs, endMs })) };
  spokenByFake.set(sha256(speech.mp3), { text: speech.text, words: speech.words });
  return speech;
}

interface SpeechBody {
  model: string;
  input: string;
  voice: string;
  speed?: number;
  response_format?: string;
  instructions?: string;
}

interface TranscriptionForm {
  model: string;
  response_format: string;
  timestamp_granularities: string[];
  file: Buffer | null;
  filename: string | null;
}

interface MultipartPart {
  name: string;
  filename: string | null;
  data: Buffer;
}

/** The parts of a multipart body, which the fake keeps as latin1 text so a file's bytes survive. */
function multipartParts(body: string): MultipartPart[] {
  const boundary = /^--([^\r\n]+)\r\n/.exec(body)?.[1];
  if (!boundary) return [];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => {
      const headersEnd = part.indexOf('\r\n\r\n');
      const headers = headersEnd === -1 ? '' : part.slice(0, headersEnd);
      const name = /\bname="([^"]*)"/.exec(headers)?.[1];
      if (name === undefined) return [];
      const data = Buffer.from(part.slice(headersEnd + 4, part.length - 2), 'latin1');
      return [{ name, filename: /\bfilename="([^"]*)"/.exec(headers)?.[1] ?? null, data }];
    });
}

/** A transcription request's fields and file, as the openai SDK sends them (arrays as `name[]`). */
function transcriptionFormOf(body: unknown): TranscriptionForm {
  const parts = typeof body === 'string' ? multipartParts(body) : [];
  const field = (name: string) => parts.find((part) => part.name === name)?.data.toString('utf8');
  const file = parts.find((part) => part.name === 'file');
  return {
    model: field('model') ?? '',
    response_format: field('response_format') ?? 'json',
    timestamp_granularities: parts.filter((part) => part.name === 'timestamp_granularities[]').map((part) => part.data.toString('utf8')),
    file: file?.data ?? null,
    filename: file?.filename ?? null,
  };
}

type RequestLog = { requestsTo: (path: string) => RecordedRequest[] };

export const speechRequests = (server: RequestLog) => server.requestsTo('/v1/audio/speech').map((request) => request.body as SpeechBody);
export const transcriptionRequests = (server: RequestLog) => server.requestsTo('/v1/audio/transcriptions').map((request) => transcriptionFormOf(request.body));

const invalidRequest = (message: string, param: string) => ({ error: { message, type: 'invalid_request_error', param, code: null } });

/**
 * A local server speaking OpenAI's HTTP API for the calls StorySprout makes: chat completions
 * with a json_schema answer (a story, or a look at a page beside its cast's pictures), image
 * generations and edits, moderations, speech (the fake voice, MP3 only) and transcriptions
 * (which hear the fake voice's MP3s word for word, where each tone is, and nothing in others).
 */
export async function fakeOpenAI(options: { flagWords?: string[] } = {}) {
  const picture = (await pictureBytes()).toString('base64');
  return scriptedServer((app, { answer }) => {
    app.post('/v1/chat/completions', async (request, reply) => {
      const body = request.body as ChatBody;
      const schemaName = body.response_format?.json_schema?.name;
      if (await answer(schemaName === 'cast_check' ? 'cast_check' : 'chat', request, reply)) return reply;
      if (schemaName === 'cast_check') {
        // Everyone asked about is there and matches, unless a test scripts otherwise.
        const names = [...(body.messages[0]?.content ?? '').matchAll(/^- ([^:]+):/gm)].map((match) => match[1]!);
        return chatAnswer({ characters: names.map((name) => ({ name, present: true, matches: true, differences: '' })) }, body.model);
      }
      const count = pagesAsked(body);
      return chatAnswer(
        {
          title: 'The Hedgehog Who Swam',
          blurb: 'Hazel the hedgehog has never been in the water. With a little courage and a lot of paddling, she finds out what brave feels like.',
          cast: FAKE_CAST,
          pages: Array.from({ length: count }, (_, index) => {
            const cast = FAKE_PAGE_CAST[index % 4]!;
            return {
              text: cast.length > 0 ? `${cast.join(' and ')} swim a bit more.` : 'The pond is calm and still.',
              illustration_brief: `${cast.join(' and ') || 'The pond'} at the pond, moment ${index + 1}`,
              cast,
            };
          }),
        },
        body.model,
      );
    });
    // Each prompt gets a picture of its own colour, so a test can tell which picture went where.
    const images = async (route: string, request: Parameters<typeof answer>[1], reply: Parameters<typeof answer>[2]) => {
      if (await answer(route, request, reply)) return reply;
      const prompt = promptOf(request.body);
      const drawn = prompt ? (await pictureBytes(`#${createHash('sha256').update(prompt).digest('hex').slice(0, 6)}`)).toString('base64') : picture;
      return { created: 1, data: [{ b64_json: drawn }] };
    };
    app.post('/v1/images/generations', (request, reply) => images('images', request, reply));
    app.post('/v1/images/edits', (request, reply) => images('edits', request, reply));
    app.post('/v1/moderations', async (request, reply) => {
      if (await answer('moderations', request, reply)) return reply;
      const input = (request.body as { input: unknown }).input;
      const text = typeof input === 'string' ? input : JSON.stringify(input);
      const flagged = (options.flagWords ?? []).some((word) => text.includes(word));
      return {
        id: 'modr-test',
        model: 'omni-moderation-latest',
        results: [{ flagged, categories: { violence: flagged }, category_scores: { violence: flagged ? 0.93 : 0.01, sexual: 0.001, hate: 0.0005 } }],
      };
    });
    app.post('/v1/audio/speech', async (request, reply) => {
      if (await answer('speech', request, reply)) return reply;
      const body = request.body as SpeechBody;
      const format = body.response_format ?? 'mp3';
      if (format !== 'mp3') return reply.code(400).send(invalidRequest(`The fake voice speaks only mp3, not '${format}'.`, 'response_format'));
      if (typeof body.input !== 'string' || body.input.trim() === '') return reply.code(400).send(invalidRequest('Input must be a non-empty string.', 'input'));
      const speed = body.speed ?? 1;
      if (speed < 0.25 || speed > 4) return reply.code(400).send(invalidRequest(`Speed must be between 0.25 and 4, not ${speed}.`, 'speed'));
      return reply.type('audio/mpeg').send((await fakeSpeech(body.input, { speed })).mp3);
    });
    app.post('/v1/audio/transcriptions', async (request, reply) => {
      if (await answer('transcriptions', request, reply)) return reply;
      const form = transcriptionFormOf(request.body);
      let durationMs: number;
      try {
        durationMs = mp3DurationMs(form.file ?? Buffer.alloc(0));
      } catch {
        return reply.code(400).send(invalidRequest('Invalid file format. The fake transcriber hears only mp3.', 'file'));
      }
      const heard = form.file ? spokenByFake.get(sha256(form.file)) : undefined;
      const text = heard?.text ?? '';
      switch (form.response_format) {
        case 'text':
          return reply.type('text/plain').send(text);
        case 'json':
          return { text };
        case 'verbose_json': {
          const granularities = form.timestamp_granularities.length > 0 ? form.timestamp_granularities : ['segment'];
          // Whisper gives words bare, without the punctuation around them.
          const words = (heard?.words ?? []).map(({ word, startMs, endMs }) => ({ word: word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''), start: startMs / 1000, end: endMs / 1000 }));
          const segments = text ? [{ id: 0, seek: 0, start: 0, end: durationMs / 1000, text, tokens: [], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0 }] : [];
          return {
            task: 'transcribe',
            language: 'english',
            duration: durationMs / 1000,
            text,
            ...(granularities.includes('word') ? { words } : {}),
            ...(granularities.includes('segment') ? { segments } : {}),
          };
        }
        default:
          return reply.code(400).send(invalidRequest(`The fake transcriber answers json, text or verbose_json, not '${form.response_format}'.`, 'response_format'));
      }
    });
  });
}
