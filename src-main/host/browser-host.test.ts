import fs from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';
import { startBrowserHost, type BrowserHost } from './browser-host';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function runningHost() {
  const app = await testApp();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>StorySprout</title>');
  const host = await startBrowserHost({ core: app.core, dispatch: app.dispatch, rendererDir });
  hosts.push(host);
  const url = new URL(host.url);
  const token = url.searchParams.get('token')!;
  return { app, host, origin: url.origin, token };
}

const callOver = (origin: string, name: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${origin}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('browser host', () => {
  it('prints a 127.0.0.1 link that carries a long random token', async () => {
    const { host, token } = await runningHost();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(token).toHaveLength(43);
  });

  it('answers 401 to every kind of request without the token, or with a wrong one', async () => {
    const { origin, token } = await runningHost();
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/index.html`)).status).toBe(401);
    expect((await fetch(`${origin}/assets/${'a'.repeat(64)}`)).status).toBe(401);
    expect((await callOver(origin, 'library.list', { view: 'shelf' }, {})).status).toBe(401);
    expect((await callOver(origin, 'library.list', { view: 'shelf' }, { authorization: `Bearer ${token.slice(1)}x` })).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    const refused = await fetch(`${origin}/`, { headers: { cookie: 'storysprout_token=guess' } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/needs the link it printed/);
  });

  it('refuses a WebSocket without the token', async () => {
    const { origin } = await runningHost();
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/events`);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('trades the link’s token for a strict same-site cookie and drops it from the address', async () => {
    const { origin, token } = await runningHost();
    const response = await fetch(`${origin}/?token=${token}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${origin}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>StorySprout</title>');
  });

  it('serves the bridge with the same validation as IPC', async () => {
    const { origin, token } = await runningHost();
    const auth = { authorization: `Bearer ${token}` };
    const created = await (await callOver(origin, 'library.create', { title: 'Over HTTP', pageCount: 2 }, auth)).json();
    expect(created).toMatchObject({ ok: true, value: { title: 'Over HTTP', pageCount: 2 } });
    const refused = await (await callOver(origin, 'library.create', { title: 'x', pageCount: 0 }, auth)).json();
    expect(refused).toEqual({ ok: false, error: { code: 'invalid-input', message: 'library.create: pageCount: a book has at least 1 page' } });
    expect(await (await callOver(origin, 'nope', {}, auth)).json()).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('refuses another Host (DNS rebinding) and another site’s Origin', async () => {
    const { host, token } = await runningHost();
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
    const { app, origin, token } = await runningHost();
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
    const { origin, token } = await runningHost();
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
