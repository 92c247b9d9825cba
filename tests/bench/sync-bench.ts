/**
 * The sync server part of `npm run bench`: pushing and pulling changes over real HTTP on
 * 127.0.0.1, next to the same server's /healthz (a hello-world route) measured in the same run,
 * on SQLite and on the PostgreSQL every machine here has; and the AI proxy's overhead.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { readConfig } from '../../sync-server/src/config';
import { openSyncStore } from '../../sync-server/src/db/database';
import { buildSyncServer } from '../../sync-server/src/server';
import { deviceClock } from '../../sync-server/test-support/devices';
import { line, median, medianMs, percentile } from './measure';

const BATCH = 500;
const BATCHES = 20;
const ROUNDS = 30;

async function benchOne(label: string, databaseUrl: string | undefined) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-sync-'));
  const schema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '')}` : undefined;
  const admin = await adminFor(databaseUrl, schema);
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
    await admin?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A schema of its own on PostgreSQL for one measurement, dropped after it. */
async function adminFor(databaseUrl: string | undefined, schema: string | undefined) {
  if (!databaseUrl || !schema) return null;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  return {
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/**
 * The AI proxy's own cost: the same image requests straight to a service that answers in 20 ms,
 * and through the proxy (membership, plan, quota, a family slot, two moderation calls, usage),
 * ten at a time from ten families.
 */
async function benchProxy(label: string, databaseUrl: string | undefined) {
  const upstream = Fastify();
  upstream.post('/v1/moderations', async () => ({ id: 'm', model: 'omni-moderation-latest', results: [{ flagged: false, categories: {}, category_scores: { violence: 0.01 } }] }));
  upstream.post('/v1/images/generations', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { created: 1, data: [{ b64_json: 'aGVsbG8=' }] };
  });
  const upstreamUrl = await upstream.listen({ host: '127.0.0.1', port: 0 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-proxy-'));
  const schema = databaseUrl ? `bench_${randomUUID().replace(/-/g, '')}` : undefined;
  const admin = await adminFor(databaseUrl, schema);
  const store = await openSyncStore({ databaseUrl, dataDir, postgresSchema: schema });
  const app = await buildSyncServer({
    config: readConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: `${upstreamUrl}/v1`, SIGNUPS_PER_HOUR_PER_ADDRESS: '1000' }),
    store,
    logger: false,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const post = async (url: string, body: unknown, token?: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });
      return response.json() as Promise<Record<string, unknown>>;
    };
    const families: { id: string; token: string }[] = [];
    for (let index = 0; index < 10; index++) {
      const { token } = (await post(`${base}/api/auth/signup`, { email: `bench.${randomUUID()}@example.com`, password: 'bench password 123', fullName: 'Bench' })) as { token: string };
      const { id } = (await post(`${base}/api/families`, { name: `Bench ${index}` }, token)) as { id: string };
      await store.db
        .insertInto('subscriptions')
        .values({ family_id: id, stripe_customer_id: `cus_${id}`, stripe_subscription_id: null, plan_name: 'family-plus', status: 'active', next_billing_date: null, state_as_of: 1, updated_at: new Date().toISOString() })
        .execute();
      families.push({ id, token });
    }
    const timed = async (rounds: number, request: (family: (typeof families)[number]) => Promise<unknown>) => {
      const times: number[] = [];
      await Promise.all(
        families.map(async (family) => {
          for (let round = 0; round < rounds; round++) {
            const start = performance.now();
            await request(family);
            times.push(performance.now() - start);
          }
        }),
      );
      return times;
    };
    const body = { model: 'gpt-image-2', prompt: 'a fox' };
    const [first] = families;
    const alone = await medianMs(ROUNDS, () => post(`${base}/api/families/${first!.id}/ai/v1/images/generations`, body, first!.token));
    const aloneDirect = await medianMs(ROUNDS, () => post(`${upstreamUrl}/v1/images/generations`, body));
    line(`AI proxy on ${label}: one request at a time`, `+${(alone - aloneDirect).toFixed(1)} ms over the service's ${aloneDirect.toFixed(1)} ms (median)`);
    const direct = await timed(20, () => post(`${upstreamUrl}/v1/images/generations`, body));
    const proxied = await timed(20, (family) => post(`${base}/api/families/${family.id}/ai/v1/images/generations`, body, family.token));
    const describe = (times: number[]) => `p50 ${percentile(times, 0.5).toFixed(1)} ms | p99 ${percentile(times, 0.99).toFixed(1)} ms`;
    line(`AI proxy on ${label}: straight to the service`, describe(direct));
    line(`AI proxy on ${label}: through the proxy`, describe(proxied));
    line(`AI proxy on ${label}: overhead, ten at a time`, `p50 +${(percentile(proxied, 0.5) - percentile(direct, 0.5)).toFixed(1)} ms | p99 +${(percentile(proxied, 0.99) - percentile(direct, 0.99)).toFixed(1)} ms`);
  } finally {
    await app.close();
    await store.close();
    await upstream.close();
    await admin?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What durable answers cost on SQLite: one small write committed alone, with the WAL synced at every
 * commit (FULL, as the server runs) and at checkpoints only (NORMAL, as it ran before), on the same disk.
 */
function benchDurableCommits() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-commit-'));
  try {
    const commitMs = (synchronous: 'NORMAL' | 'FULL') => {
      const sqlite = new Database(path.join(dataDir, `${synchronous}.sqlite`));
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma(`synchronous = ${synchronous}`);
      sqlite.exec('create table fields (id integer primary key, value text)');
      const insert = sqlite.prepare('insert into fields (value) values (?)');
      const times: number[] = [];
      for (let round = 0; round < 200; round++) {
        const start = performance.now();
        insert.run(`value ${round}`);
        times.push(performance.now() - start);
      }
      sqlite.close();
      return median(times);
    };
    const normal = commitMs('NORMAL');
    const full = commitMs('FULL');
    line('SQLite commit: synchronous NORMAL vs FULL', `${normal.toFixed(3)} ms vs ${full.toFixed(3)} ms → +${(full - normal).toFixed(2)} ms per answered sync, for answers a power loss cannot undo`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchSync(): Promise<void> {
  console.log(`\nSync server — HTTP on 127.0.0.1, medians (push: ${BATCHES} batches; others: ${ROUNDS} rounds)`);
  const postgres = process.env.SYNC_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  benchDurableCommits();
  await benchOne('SQLite', undefined);
  await benchOne('PostgreSQL', postgres);
  await benchProxy('SQLite', undefined);
  await benchProxy('PostgreSQL', postgres);
}
