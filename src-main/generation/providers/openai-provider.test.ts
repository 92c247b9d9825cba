import { describe, expect, it } from 'vitest';
import { fakeOpenAI, pictureBytes } from '../../../tests/fakes/openai-server';
import { testApp } from '../../../tests/support/test-app';
import { createOpenAIClient, createOpenAIImageProvider, createOpenAIModeration, createOpenAITextProvider } from './openai-provider';
import { ProviderError } from './provider-errors';
import type { StoryRequest } from './provider-types';
import { readingTargets } from '../reading-level';

const request: StoryRequest = {
  idea: 'a hedgehog who learns to swim',
  pageCount: 4,
  readerAge: 5,
  language: 'en',
  tone: 'gentle',
  artStyle: 'watercolor',
  characters: [{ name: 'Hazel', traits: ['small hedgehog', 'red boots'] }],
  targets: readingTargets(5),
  ownWords: null,
  fixSpelling: false,
  revision: null,
};
const signal = () => new AbortController().signal;

async function world(timeoutMs = 2000) {
  const server = await fakeOpenAI({ flagWords: ['blood'] });
  const client = createOpenAIClient({ apiKey: 'sk-test', baseUrl: `${server.url}/v1`, timeoutMs });
  return {
    server,
    text: createOpenAITextProvider(client, { textModel: 'gpt-4.1-mini', visionModel: 'gpt-4.1-mini' }),
    image: createOpenAIImageProvider(client, { imageModel: 'gpt-image-2', imageConcurrency: 4 }),
    moderation: createOpenAIModeration(client, { moderationModel: 'omni-moderation-latest' }),
  };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ProviderError);

describe('OpenAI provider through the openai SDK', () => {
  it('asks for a strict json_schema story and returns its pages', async () => {
    const { server, text } = await world();
    const story = await text.writeStory(request, { signal: signal() });
    expect(story.title).toBe('The Hedgehog Who Swam');
    expect(story.pages).toHaveLength(4);
    const [sent] = server.requestsTo('/v1/chat/completions');
    const body = sent!.body as { model: string; response_format: { type: string; json_schema: { strict: boolean; name: string } }; messages: { content: string }[] };
    expect(body.model).toBe('gpt-4.1-mini');
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'picture_book', strict: true } });
    expect(body.messages[0]!.content).toContain('Write exactly 4 pages');
    expect(body.messages[0]!.content).toContain('Hazel: small hedgehog, red boots');
    expect(sent!.headers.authorization).toBe('Bearer sk-test');
  });

  it('turns a 429 into one transient failure that carries retry-after, with no retry inside the SDK', async () => {
    const { server, text } = await world();
    server.script('chat', { status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'Rate limit reached' } } });
    const error = await failureOf(text.writeStory(request, { signal: signal() }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'transient', options: { status: 429, retryAfterMs: 2000 } });
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(1);
  });

  it('treats a 500 as transient and a 401 as a key problem', async () => {
    const { server, text } = await world();
    server.script('chat', { status: 500 }, { status: 401, body: { error: { message: 'Incorrect API key' } } });
    expect(await failureOf(text.writeStory(request, { signal: signal() }))).toMatchObject({ kind: 'transient', options: { status: 500 } });
    const unauthorised = await failureOf(text.writeStory(request, { signal: signal() }));
    expect(unauthorised).toMatchObject({ kind: 'permanent', message: 'OpenAI refused the key (HTTP 401). Check the key in Settings.' });
  });

  it('gives up on a server that does not answer in time, as a transient failure', async () => {
    const { server, text } = await world(300);
    server.script('chat', { hang: true });
    expect(await failureOf(text.writeStory(request, { signal: signal() }))).toMatchObject({ kind: 'transient', message: 'OpenAI did not answer in time.' });
  });

  it('calls malformed output what it is: not JSON, the wrong shape, the wrong number of pages', async () => {
    const { server, text } = await world();
    const completion = (content: string) =>
      JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }] });
    server.script(
      'chat',
      { raw: completion('Once upon a time…') },
      { raw: completion(JSON.stringify({ title: 'T', pages: [{ words: 'x' }] })) },
      { raw: completion(JSON.stringify({ title: 'T', pages: [{ text: 'a', illustration_brief: 'b' }] })) },
    );
    expect(await failureOf(text.writeStory(request, { signal: signal() }))).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/not JSON/) });
    expect(await failureOf(text.writeStory(request, { signal: signal() }))).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/wrong shape/) });
    expect(await failureOf(text.writeStory(request, { signal: signal() }))).toMatchObject({ kind: 'malformed', message: 'OpenAI wrote 1 pages instead of 4.' });
  });

  it('reports an unreachable server as a network failure', async () => {
    const client = createOpenAIClient({ apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2000 });
    const error = await failureOf(createOpenAITextProvider(client, { textModel: 'm', visionModel: null }).writeStory(request, { signal: signal() }));
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('draws a picture with the image model, and follows reference pictures through the edits endpoint', async () => {
    const { server, image } = await world();
    const plain = await image.drawPicture({ prompt: 'a pond', seed: 1, width: 1024, height: 1024, purpose: 'page', cast: [], references: [] }, { signal: signal() });
    expect(plain.data.subarray(1, 4).toString()).toBe('PNG');
    expect(server.requestsTo('/v1/images/generations')[0]!.body).toMatchObject({ model: 'gpt-image-2', prompt: 'a pond', size: '1024x1024', n: 1 });

    await image.drawPicture({ prompt: 'a pond', seed: 1, width: 1024, height: 1024, purpose: 'page', cast: [], references: [{ name: 'Hazel', data: await pictureBytes('#aa5500'), mime: 'image/png' }] }, { signal: signal() });
    const edit = server.requestsTo('/v1/images/edits')[0]!;
    expect(String(edit.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(edit.body).toContain('gpt-image-2');
    expect(edit.body).toContain('reference-1.png');
  });

  it('calls a picture answer without a picture malformed', async () => {
    const { server, image } = await world();
    server.script('images', { status: 200, body: { created: 1, data: [] } });
    expect(await failureOf(image.drawPicture({ prompt: 'x', seed: 1, width: 1024, height: 1024, purpose: 'page', cast: [], references: [] }, { signal: signal() }))).toMatchObject({ kind: 'malformed' });
  });

  it('scores words and pictures with omni-moderation', async () => {
    const { server, moderation } = await world();
    expect(await moderation.checkText('a knight covered in blood', { signal: signal() })).toMatchObject({ violence: 0.93 });
    expect(await moderation.checkPicture({ data: await pictureBytes(), mime: 'image/png' }, { signal: signal() })).toMatchObject({ violence: 0.01 });
    const sent = server.requestsTo('/v1/moderations').map((entry) => entry.body as { model: string; input: unknown });
    expect(sent[0]).toEqual({ model: 'omni-moderation-latest', input: 'a knight covered in blood' });
    expect(sent[1]!.input).toEqual([{ type: 'image_url', image_url: { url: expect.stringMatching(/^data:image\/png;base64,/) } }]);
  });
});

describe('a book made through OpenAI', () => {
  it('survives a 429 and a 500 on the way and completes, counting its cost', async () => {
    const server = await fakeOpenAI();
    server.script('chat', { status: 429, headers: { 'retry-after-ms': '20' } });
    server.script('images', { status: 500 }, { status: 503 });
    const app = await testApp({ runQueue: true, env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1` } });
    const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: 4, readerAge: 5 });
    expect(started).toMatchObject({ textProvider: 'openai', imageProvider: 'openai', offlineDraft: false });
    const done = await app.core.generation.settled(started.id);
    expect(done.status).toBe('complete');
    // The story, a look at each of the three pages with someone on them, two portraits and four pages.
    expect(done.estimatedCostUsd).toBeCloseTo(0.004 + 3 * 0.004 + 6 * 0.042);
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(2 + 3);
    // Two portraits, the page with nobody on it, and the two failures; pages with someone on them are edits.
    expect(server.requestsTo('/v1/images/generations')).toHaveLength(5);
    expect(server.requestsTo('/v1/images/edits')).toHaveLength(3);
    // Each page's words and picture, the blurb, and each character's look and portrait.
    expect(server.requestsTo('/v1/moderations').length).toBe(4 + 4 + 1 + 2 + 2);
    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book.title).toBe('The Hedgehog Who Swam');
    expect(book.pages.every((page) => page.generateStatus === 'complete')).toBe(true);
  });

  it('keeps the book as it was when the model keeps answering nonsense', async () => {
    const server = await fakeOpenAI();
    server.script('chat', { raw: 'not json' }, { raw: 'not json' }, { raw: 'not json' });
    const app = await testApp({ runQueue: true, env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1` } });
    const started = await app.call('generation.start', { idea: 'a hedgehog who learns to swim', pageCount: 4, readerAge: 5 });
    const done = await app.core.generation.settled(started.id);
    expect(done).toMatchObject({ status: 'failed', error: expect.stringMatching(/^The story could not be written: OpenAI answered with something StorySprout could not read/) });
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(3);
    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book).toMatchObject({ status: 'failed', pageCount: 4 });
  });
});
