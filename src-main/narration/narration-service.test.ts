import { describe, expect, it } from 'vitest';
import { pageWords } from '@storysprout/shared/page-words';
import { fakeOpenAI, fakeSpeech } from '../../tests/fakes/openai-server';
import { asRecorded } from '../../tests/support/recording';
import { testApp } from '../../tests/support/test-app';
import type { PageNarrationView } from '../../src-preload/contract';

const openAIEnv = (url: string) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${url}/v1` });

const WORDS = ['The moon climbed up the hill.', 'A fox sat still and listened.', 'Then, softly, the owls began to sing!'];

/** A book of three written pages in a library that narrates with the fake OpenAI. */
async function bookToRead(env: NodeJS.ProcessEnv) {
  const app = await testApp({ env, runQueue: true });
  const book = await app.call('library.create', { title: 'The Moon Fox', pageCount: WORDS.length });
  for (const [index, page] of book.pages.entries()) await app.call('pages.updateText', { pageId: page.id, text: WORDS[index]! });
  const narrate = async (input: { voice?: string; speed?: number } = {}) => {
    const asked = await app.call('narration.narrate', { bookId: book.id, ...input });
    await app.core.narration.whenSettled(book.id);
    return asked;
  };
  const pages = async () => (await app.call('narration.book', { bookId: book.id })).pages;
  return { app, book, narrate, pages };
}

type Ready = Extract<PageNarrationView, { state: 'ready' | 'out-of-date' }>;

/** The checks a reader's highlighting relies on: every word once, in order, never overlapping, inside the audio. */
function expectTimedWords(page: PageNarrationView, text: string) {
  expect(page.state).toBe('ready');
  const ready = page as Ready;
  expect(ready.words.map((word) => word.word)).toEqual(pageWords(text));
  let previousEnd = 0;
  for (const word of ready.words) {
    expect(word.startMs).toBeGreaterThanOrEqual(previousEnd);
    expect(word.endMs).toBeGreaterThan(word.startMs);
    previousEnd = word.endMs;
  }
  expect(previousEnd).toBeLessThanOrEqual(ready.durationMs);
}

describe('narration', () => {
  it('reads every page aloud with the chosen voice and pace, and times each word by the transcription service', async () => {
    const server = await fakeOpenAI();
    const { narrate, pages } = await bookToRead(openAIEnv(server.url));
    expect(await narrate({ voice: 'sage', speed: 0.9 })).toEqual({ queued: 3, alreadyRead: 0, recorded: 0 });

    const read = await pages();
    for (const [index, page] of read.entries()) {
      expectTimedWords(page, WORDS[index]!);
      expect(page).toMatchObject({ source: 'generated', readerName: 'sage', approved: true });
    }
    const asked = server.requestsTo('/v1/audio/speech').map((request) => request.body as { model: string; voice: string; speed: number; input: string; response_format: string });
    expect(asked.map((body) => body.input).sort()).toEqual([...WORDS].sort());
    expect(asked.every((body) => body.model === 'gpt-4o-mini-tts' && body.voice === 'sage' && body.speed === 0.9 && body.response_format === 'mp3')).toBe(true);
    expect(server.requestsTo('/v1/audio/transcriptions')).toHaveLength(3);
  });

  it('pays once for the same words in the same voice: asking again, or for another page with those words, calls the service no more', async () => {
    const server = await fakeOpenAI();
    const { app, narrate, pages } = await bookToRead(openAIEnv(server.url));
    await narrate();
    expect(await narrate()).toEqual({ queued: 0, alreadyRead: 3, recorded: 0 });

    const copy = await app.call('library.create', { title: 'The Moon Fox again', pageCount: 1 });
    await app.call('pages.updateText', { pageId: copy.pages[0]!.id, text: WORDS[0]! });
    await app.call('narration.narrate', { bookId: copy.id });
    await app.core.narration.whenSettled(copy.id);
    expectTimedWords((await app.call('narration.book', { bookId: copy.id })).pages[0]!, WORDS[0]!);
    expect(server.requestsTo('/v1/audio/speech')).toHaveLength(3);
    expect(server.requestsTo('/v1/audio/transcriptions')).toHaveLength(3);

    // Another voice is another reading, paid for once too.
    await narrate({ voice: 'fable' });
    expect(server.requestsTo('/v1/audio/speech')).toHaveLength(6);
    expect((await pages()).every((page) => page.state === 'ready')).toBe(true);
  });

  it('marks only the page whose words changed as out of date, and reads only that one again', async () => {
    const server = await fakeOpenAI();
    const { app, book, narrate, pages } = await bookToRead(openAIEnv(server.url));
    await narrate();
    const changed = 'A fox sat still and listened to the night.';
    await app.call('pages.updateText', { pageId: book.pages[1]!.id, text: changed });
    expect((await pages()).map((page) => page.state)).toEqual(['ready', 'out-of-date', 'ready']);

    expect(await narrate()).toEqual({ queued: 1, alreadyRead: 2, recorded: 0 });
    const speech = server.requestsTo('/v1/audio/speech');
    expect(speech).toHaveLength(4);
    expect((speech.at(-1)!.body as { input: string }).input).toBe(changed);
    expectTimedWords((await pages())[1]!, changed);
  });

  it('times the words from the audio alone where the speech service cannot transcribe, and where transcription fails for good', async () => {
    const own = await fakeOpenAI();
    const local = await bookToRead({ STORYSPROUT_SPEECH_PROVIDER: 'openai-compatible', STORYSPROUT_SPEECH_COMPATIBLE_URL: `${own.url}/v1`, STORYSPROUT_SPEECH_COMPATIBLE_MODEL: 'kokoro' });
    await local.narrate({ voice: 'af_bella' });
    for (const [index, page] of (await local.pages()).entries()) expectTimedWords(page, WORDS[index]!);
    expect(own.requestsTo('/v1/audio/transcriptions')).toEqual([]);
    expect((own.requestsTo('/v1/audio/speech')[0]!.body as { model: string }).model).toBe('kokoro');

    const server = await fakeOpenAI();
    server.script('transcriptions', { status: 400, body: { error: { message: 'This model does not give word timestamps.' } } });
    const refused = await bookToRead(openAIEnv(server.url));
    await refused.narrate();
    for (const [index, page] of (await refused.pages()).entries()) expectTimedWords(page, WORDS[index]!);
  });

  it('reads in the voice, pace and speech server a parent chose in Settings', async () => {
    const own = await fakeOpenAI();
    const { app, narrate, pages } = await bookToRead({});
    await app.call('settings.setProviders', {
      speech: 'openai-compatible',
      speechCompatible: { baseUrl: `${own.url}/v1`, model: 'kokoro', transcriptionModel: 'whisper-large-v3' },
      narration: { voice: 'af_bella', speed: 1.1 },
    });
    expect(await narrate()).toMatchObject({ queued: 3 });
    expect((await pages()).every((page) => page.state === 'ready' && page.readerName === 'af_bella')).toBe(true);
    const asked = own.requestsTo('/v1/audio/speech').map((request) => request.body as { model: string; voice: string; speed: number });
    expect(asked.every((body) => body.model === 'kokoro' && body.voice === 'af_bella' && body.speed === 1.1)).toBe(true);
    expect(own.requestsTo('/v1/audio/transcriptions')).toHaveLength(3);
  });

  it('pays once for each page when it is asked twice at once, and says so of timings another program damaged', async () => {
    const server = await fakeOpenAI();
    const { app, book, pages } = await bookToRead(openAIEnv(server.url));
    const [first, second] = await Promise.all([app.call('narration.narrate', { bookId: book.id }), app.call('narration.narrate', { bookId: book.id })]);
    expect(first.queued + second.queued).toBe(3);
    await app.core.narration.whenSettled(book.id);
    expect(server.requestsTo('/v1/audio/speech')).toHaveLength(3);

    await app.core.store.db.updateTable('page_narrations').set({ words_json: '{"__proto__": 1' }).where('page_id', '=', book.pages[0]!.id).execute();
    expect((await pages())[0]).toEqual({ pageId: book.pages[0]!.id, state: 'failed', problem: 'The times of this page’s words are damaged: read it aloud again.' });
  });

  it('says what to set when there is no speech service, and queues nothing', async () => {
    const { app, book } = await bookToRead({});
    await expect(app.call('narration.narrate', { bookId: book.id })).rejects.toThrow(/Narration by OpenAI’s voices needs an API key/);
    expect((await app.call('narration.book', { bookId: book.id })).pages.map((page) => page.state)).toEqual(['none', 'none', 'none']);
  });

  it('keeps a parent’s reading of a page, trimmed of the quiet around it and timed to its words; a child’s waits for a parent', async () => {
    const server = await fakeOpenAI();
    const { app, book, narrate, pages } = await bookToRead(openAIEnv(server.url));
    const read = await fakeSpeech(WORDS[0]!);
    const recorded = await app.call('narration.record', { pageId: book.pages[0]!.id, ...(await asRecorded(read.mp3, { quietMs: 1200 })) });
    expectTimedWords(recorded, WORDS[0]!);
    const kept = recorded as Ready;
    expect(kept).toMatchObject({ source: 'recorded', readerName: 'Parent', approved: true });
    // The second and a bit of quiet around the reading went; the reading itself stayed.
    expect(kept.durationMs).toBeGreaterThanOrEqual(read.words.at(-1)!.endMs - read.words[0]!.startMs);
    expect(kept.durationMs).toBeLessThan(read.durationMs);

    const child = await app.call('family.addMember', { displayName: 'Noor', role: 'child-creator' });
    await app.call('profile.switch', { memberId: child.id });
    const byChild = await app.call('narration.record', { pageId: book.pages[1]!.id, ...(await asRecorded((await fakeSpeech(WORDS[1]!)).mp3, { quietMs: 300 })) });
    expect(byChild).toMatchObject({ state: 'ready', source: 'recorded', readerName: 'Noor', approved: false });
    await expect(app.call('narration.approve', { pageId: book.pages[1]!.id })).rejects.toThrow(/parent-only/);
    await app.call('profile.switch', { memberId: (await app.call('family.get', {})).members.find((member) => member.role === 'parent-admin')!.id });
    await app.call('narration.approve', { pageId: book.pages[1]!.id });
    expect((await pages())[1]).toMatchObject({ approved: true, readerName: 'Noor' });

    // Reading the book with a generated voice keeps the family's recordings.
    expect(await narrate()).toEqual({ queued: 1, alreadyRead: 0, recorded: 2 });
    expect((server.requestsTo('/v1/audio/speech')[0]!.body as { input: string }).input).toBe(WORDS[2]);
    expect((await pages()).map((page) => page.state === 'ready' && page.source)).toEqual(['recorded', 'recorded', 'generated']);
  });

  it('refuses a recording with nothing heard in it, and one of a page without words, keeping what was there', async () => {
    const { app, book, pages } = await bookToRead({});
    const quiet = Buffer.alloc(2 * 8000 * 2).toString('base64');
    await expect(app.call('narration.record', { pageId: book.pages[0]!.id, sampleRate: 8000, pcm16: quiet })).rejects.toThrow(/Nothing was heard in that recording/);
    await app.call('pages.updateText', { pageId: book.pages[2]!.id, text: '' });
    const reading = await asRecorded((await fakeSpeech(WORDS[2]!)).mp3, { quietMs: 0 });
    await expect(app.call('narration.record', { pageId: book.pages[2]!.id, ...reading })).rejects.toThrow(/Write the page’s words first/);
    expect((await pages()).map((page) => page.state)).toEqual(['none', 'none', 'none']);
  });
});
