import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deviceClock } from '../../test-support/devices';
import { testSyncServer } from '../../test-support/sync-test-server';

const nextMessage = (socket: WebSocket) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no nudge within 5 s')), 5000);
    socket.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(String(data)) as Record<string, unknown>);
    });
  });

describe('nudges', () => {
  it('tells a connected device its family changed, even when the change came through another instance', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    // On PostgreSQL the device listens on a second instance; the change arrives through the first.
    const listening = server.dialect === 'postgres' ? (await server.instance()).app : server.app;
    const socket = await listening.injectWS(`/api/families/${family.id}/events`, { headers: { authorization: `Bearer ${family.child.token}` } });
    const nudged = nextMessage(socket);
    const device = deviceClock();
    const pushed = await server.call<{ cursor: number }>('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [device.change('books', randomUUID(), 'title', 'New')] } });
    expect(await nudged).toEqual({ type: 'changed', cursor: pushed.body.cursor });
    socket.terminate();
  });

  it('lets no one listen to a family they are not in', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const stranger = await server.person();
    for (const headers of [{}, { authorization: `Bearer ${stranger.token}` }]) {
      await expect(server.app.injectWS(`/api/families/${family.id}/events`, { headers })).rejects.toThrow(/Unexpected server response: (401|404)/);
    }
  });

  it('refuses a page of another site that opens the socket with the family’s cookie, and takes the app and the server’s own pages', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const origin = await server.listen();
    const events = `${origin.replace(/^http/, 'ws')}/api/families/${family.id}/events`;
    const cookie = `storysprout_session=${family.parent.token}`;
    const opened = (socket: WebSocket) =>
      new Promise<number>((resolve) => {
        socket.once('open', () => {
          socket.terminate();
          resolve(101);
        });
        socket.once('unexpected-response', (request, response) => {
          request.destroy();
          resolve(response.statusCode!);
        });
      });
    expect(await opened(new WebSocket(events, { headers: { cookie }, origin: 'https://evil.example.com' }))).toBe(403);
    expect(await opened(new WebSocket(events, { headers: { cookie }, origin: 'null' }))).toBe(403);
    expect(await opened(new WebSocket(events, { headers: { cookie }, origin }))).toBe(101);
    expect(await opened(new WebSocket(events, { headers: { authorization: `Bearer ${family.parent.token}` } }))).toBe(101);
  });
});
