import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchForErrors } from './support/browser';
import { browserAndHost } from './support/suite';

const suite = browserAndHost();

/** Another program on this computer: a web server on another 127.0.0.1 port that keeps what browsers send it. */
let neighbour: http.Server;
let neighbourOrigin = '';
const received: http.IncomingHttpHeaders[] = [];
beforeAll(async () => {
  neighbour = http.createServer((request, response) => {
    received.push(request.headers);
    // Its page tries what a script there could: read storage, and call the host as the family's window.
    response.setHeader('content-type', 'text/html');
    response.end(`<!doctype html><title>Free games</title><script>
      window.stolen = { session: JSON.stringify(sessionStorage), local: JSON.stringify(localStorage), cookie: document.cookie };
      window.called = fetch('${suite.host.origin}/api/call/library.list', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{"view":"shelf"}' })
        .then((r) => r.status, (e) => 'refused: ' + e.message);
    </script>`);
  });
  await new Promise<void>((resolve) => neighbour.listen(0, '127.0.0.1', resolve));
  neighbourOrigin = `http://127.0.0.1:${(neighbour.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => neighbour.close(resolve)));

describe('the browser host’s credential', () => {
  it('never reaches another program on 127.0.0.1, even when the family follows a link to it', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    await page.getByRole('heading', { name: 'Our books' }).waitFor();
    const token = new URL(suite.host.url).hash.replace('#token=', '');
    expect(page.url()).not.toContain(token);
    expect(errors).toEqual([]);

    // One click on a link to the other program's page.
    await page.evaluate((href) => {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = 'Free games';
      document.body.append(link);
      link.click();
    }, `${neighbourOrigin}/free-games`);
    await page.waitForURL(`${neighbourOrigin}/free-games`);
    const stolen = await page.evaluate(() => (window as unknown as { stolen: Record<string, string> }).stolen);
    const called = await page.evaluate(() => (window as unknown as { called: Promise<unknown> }).called);

    const everythingSent = JSON.stringify(received);
    expect(received.length).toBeGreaterThan(0);
    expect(everythingSent).not.toContain(token);
    expect(everythingSent).not.toContain('storysprout');
    expect(JSON.stringify(stolen)).not.toContain(token);
    // The host refuses another site's page outright, token or not.
    expect(called).not.toBe(200);

    // Back in the family's tab, the window still works without the link.
    errors.length = 0;
    await page.goBack();
    await page.getByRole('heading', { name: 'Our books' }).waitFor();
    await page.getByText('No books yet').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
