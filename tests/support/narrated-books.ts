import { pageWords } from '@storysprout/shared/page-words';
import type { WordTimingView } from '../../src-preload/contract';
import { encodeMp3 } from '../../src-main/narration/audio';
import { textDigest } from '../../src-main/narration/narration-job';
import { testApp } from './test-app';

type TestApp = Awaited<ReturnType<typeof testApp>>;

export const openAIEnv = (url: string) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${url}/v1`, STORYSPROUT_TEXT_PROVIDER: 'offline', STORYSPROUT_IMAGE_PROVIDER: 'offline' });

/** A book made and drawn offline, whole (unless moderation holds a page), in a library with `env`. */
export async function bookWithPictures(options: { pageCount?: number; idea?: string; language?: string; env?: NodeJS.ProcessEnv } = {}) {
  const app = await testApp({ runQueue: true, env: options.env });
  const started = await app.call('generation.start', { idea: options.idea ?? 'a fox who collects moonbeams', pageCount: options.pageCount ?? 8, readerAge: 5, language: options.language ?? 'en' });
  await app.core.generation.settled(started.id);
  const book = await app.call('library.get', { bookId: started.bookId });
  return { app, book };
}

export interface Reading {
  mp3: Buffer;
  words: WordTimingView[];
}

/**
 * A member reading `text` aloud, as a recording arrives: every word of the page a tone (300 ms,
 * its pitch by its place) after 100 ms of quiet, with 250 ms of quiet at each end, at a
 * microphone's rate; and when each word is said.
 */
export async function recordedReading(text: string, sampleRate = 44_100): Promise<Reading> {
  const words: WordTimingView[] = [];
  let atMs = 250;
  for (const word of pageWords(text)) {
    atMs += 100;
    words.push({ word, startMs: atMs, endMs: atMs + 300 });
    atMs += 300;
  }
  const perMs = sampleRate / 1000;
  const samples = new Float32Array(Math.round((atMs + 250) * perMs));
  for (const [index, { startMs, endMs }] of words.entries()) {
    const hz = 220 + ((index * 53) % 200);
    for (let at = Math.round(startMs * perMs); at < Math.round(endMs * perMs); at++) samples[at] = 0.4 * Math.sin((2 * Math.PI * hz * at) / sampleRate);
  }
  return { mp3: await encodeMp3(samples, sampleRate), words };
}

/** Keeps `reading` as a member's recording of the page's words as they are now: accepted, unless a child made it and no parent has yet. */
export async function keepRecording(app: TestApp, page: { id: string; text: string }, reading: Reading, options: { readerName?: string; approved?: boolean } = {}) {
  const audio = await app.core.assets.put(reading.mp3, { mime: 'audio/mpeg', width: 0, height: 0 });
  const now = new Date().toISOString();
  const narration = {
    audio_asset_sha256: audio.sha256,
    source: 'recorded' as const,
    provider: null,
    voice: null,
    speed: null,
    reader_member_id: null,
    reader_name: options.readerName ?? 'Grandpa',
    text_digest: textDigest(page.text),
    duration_ms: Math.round(reading.words.at(-1)!.endMs + 250),
    words_json: JSON.stringify(reading.words),
    timing: 'syllables' as const,
    approved: options.approved === false ? 0 : 1,
    updated_at: now,
  };
  await app.core.store.db
    .insertInto('page_narrations')
    .values({ page_id: page.id, ...narration, created_at: now })
    .onConflict((conflict) => conflict.column('page_id').doUpdateSet(narration))
    .execute();
  return audio.sha256;
}

/** Every page of the book recorded by Grandpa, accepted. */
export async function recordEveryPage(app: TestApp, pages: { id: string; text: string }[], sampleRate?: number) {
  for (const page of pages) await keepRecording(app, page, await recordedReading(page.text, sampleRate));
}

/**
 * A book of eight pages, one or more held for a grown-up (its idea goes past the family's word
 * list), every page recorded and accepted (a held page was read before it was held), except one
 * page that a child recorded and no parent has accepted yet. Recordings at 48 kHz, so a book's
 * audio joins them with the 44.1 kHz one below.
 */
export async function bookWithHeldAndUnacceptedReadings() {
  const { app, book } = await bookWithPictures({ idea: 'a knight covered in blood' });
  const held = book.pages.filter((page) => page.generateStatus === 'held');
  const shown = book.pages.filter((page) => page.generateStatus !== 'held');
  const childs = shown[1]!;
  const readings = new Map<string, Reading>();
  for (const page of book.pages) {
    const reading = await recordedReading(page.text, page === childs ? 44_100 : 48_000);
    readings.set(page.id, reading);
    await keepRecording(app, page, reading, page === childs ? { readerName: 'Noor', approved: false } : {});
  }
  return { app, book, held, childs, number: (page: { id: string }) => book.pages.findIndex((each) => each.id === page.id) + 1, mp3Of: (page: { id: string }) => readings.get(page.id)!.mp3 };
}
