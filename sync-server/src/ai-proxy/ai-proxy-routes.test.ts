import Fastify from 'fastify';
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../../../tests/fakes/openai-server';
import { pictureOf } from '../../test-support/pictures';
import { testSyncServer } from '../../test-support/sync-test-server';
import { currentPeriod } from '../billing/billing-routes';

type Server = Awaited<ReturnType<typeof testSyncServer>>;

/** A family on a plan, as the Stripe webhook leaves one. */
async function subscribe(server: Server, familyId: string, plan = 'family', status = 'active') {
  await server.store.db
    .insertInto('subscriptions')
    .values({ family_id: familyId, stripe_customer_id: `cus_${familyId}`, stripe_subscription_id: `sub_${familyId}`, plan_name: plan, status, next_billing_date: null, state_as_of: 1, updated_at: new Date().toISOString() })
    .execute();
}

async function proxyWorld(upstreamUrl: string, env: Record<string, string> = {}) {
  // Many families sign up from this one test address.
  const server = await testSyncServer({ OPENAI_API_KEY: 'sk-server-key', OPENAI_BASE_URL: `${upstreamUrl}/v1`, SIGNUPS_PER_HOUR_PER_ADDRESS: '100', ...env });
  const origin = await server.app.listen({ host: '127.0.0.1', port: 0 });
  /** The desktop's side: the `openai` SDK pointed at the family's proxy, its session token as the key. */
  const clientFor = (familyId: string, token: string) => new OpenAI({ apiKey: token, baseURL: `${origin}/api/families/${familyId}/ai/v1`, maxRetries: 0 });
  const usage = async (familyId: string) =>
    (await server.store.db.selectFrom('usage').select(['books', 'pictures']).where('family_id', '=', familyId).where('period', '=', currentPeriod()).executeTakeFirst()) ?? { books: 0, pictures: 0 };
  /** What someone with a member's token can send without the SDK: any JSON at all. */
  const post = async (familyId: string, token: string, path: string, body: unknown) => {
    const response = await fetch(`${origin}/api/families/${familyId}/ai/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string; param: string | null; type: string } } };
  };
  return { server, origin, clientFor, usage, post };
}

/** An image edit as multipart/form-data, with any fields and files. */
function editForm(fields: Record<string, string>, files: { field: string; data: Buffer; type: string }[]) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [index, file] of files.entries()) form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.type }), `picture-${index}.png`);
  return form;
}

describe('the AI proxy', () => {
  it('lets a subscribed family generate with the server’s key through the openai SDK, and counts it', async () => {
    const upstream = await fakeOpenAI();
    const { server, clientFor, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    await subscribe(server, family.id);
    const client = clientFor(family.id, family.child.token);

    const story = await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Write exactly 4 pages about a hedgehog.' }] });
    expect(JSON.parse(story.choices[0]!.message.content!).pages).toHaveLength(4);
    const picture = await client.images.generate({ model: 'gpt-image-2', prompt: 'a hedgehog swimming, watercolour' });
    expect(picture.data![0]!.b64_json).toBeTruthy();
    expect(await usage(family.id)).toEqual({ books: 1, pictures: 1 });

    const forwarded = upstream.requestsTo('/v1/chat/completions')[0]!;
    expect(forwarded.headers.authorization).toBe('Bearer sk-server-key');
    expect(JSON.stringify(forwarded)).not.toContain(family.child.token);
    expect((forwarded.body as { user: string }).user).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(forwarded)).not.toContain(family.id);
    // Prompt and result were both checked.
    expect(upstream.requestsTo('/v1/moderations')).toHaveLength(4);
  });

  it('draws from a family’s reference pictures through image edits, checked and counted like any picture', async () => {
    const upstream = await fakeOpenAI({ flagWords: ['blood'] });
    const { server, clientFor, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    await subscribe(server, family.id);
    const client = clientFor(family.id, family.child.token);
    const [hazel, pip] = await Promise.all([pictureOf(10, 'png'), pictureOf(20, 'png')]);
    const reference = (name: string) => toFile(name === 'hazel' ? hazel : pip, `${name}.png`, { type: 'image/png' });

    const drawn = await client.images.edit({ model: 'gpt-image-2', prompt: 'Hazel and Pip at the pond', image: [await reference('hazel'), await reference('pip')], size: '1024x1024' });
    expect(drawn.data![0]!.b64_json).toBeTruthy();
    const forwarded = upstream.requestsTo('/v1/images/edits')[0]!;
    expect(forwarded.headers.authorization).toBe('Bearer sk-server-key');
    expect(String(forwarded.body)).toContain(hazel.toString('latin1'));
    expect(String(forwarded.body)).toContain(pip.toString('latin1'));
    expect(String(forwarded.body)).toContain('Hazel and Pip at the pond');
    expect(await usage(family.id)).toEqual({ books: 0, pictures: 1 });

    await expect(client.images.edit({ prompt: 'Pip covered in blood', image: await reference('pip') })).rejects.toMatchObject({ status: 400, code: 'content_policy_violation' });
    await expect(client.images.edit({ prompt: 'no pictures', image: [] })).rejects.toMatchObject({ status: 400 });
    // Whatever is forwarded as a picture is one.
    const notAPicture = await toFile(Buffer.from('<!doctype html><p>not a picture</p>'), 'pip.png', { type: 'image/png' });
    await expect(client.images.edit({ prompt: 'Pip at the pond', image: [await reference('hazel'), notAPicture] })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_image',
      message: expect.stringMatching(/pip.png is not a picture of type image\/png/),
    });
    expect(upstream.requestsTo('/v1/images/edits')).toHaveLength(1);
  });

  it('answers 402 with the reason to a family without a plan or past its quota', async () => {
    const upstream = await fakeOpenAI();
    const { server, clientFor, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    const client = clientFor(family.id, family.parent.token);
    const attempt = () => client.images.generate({ model: 'gpt-image-2', prompt: 'a fox' });
    await expect(attempt()).rejects.toMatchObject({ status: 402, message: expect.stringMatching(/no active StorySprout subscription/) });

    await subscribe(server, family.id);
    await server.store.db.insertInto('usage').values({ family_id: family.id, period: currentPeriod(), books: 0, pictures: 400 }).execute();
    await expect(attempt()).rejects.toMatchObject({ status: 402, message: expect.stringMatching(/This month's 400 pictures on the family plan are used up/) });
    expect(upstream.requestsTo('/v1/images')).toHaveLength(0);
    expect(await usage(family.id)).toEqual({ books: 0, pictures: 400 });
    const stranger = await server.person();
    await expect(clientFor(family.id, stranger.token).images.generate({ prompt: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a prompt past the family’s limits before any work, and withholds a result past them, still counting it', async () => {
    const upstream = await fakeOpenAI({ flagWords: ['blood'] });
    const { server, clientFor, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    await subscribe(server, family.id);
    const client = clientFor(family.id, family.child.token);
    await expect(client.images.generate({ prompt: 'a knight covered in blood' })).rejects.toMatchObject({ status: 400, code: 'content_policy_violation' });
    expect(upstream.requestsTo('/v1/images')).toHaveLength(0);

    upstream.script('chat', { status: 200, body: { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'and then there was blood everywhere', refusal: null } }] } });
    await expect(client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'a gentle story' }] })).rejects.toMatchObject({ status: 422, code: 'result_moderated' });
    expect(await usage(family.id)).toEqual({ books: 1, pictures: 0 });
  });

  it('passes the service’s own errors through once, for the device’s queue to retry', async () => {
    const upstream = await fakeOpenAI();
    const { server, clientFor, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    await subscribe(server, family.id);
    upstream.script('images', { status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } });
    await expect(clientFor(family.id, family.parent.token).images.generate({ prompt: 'a fox' })).rejects.toMatchObject({ status: 503 });
    expect(upstream.requestsTo('/v1/images')).toHaveLength(1);
    expect(await usage(family.id)).toEqual({ books: 0, pictures: 0 });
    // The slot was given back.
    expect(await server.store.db.selectFrom('active_generations').selectAll().execute()).toEqual([]);
  });
});

const upstreams: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const each of upstreams.splice(0)) await each.close();
});

/** An image service that takes its time, and notes how many of each family's requests it has at once. */
async function slowImageService(latencyMs: number) {
  const app = Fastify();
  const active = new Map<string, number>();
  const most = new Map<string, number>();
  app.post('/v1/moderations', async () => ({ id: 'm', model: 'omni-moderation-latest', results: [{ flagged: false, categories: {}, category_scores: { violence: 0.01 } }] }));
  app.post('/v1/images/generations', async (request) => {
    const user = (request.body as { user: string }).user;
    active.set(user, (active.get(user) ?? 0) + 1);
    most.set(user, Math.max(most.get(user) ?? 0, active.get(user)!));
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    active.set(user, active.get(user)! - 1);
    return { created: 1, data: [{ b64_json: 'aGVsbG8=' }] };
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  upstreams.push(app);
  return { url, most };
}

describe('the AI proxy, asked by someone steering around its limits', () => {
  it('moderates every word of every message, whatever form it comes in, and refuses forms the desktop never sends', async () => {
    const upstream = await fakeOpenAI({ flagWords: ['blood'] });
    const { server, post, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    await subscribe(server, family.id);
    const chat = (body: object) => post(family.id, family.child.token, 'chat/completions', { model: 'gpt-4.1-mini', ...body });
    const bloody = 'a knight covered in blood';
    const gentle = { role: 'user', content: 'a gentle story' };

    const pastTheLimits = [
      { messages: [{ role: 'user', content: [{ type: 'text', text: bloody }] }] },
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'a gentle story' }, { type: 'text', text: bloody }] }] },
      { messages: [{ role: 'system', content: bloody }, gentle] },
      { messages: [{ role: 'developer', content: [{ type: 'text', text: bloody }] }, gentle] },
      { messages: [gentle, { role: 'assistant', content: bloody }] },
      // The model reads the answer's schema too.
      { messages: [gentle], response_format: { type: 'json_schema', json_schema: { name: 'book', schema: { type: 'object', properties: { text: { type: 'string', description: bloody } } } } } },
    ];
    for (const body of pastTheLimits) expect(await chat(body), JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: 'content_policy_violation' } } });

    const neverSent = [
      { messages: [{ role: 'user', content: [{ type: 'input_text', text: bloody }] }] },
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/knight.png' } }] }] },
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: bloody }] }] },
      { messages: [{ role: 'tool', content: bloody, tool_call_id: 'call_1' }] },
      { messages: [{ role: 'function', name: 'draw', content: bloody }] },
      { messages: [{ role: 'user', content: 'hi', name: bloody }] },
      { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'draw', arguments: bloody } }] }] },
      { messages: [gentle], prediction: { type: 'content', content: bloody } },
    ];
    for (const body of neverSent) expect(await chat(body), JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error', code: expect.stringMatching(/^(invalid_request|unsupported_parameter)$/) } } });
    expect((await chat({ messages: [{ role: 'tool', content: bloody, tool_call_id: 'call_1' }] })).body.error!.message).toMatch(/tool and function messages are not taken/);
    expect((await chat({ messages: [{ role: 'user', content: [{ type: 'input_text', text: bloody }] }] })).body.error!.message).toMatch(/pictures, sound and files are not taken/);

    expect(upstream.requestsTo('/v1/chat/completions')).toHaveLength(0);
    expect(await usage(family.id)).toEqual({ books: 0, pictures: 0 });
  });

  it('passes on only what the desktop sends, within bounds, and names what it refuses', async () => {
    const upstream = await fakeOpenAI();
    const { server, post, origin, usage } = await proxyWorld(upstream.url, { AI_IMAGE_MODELS: 'gpt-image-2,gpt-image-1', AI_MAX_COMPLETION_TOKENS: '8000' });
    const family = await server.family();
    await subscribe(server, family.id);
    const story = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Write exactly 4 pages about a hedgehog.' }] };
    const picture = { model: 'gpt-image-2', prompt: 'a hedgehog swimming' };
    const refused = [
      ['chat/completions', { ...story, n: 64 }, 'invalid_request', 'n'],
      ['chat/completions', { ...story, model: 'o3-pro' }, 'invalid_request', 'model'],
      ['chat/completions', { ...story, max_completion_tokens: 1_000_000 }, 'invalid_request', 'max_completion_tokens'],
      ['chat/completions', { ...story, max_tokens: 1_000_000 }, 'unsupported_parameter', 'max_tokens'],
      ['chat/completions', { ...story, tools: [{ type: 'function', function: { name: 'draw' } }] }, 'unsupported_parameter', 'tools'],
      ['chat/completions', { ...story, stream: true }, 'unsupported_parameter', 'stream'],
      ['images/generations', { ...picture, n: 64 }, 'invalid_request', 'n'],
      ['images/generations', { ...picture, model: 'dall-e-3' }, 'invalid_request', 'model'],
      ['images/generations', { ...picture, size: '1536x1024' }, 'invalid_request', 'size'],
      ['images/generations', { ...picture, quality: 'high' }, 'unsupported_parameter', 'quality'],
      ['moderations', { model: 'text-moderation-stable', input: 'a fox' }, 'invalid_request', 'model'],
      ['moderations', { input: ['a fox', 'a hedgehog'] }, 'invalid_request', 'input'],
    ] as const;
    for (const [path, body, code, param] of refused) {
      const answer = await post(family.id, family.parent.token, path, body);
      expect(answer, `${path} ${JSON.stringify(body)}`).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error', code, param } } });
    }
    expect((await post(family.id, family.parent.token, 'chat/completions', { ...story, tools: [] })).body.error!.message).toBe('StorySprout Cloud does not take tools');

    const html = Buffer.from('<!doctype html><p>not a picture</p>').toString('base64');
    const notAPicture = await post(family.id, family.parent.token, 'moderations', { input: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${html}` } }] });
    expect(notAPicture).toMatchObject({ status: 400, body: { error: { code: 'invalid_image' } } });

    const hazel = await pictureOf(10, 'png');
    const edit = (fields: Record<string, string>, files = [{ field: 'image[]', data: hazel, type: 'image/png' }]) =>
      fetch(`${origin}/api/families/${family.id}/ai/v1/images/edits`, { method: 'POST', headers: { authorization: `Bearer ${family.parent.token}` }, body: editForm(fields, files) }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { error: { code: string; param: string; message: string } },
      }));
    expect(await edit({ prompt: 'Hazel at the pond', n: '64' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', param: 'n' } } });
    expect(await edit({ prompt: 'Hazel at the pond', quality: 'high' })).toMatchObject({ status: 400, body: { error: { code: 'unsupported_parameter', param: 'quality' } } });
    expect(await edit({ prompt: 'Hazel at the pond' }, [{ field: 'image[]', data: hazel, type: 'image/png' }, { field: 'mask', data: hazel, type: 'image/png' }])).toMatchObject({
      status: 400,
      body: { error: { code: 'unsupported_parameter', param: 'mask' } },
    });
    const seven = Array.from({ length: 7 }, () => ({ field: 'image[]', data: hazel, type: 'image/png' }));
    expect(await edit({ prompt: 'Hazel and her six friends' }, seven)).toMatchObject({ status: 413, body: { error: { code: 'request_too_large', message: 'An image edit takes at most 6 reference pictures.' } } });
    expect(upstream.requests.filter((request) => request.url !== '/v1/moderations')).toEqual([]);

    // What the desktop sends goes through, capped: one story of at most the server's tokens, a picture from the server's models.
    expect((await post(family.id, family.parent.token, 'chat/completions', story)).status).toBe(200);
    expect(upstream.requestsTo('/v1/chat/completions')[0]!.body).toMatchObject({ ...story, n: 1, max_completion_tokens: 8000 });
    expect((await post(family.id, family.parent.token, 'images/generations', { ...picture, model: 'gpt-image-1', size: '1024x1024', n: 1 })).status).toBe(200);
    expect(upstream.requestsTo('/v1/images/generations')[0]!.body).toMatchObject({ model: 'gpt-image-1', size: '1024x1024', n: 1 });
    expect((await post(family.id, family.parent.token, 'images/generations', { prompt: 'a fox' })).status).toBe(200);
    expect(upstream.requestsTo('/v1/images/generations')[1]!.body).toMatchObject({ model: 'gpt-image-2', n: 1 });
    expect(await usage(family.id)).toEqual({ books: 1, pictures: 2 });
  });

  it('counts the pictures the service made, not the requests that asked for them', async () => {
    const upstream = await fakeOpenAI();
    const { server, clientFor, usage } = await proxyWorld(upstream.url);
    const family = await server.family();
    await subscribe(server, family.id);
    const client = clientFor(family.id, family.child.token);
    const drawn = { b64_json: (await pictureOf(30, 'png')).toString('base64') };
    upstream.script('images', { status: 200, body: { created: 1, data: [drawn, drawn, drawn] } });
    upstream.script('edits', { status: 200, body: { created: 1, data: [drawn, drawn] } });

    await client.images.generate({ model: 'gpt-image-2', prompt: 'a fox' });
    expect(await usage(family.id)).toEqual({ books: 0, pictures: 3 });
    await client.images.edit({ model: 'gpt-image-2', prompt: 'Hazel at the pond', image: await toFile(await pictureOf(10, 'png'), 'hazel.png', { type: 'image/png' }) });
    expect(await usage(family.id)).toEqual({ books: 0, pictures: 5 });
  });
});

describe('the AI proxy under load', () => {
  it('keeps every family to 5 generations at once across 50 concurrent requests from 20 families, and loses no usage', async () => {
    const service = await slowImageService(150);
    const { server, origin } = await proxyWorld(service.url);
    const families: Awaited<ReturnType<Server['family']>>[] = [];
    for (let index = 0; index < 20; index++) {
      const family = await server.family(`Family ${index}`);
      await subscribe(server, family.id);
      families.push(family);
    }
    // Eleven requests from each of the first three families, one from each of the other seventeen: 50.
    const plan = families.flatMap((family, index) => Array.from({ length: index < 3 ? 11 : 1 }, () => family)).slice(0, 50);
    expect(plan).toHaveLength(50);
    const generateUntilDone = async (family: (typeof families)[number]) => {
      // As the desktop queue does: a 429 is tried again shortly.
      for (;;) {
        const response = await fetch(`${origin}/api/families/${family.id}/ai/v1/images/generations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${family.parent.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ prompt: 'a fox', model: 'gpt-image-2' }),
        });
        if (response.status !== 429) return response.status;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const statuses = await Promise.all(plan.map(generateUntilDone));
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(Math.max(...service.most.values())).toBeLessThanOrEqual(5);
    expect(Math.max(...service.most.values())).toBe(5);
    const counted = await server.store.db.selectFrom('usage').select(['family_id', 'pictures']).execute();
    expect(counted.reduce((sum, row) => sum + row.pictures, 0)).toBe(50);
    for (const family of families.slice(0, 3)) expect(counted.find((row) => row.family_id === family.id)!.pictures).toBe(plan.filter((each) => each === family).length);
  });
});
