import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

const proxies: http.Server[] = [];
afterEach(async () => {
  for (const server of proxies.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** What to do with an answer on its way back: pass it on, or cut the client off. */
export type Interruption = 'relay' | 'after-server-answered' | 'halfway-through-body';

/**
 * An HTTP relay to a server that lets a test interrupt a client at an exact moment: after the
 * server has done the work but before the client hears back, or halfway through a body. The
 * `decide` callback does the interrupting (killing the client's process, typically).
 */
export async function interruptingProxy(target: string, decide: (request: { method: string; url: string; headers: http.IncomingHttpHeaders }) => Interruption, interrupt: () => void) {
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer; status: number }[] = [];
  const server = http.createServer((request, response) => {
    const requestBody: Buffer[] = [];
    request.on('data', (chunk: Buffer) => requestBody.push(chunk));
    const outgoing = http.request(new URL(request.url ?? '/', target), { method: request.method, headers: { ...request.headers, host: new URL(target).host } }, (answer) => {
      const asked = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers };
      seen.push({ ...asked, body: Buffer.concat(requestBody), status: answer.statusCode ?? 0 });
      const how = decide(asked);
      if (how === 'after-server-answered') {
        answer.resume();
        answer.once('end', () => {
          interrupt();
          response.destroy();
        });
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      if (how === 'relay') {
        answer.pipe(response);
        return;
      }
      const length = Number(answer.headers['content-length'] ?? 0);
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent >= length / 2) return;
        const part = chunk.subarray(0, Math.max(0, Math.ceil(length / 2) - sent));
        sent += part.length;
        response.write(part);
        if (sent >= length / 2) {
          // Give the client a moment to write what it got, then cut it off.
          setTimeout(() => {
            interrupt();
            response.destroy();
          }, 300);
        }
      });
    });
    outgoing.on('error', () => response.destroy());
    request.pipe(outgoing);
  });
  proxies.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
