import http from 'node:http';
import type { AddressInfo } from 'node:net';

const WAIT_MS = 10 * 60_000;

const page = (title: string, words: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>StorySprout</title><body style="font-family:sans-serif;max-width:32rem;margin:4rem auto"><h1>${title}</h1><p>${words}</p></body></html>`;

/**
 * A one-use listener on a loopback port (RFC 8252 §7.3) for sign-in in the system browser: the
 * sync server sends the browser back here with a one-time code, this hands it to `finish`, shows
 * the outcome in the tab, and closes. Gone after ten minutes if nobody comes back.
 */
export async function listenForBrowserSignIn(finish: (answer: { code?: string; state?: string }) => Promise<unknown>, onError: (error: unknown) => void): Promise<{ returnTo: string; close(): void }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    server.close();
    clearTimeout(expiry);
    finish({ code: url.searchParams.get('code') ?? undefined, state: url.searchParams.get('state') ?? undefined }).then(
      () => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('You are signed in', 'Go back to StorySprout: your family’s books are on their way.')),
      (error: unknown) => {
        onError(error);
        const words = error instanceof Error ? error.message : 'Sign-in did not finish.';
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Sign-in did not finish', words.replace(/[<>&]/g, '')));
      },
    );
  });
  const expiry = setTimeout(() => server.close(), WAIT_MS);
  expiry.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A sign-in nobody finishes must not keep the CLI or a test process alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    returnTo: `http://127.0.0.1:${port}/callback`,
    close: () => {
      clearTimeout(expiry);
      server.close();
    },
  };
}
