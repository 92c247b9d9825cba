import { describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../../tests/fakes/openai-server';
import { generationHarness } from '../../tests/support/generation-harness';
import { testApp } from '../../tests/support/test-app';
import { createOfflineStoryProvider } from './providers/offline-story';
import type { TextProvider } from './providers/provider-types';
import { fitBlurb, parseStoryAnswer } from './story-format';
import { readingTargets } from './reading-level';

const openAIEnv = (url: string) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${url}/v1` });

const completion = (story: unknown) =>
  JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(story), refusal: null } }] });

// Words that fit a five-year-old, so no revision is asked for.
const calmPages = (count: number) => Array.from({ length: count }, (_, index) => ({ text: 'Hazel swims on and on.', illustration_brief: `Hazel at the pond, moment ${index + 1}` }));

describe('the blurb for the back cover', () => {
  it('is asked of OpenAI with the story, for the reader’s age and language, and kept with the book', async () => {
    const server = await fakeOpenAI();
    const app = await testApp({ runQueue: true, env: openAIEnv(server.url) });
    const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: 4, readerAge: 6, language: 'es' });
    expect((await app.core.generation.settled(started.id)).status).toBe('complete');

    const [sent] = server.requestsTo('/v1/chat/completions');
    const body = sent!.body as { messages: { content: string }[]; response_format: { json_schema: { strict: boolean; schema: { required: string[]; properties: Record<string, { type: string }> } } } };
    expect(body.response_format.json_schema).toMatchObject({ strict: true, schema: { properties: { blurb: { type: 'string' } } } });
    expect(body.response_format.json_schema.schema.required).toContain('blurb');
    expect(body.messages[0]!.content).toMatch(/blurb for the back cover, in the book's language: two or three sentences \(at most 400 characters\) for the parent of a 6-year-old/);
    expect(body.messages[0]!.content).toContain('Write in the language with code "es"');

    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book.blurb).toBe('Hazel the hedgehog has never been in the water. With a little courage and a lot of paddling, she finds out what brave feels like.');
  });

  it('is not kept when it goes past the family’s limits, and holds no page for it', async () => {
    const server = await fakeOpenAI({ flagWords: ['blood'] });
    server.script('chat', { raw: completion({ title: 'Hazel Swims', blurb: 'A story with blood in it.', pages: calmPages(4) }) });
    const app = await testApp({ runQueue: true, env: openAIEnv(server.url) });
    const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: 4, readerAge: 5 });
    expect((await app.core.generation.settled(started.id)).status).toBe('complete');

    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book).toMatchObject({ title: 'Hazel Swims', blurb: '' });
    expect(book.pages.map((page) => page.generateStatus)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(server.requestsTo('/v1/moderations').map((request) => (request.body as { input: unknown }).input)).toContain('A story with blood in it.');
  });

  it('is written offline from the story’s shape, with its characters, never the idea as typed', async () => {
    const harness = await generationHarness();
    const generation = await harness.start({ idea: 'a dragon who bakes bread' });
    await harness.service.settled(generation.id);
    const { blurb } = await harness.bookOf(generation.bookId);
    const [hero] = await harness.castOf(generation.bookId);
    expect(blurb).toContain(hero!.name);
    expect(blurb).not.toContain('a dragon who bakes bread');
    expect(blurb.split(/(?<=[.!?])\s+/).length).toBeGreaterThanOrEqual(2);

    const withFriends = await createOfflineStoryProvider().writeStory(
      { idea: 'a dragon who bakes bread', pageCount: 4, readerAge: 5, language: 'en', tone: 'gentle', artStyle: 'watercolor', characters: [{ name: 'Ember', traits: [] }, { name: 'Crumb', traits: [] }], targets: readingTargets(5), ownWords: null, fixSpelling: false, revision: null },
      { signal: new AbortController().signal },
    );
    expect(withFriends.blurb).toMatch(/Ember/);
    expect(withFriends.blurb).toMatch(/Crumb/);
  });

  it('is empty for a story cached before books had one', async () => {
    const offline = createOfflineStoryProvider();
    let written = 0;
    const counting: TextProvider = { ...offline, writeStory: (request, options) => ((written += 1), offline.writeStory(request, options)) };
    const harness = await generationHarness({ text: counting });
    const first = await harness.start();
    await harness.service.settled(first.id);
    expect((await harness.bookOf(first.bookId)).blurb).not.toBe('');

    const cached = await harness.store.db.selectFrom('provider_cache').select(['request_key', 'result_json']).where('kind', '=', 'story').executeTakeFirstOrThrow();
    const olderStory = JSON.parse(cached.result_json!) as Record<string, unknown>;
    delete olderStory.blurb;
    await harness.store.db.updateTable('provider_cache').set({ result_json: JSON.stringify(olderStory) }).where('request_key', '=', cached.request_key).execute();

    const second = await harness.start();
    expect((await harness.service.settled(second.id)).status).toBe('complete');
    expect(written).toBe(1);
    expect((await harness.bookOf(second.bookId)).blurb).toBe('');
  });

  it('keeps whole sentences that fit when a model writes too much, and is empty when a model writes none', () => {
    const sentence = (letter: string) => `${letter.repeat(120)}.`;
    expect(fitBlurb(`${sentence('a')} ${sentence('b')} ${sentence('c')} ${sentence('d')}`)).toBe(`${sentence('a')} ${sentence('b')} ${sentence('c')}`);
    expect(fitBlurb(`  ${sentence('a')}  `)).toBe(sentence('a'));
    expect(fitBlurb('x'.repeat(401))).toBe('');
    const withoutBlurb = parseStoryAnswer('A text server', JSON.stringify({ title: 'Hazel Swims', pages: calmPages(2) }), 2);
    expect(withoutBlurb).toMatchObject({ title: 'Hazel Swims', blurb: '' });
  });
});
