import http from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';

const MiB = 1024 * 1024;

/**
 * Sends a request's headers and the first 64 KiB of the body they announce, over a socket of its
 * own, and waits for an answer; once it has one, it tries to send the rest until the server hangs up.
 */
function uploadAnswered(origin: string, path: string, options: { method: 'PUT' | 'POST'; headers: Record<string, string>; announcedBytes: number; start?: Buffer }) {
  const chunk = 64 * 1024;
  const start = Buffer.concat([options.start ?? Buffer.alloc(0), Buffer.alloc(chunk - (options.start?.length ?? 0), 0x61)]);
  return new Promise<{ status: number; body: string; sentBeforeAnswer: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer while ${start.length} of ${options.announcedBytes} bytes were sent`)), 5000);
    const request = http.request(new URL(path, origin), { method: options.method, agent: false, headers: { ...options.headers, 'content-length': String(options.announcedBytes) } });
    request.on('error', () => {
      // Expected: the server hangs up on a body it will not read.
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (data: Buffer) => chunks.push(data));
      response.on('end', () => {
        clearTimeout(timer);
        const answer = { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), sentBeforeAnswer: start.length };
        let sent = start.length;
        let hungUp = false;
        if (request.socket!.destroyed) return resolve(answer);
        request.socket!.once('close', () => {
          hungUp = true;
          resolve(answer);
        });
        const sendMore = () => {
          if (hungUp) return;
          if (sent >= options.announcedBytes) return reject(new Error('the server took the whole body'));
          sent += chunk;
          request.write(Buffer.alloc(chunk, 0x62), (error) => (error ? undefined : setImmediate(sendMore)));
        };
        sendMore();
      });
    });
    request.write(start);
  });
}

describe('family routes', () => {
  it('refuse an upload from someone who may not make it before reading its body, and hang up on the rest', async () => {
    const server = await testSyncServer();
    const origin = await server.listen();
    const family = await server.family();
    const stranger = await server.person();
    const read: Socket[] = [];
    server.app.server.on('connection', (socket: Socket) => read.push(socket));

    const boundary = 'edge';
    const attempts: { who: string; expect: number; path: string; method: 'PUT' | 'POST'; headers: Record<string, string>; announcedBytes: number; start?: Buffer }[] = [
      {
        who: 'nobody',
        expect: 401,
        path: `/api/families/${family.id}/ai/v1/images/edits`,
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        announcedBytes: 80 * MiB,
        start: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na fox\r\n--${boundary}\r\nContent-Disposition: form-data; name="image[]"; filename="fox.png"\r\nContent-Type: image/png\r\n\r\n`),
      },
      { who: 'nobody', expect: 401, path: `/api/families/${family.id}/assets/${'a'.repeat(64)}`, method: 'PUT', headers: { 'content-type': 'image/jpeg' }, announcedBytes: 25 * MiB },
      {
        who: 'a stranger',
        expect: 404,
        path: `/api/families/${family.id}/assets/${'a'.repeat(64)}`,
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${stranger.token}` },
        announcedBytes: 25 * MiB,
      },
      {
        who: 'a stranger',
        expect: 404,
        path: `/api/families/${family.id}/sync`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stranger.token}` },
        announcedBytes: 30 * MiB,
      },
      {
        who: 'a child',
        expect: 403,
        path: `/api/families/${family.id}/moderation`,
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${family.child.token}` },
        announcedBytes: 1000 * 1024,
      },
    ];
    const codes: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };
    for (const attempt of attempts) {
      const before = read.length;
      const answer = await uploadAnswered(origin, attempt.path, attempt);
      const label = `${attempt.method} ${attempt.path} from ${attempt.who}`;
      expect(answer.status, label).toBe(attempt.expect);
      expect(JSON.parse(answer.body), label).toMatchObject({ error: { code: codes[attempt.expect] } });
      // What the server read: the headers and about what was sent before the answer, never the announced megabytes.
      expect(read.slice(before).at(-1)!.bytesRead, label).toBeLessThan(answer.sentBeforeAnswer + MiB);
    }
  });
});
