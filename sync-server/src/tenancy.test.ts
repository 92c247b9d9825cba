import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../test-support/devices';
import { pictureOf } from '../test-support/pictures';
import { testSyncServer } from '../test-support/sync-test-server';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RouteCase {
  method: Method;
  /** As the OpenAPI document names it. */
  path: string;
  /** Public routes answer anyone; the others need a token. */
  public?: boolean;
  /** Family routes refuse strangers with 404; parentOnly ones refuse a child with 403. */
  family?: 'member' | 'parent';
  body?: unknown;
  raw?: { data: Buffer; contentType: string };
}

const picture = await pictureOf(1);
const pictureSha = createHash('sha256').update(picture).digest('hex');

/** Every route of the API, with a request that would succeed for the right person. */
async function routeCases(): Promise<RouteCase[]> {
  return [
    { method: 'POST', path: '/api/auth/signup', public: true, body: { email: 'someone.new@example.com', password: 'long enough secret', fullName: 'New' } },
    { method: 'POST', path: '/api/auth/login', public: true, body: { email: 'someone.new@example.com', password: 'long enough secret' } },
    { method: 'GET', path: '/api/auth/oidc/{provider}/start', public: true },
    { method: 'POST', path: '/api/auth/oidc/exchange', public: true, body: { code: 'not-a-real-code', codeVerifier: 'v'.repeat(43) } },
    { method: 'GET', path: '/api/me' },
    { method: 'POST', path: '/api/families', body: { name: 'Mine' } },
    { method: 'GET', path: '/api/families/{id}', family: 'member' },
    { method: 'POST', path: '/api/families/{id}/invites', family: 'parent', body: {} },
    { method: 'POST', path: '/api/invites/{code}/accept' },
    { method: 'PATCH', path: '/api/families/{id}/members/{userId}', family: 'parent', body: { role: 'child-creator' } },
    { method: 'DELETE', path: '/api/families/{id}/members/{userId}', family: 'parent' },
    { method: 'GET', path: '/api/families/{id}/moderation', family: 'member' },
    { method: 'PUT', path: '/api/families/{id}/moderation', family: 'parent', body: { thresholds: { violence: 0.3 } } },
    { method: 'POST', path: '/api/families/{id}/sync', family: 'member', body: { cursor: 0, changes: [] } },
    { method: 'PUT', path: '/api/families/{id}/assets/{sha256}', family: 'member', raw: { data: picture, contentType: 'image/jpeg' } },
    { method: 'GET', path: '/api/families/{id}/assets/{sha256}', family: 'member' },
    { method: 'POST', path: '/api/families/{id}/assets/missing', family: 'member', body: { sha256s: [pictureSha] } },
    { method: 'POST', path: '/api/families/{id}/books/{bookId}/share', family: 'parent', body: {} },
    { method: 'GET', path: '/api/families/{id}/books/{bookId}/share', family: 'parent' },
    { method: 'DELETE', path: '/api/families/{id}/books/{bookId}/share', family: 'parent' },
    { method: 'POST', path: '/api/families/{id}/subscriptions', family: 'parent', body: { plan: 'family' } },
    { method: 'POST', path: '/api/families/{id}/billing-portal', family: 'parent' },
    { method: 'GET', path: '/api/plans', public: true },
    { method: 'GET', path: '/api/families/{id}/subscription', family: 'member' },
    { method: 'GET', path: '/api/families/{id}/usage', family: 'member' },
    { method: 'POST', path: '/api/families/{id}/ai/v1/chat/completions', family: 'member', body: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hello' }] } },
    { method: 'POST', path: '/api/families/{id}/ai/v1/images/generations', family: 'member', body: { prompt: 'a fox' } },
    {
      method: 'POST',
      path: '/api/families/{id}/ai/v1/images/edits',
      family: 'member',
      raw: {
        data: Buffer.concat([
          Buffer.from('--edge\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na fox\r\n--edge\r\nContent-Disposition: form-data; name="image[]"; filename="fox.png"\r\nContent-Type: image/png\r\n\r\n'),
          await pictureOf(2, 'png'),
          Buffer.from('\r\n--edge--\r\n'),
        ]),
        contentType: 'multipart/form-data; boundary=edge',
      },
    },
    { method: 'POST', path: '/api/families/{id}/ai/v1/moderations', family: 'member', body: { input: 'a fox' } },
    { method: 'GET', path: '/healthz', public: true },
    { method: 'GET', path: '/readyz', public: true },
    // Last: it ends the session it is called with.
    { method: 'POST', path: '/api/auth/logout' },
  ];
}

describe('tenancy: each family’s data is its own', () => {
  it('answers 401 without a token, 404 to another family, 403 to a child where parents decide, and shows nothing of another family', async () => {
    const server = await testSyncServer();
    const victim = await server.family('The Victims');
    // The victim family has a book, a picture and limits that nobody else may see.
    const device = deviceClock();
    const secretBook = randomUUID();
    await server.call('POST', `/api/families/${victim.id}/sync`, { token: victim.parent.token, body: { changes: [device.change('books', secretBook, 'title', 'Secret Title')] } });
    await server.call('PUT', `/api/families/${victim.id}/assets/${pictureSha}`, { token: victim.parent.token, raw: picture, contentType: 'image/jpeg' });
    await server.call('PUT', `/api/families/${victim.id}/moderation`, { token: victim.parent.token, body: { thresholds: { violence: 0.123 } } });
    const stranger = await server.family('The Strangers');
    const secrets = [victim.id, 'The Victims', 'Secret Title', secretBook, '0.123', victim.parent.user.email, victim.child.user.email];

    const documented = Object.entries((await server.call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs/json')).body.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const cases = await routeCases();
    expect(cases.map((route) => `${route.method} ${route.path}`).sort()).toEqual(documented.sort());

    // Members are asked about the parent: a child may leave, but not remove or change a parent.
    const urlOf = (route: RouteCase) =>
      route.path.replace('{id}', victim.id).replace('{userId}', victim.parent.user.id).replace('{sha256}', pictureSha).replace('{bookId}', secretBook).replace('{provider}', 'google').replace('{code}', 'not-a-real-invite-code');
    const ask = (route: RouteCase, token?: string) =>
      server.call(route.method, urlOf(route), { token, body: route.body, ...(route.raw && { raw: route.raw.data, contentType: route.raw.contentType }) });

    for (const route of cases) {
      const label = `${route.method} ${route.path}`;
      if (!route.public) expect((await ask(route)).status, `${label} without a token`).toBe(401);
      if (route.family) {
        const answer = await ask(route, stranger.parent.token);
        expect(answer.status, `${label} as a parent of another family`).toBe(404);
        for (const secret of secrets) expect(JSON.stringify(answer.body), `${label} shows ${secret}`).not.toContain(secret);
      }
      if (route.family === 'parent') expect((await ask(route, victim.child.token)).status, `${label} as a child`).toBe(403);
    }

    // Nor does anything a stranger may call show the victims' data.
    for (const route of cases.filter((each) => !each.family)) {
      const answer = await ask(route, stranger.parent.token);
      for (const secret of secrets) expect(JSON.stringify(answer.body), `${route.method} ${route.path} shows ${secret}`).not.toContain(secret);
    }
  });
});
