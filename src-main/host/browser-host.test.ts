import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testHost } from '../../tests/support/test-host';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from './browser-host';

const callOver = (origin: string, name: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${origin}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('browser host', () => {
  it('prints a 127.0.0.1 link that carries a long random token after #, which browsers never send', async () => {
    const { host, token } = await testHost();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    expect(token).toHaveLength(43);
  });

  it('answers 401 to the family’s calls, pictures and exports without the token, or with a wrong one', async () => {
    const { origin, token } = await testHost();
    expect((await fetch(`${origin}/assets/${'a'.repeat(64)}`)).status).toBe(401);
    expect((await fetch(`${origin}/exports/anything.pdf`)).status).toBe(401);
    expect((await callOver(origin, 'library.list', { view: 'shelf' }, {})).status).toBe(401);
    expect((await callOver(origin, 'library.list', { view: 'shelf' }, { authorization: `Bearer ${token.slice(1)}x` })).status).toBe(401);
    expect((await fetch(`${origin}/api/call/library.list?token=${token}`, { method: 'POST', body: '{"view":"shelf"}' })).status).toBe(401);
    const refused = await callOver(origin, 'library.list', { view: 'shelf' }, { cookie: `storysprout_token=${token}` });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/needs the link it printed/);
  });

  it('serves the window’s own files to anyone, with its strict policy and no cookie', async () => {
    const { origin } = await testHost();
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>StorySprout</title>');
  });

  it('refuses a WebSocket without the token, and takes it as a subprotocol the way a browser sends it', async () => {
    const { origin, token } = await testHost();
    const open = (protocols: string[]) =>
      new Promise<{ status: number; protocol: string }>((resolve) => {
        const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/events`, protocols);
        socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, protocol: '' }));
        socket.on('open', () => {
          resolve({ status: 101, protocol: socket.protocol });
          socket.close();
        });
      });
    expect((await open([])).status).toBe(401);
    expect((await open([EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}guess`])).status).toBe(401);
    expect(await open([EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`])).toEqual({ status: 101, protocol: EVENTS_PROTOCOL });
  });

  it('serves the bridge with the same validation as IPC', async () => {
    const { origin, token } = await testHost();
    const auth = { authorization: `Bearer ${token}` };
    const created = await (await callOver(origin, 'library.create', { title: 'Over HTTP', pageCount: 2 }, auth)).json();
    expect(created).toMatchObject({ ok: true, value: { title: 'Over HTTP', pageCount: 2 } });
    const refused = await (await callOver(origin, 'library.create', { title: 'x', pageCount: 0 }, auth)).json();
    expect(refused).toEqual({ ok: false, error: { code: 'invalid-input', message: 'library.create: pageCount: a book has at least 1 page' } });
    expect(await (await callOver(origin, 'nope', {}, auth)).json()).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('refuses another Host (DNS rebinding) and another site’s Origin', async () => {
    const { host, token } = await testHost();
    // fetch() will not forge Host, so this goes through node:http.
    const request = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = httpRequest(
          {
            host: '127.0.0.1',
            port: host.port,
            path: '/api/call/family.get',
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
          },
          (response) => resolve(response.statusCode ?? 0),
        );
        outgoing.on('error', reject);
        outgoing.end('{}');
      });
    expect(await request({ host: `evil.example:${host.port}` })).toBe(421);
    expect(await request({ origin: 'https://evil.example' })).toBe(403);
    expect(await request({})).toBe(200);
  });

  it('serves stored pictures by hash and nothing outside the assets folder', async () => {
    const { app, origin, token } = await testHost();
    const asset = await app.core.assets.put(Buffer.from('png-bytes'), { mime: 'image/png', width: 1, height: 1 });
    const auth = { authorization: `Bearer ${token}` };
    const picture = await fetch(`${origin}/assets/${asset.sha256}`, { headers: auth });
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(await picture.text()).toBe('png-bytes');
    for (const sneaky of ['..%2Flibrary.sqlite', '..%2F..%2F..%2Fetc%2Fpasswd', 'a'.repeat(64)]) {
      expect((await fetch(`${origin}/assets/${sneaky}`, { headers: auth })).status).toBe(404);
    }
  });

  it('pushes core events to connected windows', async () => {
    const { origin, token } = await testHost();
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/events`, { headers: { authorization: `Bearer ${token}` } });
    const greeting = await new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    expect(greeting).toEqual({ name: 'bridge.connected', payload: {} });
    const received = new Promise<unknown>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { name: string };
        if (message.name !== 'bridge.connected') resolve(message);
      }),
    );
    const created = (await (await callOver(origin, 'library.create', { title: 'Live', pageCount: 1 }, { authorization: `Bearer ${token}` })).json()) as {
      value: { id: string };
    };
    expect(await received).toEqual({ name: 'library.changed', payload: { bookId: created.value.id } });
    socket.close();
  });
});
