import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src-main/host/browser-host';
import type { BridgeResponse, CallArgs, CallName } from '../../src-preload/contract';
import { tempDir } from './temp-dir';
import { testApp } from './test-app';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

/**
 * The browser host, really listening on 127.0.0.1, over a test app's core: tests talk to it as a
 * window or another program would, over HTTP and WebSocket. It serves a one-line page in place of
 * the built window.
 */
export async function testHost(options: Parameters<typeof testApp>[0] = {}) {
  const app = await testApp(options);
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>StorySprout</title>');
  const host = await startBrowserHost({ core: app.core, dispatch: app.dispatch, rendererDir });
  hosts.push(host);
  const url = new URL(host.url);
  const token = /^#token=(.+)$/.exec(url.hash)![1]!;
  const auth = { authorization: `Bearer ${token}` };
  /** A bridge call over HTTP, answered as the window gets it. */
  const call = async <N extends CallName>(name: N, input: CallArgs<N>): Promise<BridgeResponse> => {
    const response = await fetch(`${url.origin}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(input) });
    return (await response.json()) as BridgeResponse;
  };
  return { app, host, origin: url.origin, token, auth, call };
}
