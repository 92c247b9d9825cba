/**
 * The sync server part of `npm run bench`: pushing and pulling changes over real HTTP on
 * 127.0.0.1, next to the same server's /healthz (a hello-world route) measured in the same run,
 * on SQLite and on the PostgreSQL every machine here has.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readConfig } from '../../sync-server/src/config';
import { openSyncStore } from '../../sync-server/src/db/database';
import { buildSyncServer } from '../../sync-server/src/server';
import { deviceClock } from '../../sync-server/test-support/devices';
import { line, medianMs } from './measure';

const BATCH = 500;
const BATCHES = 20;
const ROUNDS = 30;

async function benchOne(label: string, databaseUrl: string | undefined) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-sync-'));
  const schema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '')}` : undefined;
  const admin = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
  if (admin) {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  const store = await openSyncStore({ databaseUrl, dataDir, postgresSchema: schema });
  const app = await buildSyncServer({ config: readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), store, logger: false });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const post = async (url: string, body: unknown, token?: string) => {
      const response = await fetch(base + url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });
      return response.json() as Promise<Record<string, unknown>>;
    };
    const { token } = (await post('/api/auth/signup', { email: `bench.${randomUUID()}@example.com`, password: 'bench password 123', fullName: 'Bench' })) as { token: string };
    const { id: familyId } = (await post('/api/families', { name: 'Bench' }, token)) as { id: string };
    const device = deviceClock();
    const rows = Array.from({ length: BATCH / 5 }, () => randomUUID());
    const batch = () => rows.flatMap((row) => ['title', 'status', 'cover_asset_sha256', 'deleted', 'updated_at'].map((column) => device.change('books', row, column, column === 'deleted' ? 0 : column === 'status' ? 'draft' : column === 'cover_asset_sha256' ? null : `value ${device.now()}`)));

    const hello = await medianMs(ROUNDS, () => fetch(`${base}/healthz`).then((response) => response.text()));
    const push = await medianMs(BATCHES, () => post(`/api/families/${familyId}/sync`, { cursor: 1e12, changes: batch() }, token));
    const pull = await medianMs(ROUNDS, () => post(`/api/families/${familyId}/sync`, { cursor: 0, changes: [] }, token));
    const small = await medianMs(ROUNDS, () => post(`/api/families/${familyId}/sync`, { cursor: 1e12, changes: [device.change('books', rows[0]!, 'title', `one ${device.now()}`)] }, token));
    line(`${label}: hello-world GET /healthz`, `${hello.toFixed(2)} ms`);
    line(`${label}: push ${BATCH} changes`, `${push.toFixed(1)} ms → ${Math.round((BATCH / push) * 1000)} changes/s | ${(push / hello).toFixed(0)}x hello-world`);
    line(`${label}: push 1 change`, `${small.toFixed(2)} ms | ${(small / hello).toFixed(1)}x hello-world`);
    line(`${label}: pull from the start (${BATCH} fields)`, `${pull.toFixed(2)} ms | ${(pull / hello).toFixed(1)}x hello-world`);
  } finally {
    await app.close();
    await store.close();
    if (admin) {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchSync(): Promise<void> {
  console.log(`\nSync server — HTTP on 127.0.0.1, medians (push: ${BATCHES} batches; others: ${ROUNDS} rounds)`);
  await benchOne('SQLite', undefined);
  await benchOne('PostgreSQL', process.env.SYNC_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
}
