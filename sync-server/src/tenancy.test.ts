import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../test-support/devices';
import { picture, pictureSha, routeCases, type RouteCase } from '../test-support/route-cases';
import { testSyncServer } from '../test-support/sync-test-server';

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
