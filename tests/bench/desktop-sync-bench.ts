/**
 * The desktop's side of sync in `npm run bench`: a library of books joins a new family (every
 * field pushed), and a second device signs in and pulls it all, against a sync server on
 * 127.0.0.1. Medians of fresh devices; the server's own push of the same number of raw field
 * changes in one request is the baseline for what the desktop engine adds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { openApp, type App } from '../../src-main/app/open-app';
import { environmentSecrets } from '../../src-main/settings/secrets';
import { readConfig } from '../../sync-server/src/config';
import { openSyncStore } from '../../sync-server/src/db/database';
import { buildSyncServer } from '../../sync-server/src/server';
import type { BridgeResponse, CallArgs, CallName, CallResult } from '../../src-preload/contract';
import { line, median } from './measure';

const BOOKS = 20;
const PAGES = 16;
const ROUNDS = 3;

async function device(dir: string): Promise<App & { call<N extends CallName>(name: N, input: CallArgs<N>): Promise<CallResult<N>> }> {
  const dataDir = path.join(dir, randomUUID());
  const app = await openApp({ dataDir, secrets: environmentSecrets({}, dataDir), log: pino({ level: 'silent' }) });
  const call = async <N extends CallName>(name: N, input: CallArgs<N>) => {
    const response: BridgeResponse = await app.dispatch(name, input);
    if (!response.ok) throw new Error(response.error.message);
    return response.value as CallResult<N>;
  };
  return Object.assign(app, { call });
}

export async function benchDesktopSync(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-desktop-sync-'));
  const store = await openSyncStore({ dataDir: path.join(dir, 'server') });
  const server = await buildSyncServer({ config: readConfig({ DATA_DIR: path.join(dir, 'server'), LOG_LEVEL: 'silent', SIGNUPS_PER_HOUR_PER_ADDRESS: '1000' }), store, logger: false });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const pushes: number[] = [];
  const pulls: number[] = [];
  let fields = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const email = `bench.${randomUUID()}@example.com`;
      const laptop = await device(dir);
      for (let book = 0; book < BOOKS; book++) await laptop.call('library.create', { title: `Bench book ${book}`, pageCount: PAGES });
      await laptop.call('sync.signIn', { serverUrl: url, email, password: 'bench password 123', signUp: true });
      await laptop.call('sync.createFamily', { name: 'Bench' });
      fields = (await laptop.call('sync.status', {})).pending;
      let start = performance.now();
      await laptop.call('sync.now', {});
      pushes.push(performance.now() - start);

      const tablet = await device(dir);
      await tablet.call('sync.signIn', { serverUrl: url, email, password: 'bench password 123' });
      start = performance.now();
      await tablet.call('sync.now', {});
      pulls.push(performance.now() - start);
      if ((await tablet.call('library.list', { view: 'shelf' })).length !== BOOKS) throw new Error('the second device did not get every book');
      await laptop.close();
      await tablet.close();
    }
  } finally {
    await server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const push = median(pushes);
  const pull = median(pulls);
  console.log(`\nDesktop sync — ${BOOKS} books of ${PAGES} pages (${fields} fields), SQLite server on 127.0.0.1, median of ${ROUNDS} fresh devices`);
  line('join a family: push the whole library', `${push.toFixed(0)} ms → ${Math.round((fields / push) * 1000)} fields/s`);
  line('second device: pull and make every row', `${pull.toFixed(0)} ms → ${Math.round((fields / pull) * 1000)} fields/s`);
}
