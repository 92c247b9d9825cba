/**
 * The sync server under load, in `npm run bench` (or alone: `npm run bench:load`): the server runs
 * as its container runs it (the production build, plain node), in a process of its own (so its event loop is measured alone, and
 * it can be killed), on SQLite and on PostgreSQL. 200 families of two devices each sync over HTTP
 * on 127.0.0.1 with a bounded number of requests in flight; we report throughput and latency, the
 * server's event-loop lag, /healthz under that load, a one-field sync in a small and in a large
 * family's history, and what a SIGKILL in the middle of the load loses (nothing, it must be).
 *
 * Accounts, families, sessions and the large histories are written straight into the database
 * with the server's own modules before it starts: signing 400 people up over HTTP would be 400
 * argon2 hashes behind a per-address signup limit, and none of it is what is measured here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { startSession } from '../../sync-server/src/accounts/sessions';
import { openSyncStore } from '../../sync-server/src/db/database';
import type { Role, SyncDatabase } from '../../sync-server/src/db/schema';
import type { FieldChange, SyncResult } from '../../sync-server/src/sync/sync-service';
import { deviceClock } from '../../sync-server/test-support/devices';
import { line, median, percentile } from './measure';

const FAMILIES = 200;
const IN_FLIGHT = 50;
const WARMUP_MS = 1_000;
/** The quiet spell the event loop's idle lag is read over, as the baseline for its lag under load. */
const IDLE_MS = 1_000;
const LOAD_MS = 10_000;
const KILL_AFTER_MS = 3_000;
/** How long the devices go on once the restarted server answers /readyz. */
const AFTER_RESTART_MS = 3_000;
const HEALTH_EVERY_MS = 100;
const HISTORIES = [1_000, 200_000];
const ONE_FIELD_SYNCS = 30;
/** A device that could not reach the server tries again this much later, as the desktop's outbox does (sooner). */
const RETRY_MS = 50;
const REQUEST_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 60_000;
const PAGE_COLUMNS = ['book_id', 'order_index', 'text_content', 'generate_status', 'deleted'] as const;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface LoadFamily {
  id: string;
  bookId: string;
  members: { userId: string; role: Role; pageId: string; token: string }[];
}

interface LoadDevice {
  family: LoadFamily;
  token: string;
  clock: ReturnType<typeof deviceClock>;
  cursor: number;
  ownPage: string;
  otherPage: string;
  /** The stamp of the words this device last had on each of the two pages, sent as `seen` when it writes them. */
  knownWords: Map<string, string>;
  written: number;
}

interface HistoryFamily {
  id: string;
  token: string;
  pageIds: string[];
  /** The stamp of each page's words, sent as `seen`: a rewrite of words one has is not a concurrent edit (which would add a version). */
  wordStamps: Map<string, string>;
  cursor: number;
}

interface Acknowledged {
  familyId: string;
  key: string;
  hlc: string;
}

const fieldKey = (table: string, rowId: string, column: string) => `${table}/${rowId}/${column}`;

/** Users, families, memberships and sessions, and the large histories, as the server's own modules write them. */
async function seed(target: { databaseUrl?: string; dataDir: string }) {
  const store = await openSyncStore(target);
  try {
    return await store.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const member = async (familyId: string, role: Role) => {
        const userId = randomUUID();
        // As an account made by signing in with a provider: no password, so no argon2 hash to make.
        await trx.insertInto('users').values({ id: userId, email: `bench.${userId}@example.com`, full_name: 'Bench', password_hash: null, created_at: now }).execute();
        await trx.insertInto('memberships').values({ family_id: familyId, user_id: userId, role, joined_at: now }).execute();
        return { userId, role, token: await startSession(trx, userId) };
      };
      const family = async (name: string) => {
        const id = randomUUID();
        await trx.insertInto('families').values({ id, name, sync_seq: 0, moderation_json: '{}', created_at: now }).execute();
        return id;
      };
      const families: LoadFamily[] = [];
      for (let index = 0; index < FAMILIES; index++) {
        const id = await family(`Bench ${index}`);
        const members = [await member(id, 'parent-admin'), await member(id, 'child-creator')];
        families.push({ id, bookId: randomUUID(), members: members.map((one) => ({ ...one, pageId: randomUUID() })) });
      }
      const histories: HistoryFamily[] = [];
      for (const size of HISTORIES) {
        const id = await family(`Bench history ${size}`);
        const { token } = await member(id, 'parent-admin');
        histories.push({ id, token, ...(await seedHistory(trx, id, size)) });
      }
      return { families, histories };
    });
  } finally {
    await store.close();
  }
}

/** A family's history of `fields` fields: pages of 16 to a book, stamped a day ago by a device of its own, numbered as the server numbers them. */
async function seedHistory(db: Kysely<SyncDatabase>, familyId: string, fields: number) {
  const writer = deviceClock(undefined, () => Date.now() - 86_400_000);
  const pageIds = Array.from({ length: fields / PAGE_COLUMNS.length }, () => randomUUID());
  const rows = [];
  const wordStamps = new Map<string, string>();
  let bookId = randomUUID();
  let seq = 0;
  for (const [index, pageId] of pageIds.entries()) {
    if (index % 16 === 0) bookId = randomUUID();
    const values = { book_id: bookId, order_index: index % 16, text_content: `Page ${index}: the fox found a lantern by the river, and it glowed all the way home.`, generate_status: 'complete', deleted: 0 };
    for (const column of PAGE_COLUMNS) {
      seq += 1;
      const hlc = writer.now();
      if (column === 'text_content') wordStamps.set(pageId, hlc);
      rows.push({ family_id: familyId, table_name: 'pages', row_id: pageId, column_name: column, value_json: JSON.stringify(values[column]), hlc, device_id: writer.deviceId, seq });
    }
  }
  // 1000 rows of 8 values stay under both engines' limits on a statement's parameters.
  for (let start = 0; start < rows.length; start += 1000) await db.insertInto('sync_fields').values(rows.slice(start, start + 1000)).execute();
  await db.updateTable('families').set({ sync_seq: seq }).where('id', '=', familyId).execute();
  return { pageIds, wordStamps, cursor: seq };
}

interface Answer {
  status: number;
  body: string;
}

function send(agent: http.Agent, port: number, method: 'GET' | 'POST', urlPath: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        headers: {
          ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...(options.token && { authorization: `Bearer ${options.token}` }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        // A server killed mid-answer ends the response without 'end'.
        response.on('close', () => response.complete || reject(new Error('the answer was cut off')));
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

const syncPath = (familyId: string) => `/api/families/${familyId}/sync`;

/** At most `count` holders at once, served in the order they asked. */
function slots(count: number) {
  let free = count;
  const waiting: (() => void)[] = [];
  return {
    async take() {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
    },
    give() {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

/**
 * The next sync of a device: the book's title (both devices write it), its own page's words, now
 * and then the other device's page's words, and a new book's title that only this change writes,
 * so its loss cannot hide behind a later write.
 */
function nextChanges(device: LoadDevice): FieldChange[] {
  device.written += 1;
  const words = (pageId: string): FieldChange => {
    const change = { ...device.clock.change('pages', pageId, 'text_content', `Written by ${device.clock.deviceId}, time ${device.written}: the fox and the owl went looking for the moon.`), seen: device.knownWords.get(pageId) ?? null };
    device.knownWords.set(pageId, change.hlc);
    return change;
  };
  const changes = [
    device.clock.change('books', device.family.bookId, 'title', `The moon, take ${device.written}`),
    words(device.ownPage),
    device.clock.change('books', randomUUID(), 'title', `A new book from ${device.clock.deviceId}`),
  ];
  if (Math.random() < 0.25) changes.push(words(device.otherPage));
  return changes;
}

function pulled(device: LoadDevice, result: SyncResult) {
  for (const change of result.changes) {
    device.clock.receive(change.hlc);
    if (change.table !== 'pages' || change.column !== 'text_content' || (change.rowId !== device.ownPage && change.rowId !== device.otherPage)) continue;
    const known = device.knownWords.get(change.rowId);
    if (known === undefined || change.hlc > known) device.knownWords.set(change.rowId, change.hlc);
  }
  device.cursor = result.cursor;
}

interface LoadStats {
  requests: number;
  latencies: number[];
  acknowledged: number;
  rejected: number;
  firstRejection: string | null;
  unreachable: number;
  failedAnswers: Map<number, number>;
  seconds: number;
}

/**
 * Every device syncing in a loop, at most IN_FLIGHT requests at once between them. A request that
 * fails is sent again, the same, until it is answered; its changes count (in `acks`) only when the
 * answer is a 200.
 */
function startLoad(port: number, devices: LoadDevice[], acks: Acknowledged[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const inFlight = slots(IN_FLIGHT);
  const stats: LoadStats = { requests: 0, latencies: [], acknowledged: 0, rejected: 0, firstRejection: null, unreachable: 0, failedAnswers: new Map(), seconds: 0 };
  const started = performance.now();
  let running = true;

  async function answered(device: LoadDevice, changes: FieldChange[]): Promise<SyncResult | null> {
    while (running) {
      await inFlight.take();
      const start = performance.now();
      try {
        const answer = await send(agent, port, 'POST', syncPath(device.family.id), { token: device.token, body: { cursor: device.cursor, changes } });
        stats.requests += 1;
        if (answer.status === 200) {
          stats.latencies.push(performance.now() - start);
          return JSON.parse(answer.body) as SyncResult;
        }
        stats.failedAnswers.set(answer.status, (stats.failedAnswers.get(answer.status) ?? 0) + 1);
      } catch {
        stats.unreachable += 1;
      } finally {
        inFlight.give();
      }
      await sleep(RETRY_MS);
    }
    return null;
  }

  const loops = devices.map(async (device) => {
    while (running) {
      const changes = nextChanges(device);
      const result = await answered(device, changes);
      if (!result) return;
      const refused = new Set(result.rejected.map((rejection) => rejection.index));
      stats.rejected += refused.size;
      stats.firstRejection ??= result.rejected[0]?.reason ?? null;
      for (const [index, change] of changes.entries()) {
        if (refused.has(index)) continue;
        stats.acknowledged += 1;
        acks.push({ familyId: device.family.id, key: fieldKey(change.table, change.rowId, change.column), hlc: change.hlc });
      }
      pulled(device, result);
    }
  });
  // As for poll(): a failing loop is reported by stop().
  for (const loop of loops) loop.catch(() => undefined);

  return {
    async stop(): Promise<LoadStats> {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      stats.seconds = (performance.now() - started) / 1000;
      return stats;
    },
  };
}

/** GET `urlPath` every `everyMs` on a connection of its own, timing each answer, until stopped. */
function poll(port: number, urlPath: string, everyMs: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      const answer = await send(agent, port, 'GET', urlPath);
      if (answer.status !== 200) throw new Error(`${urlPath} answered ${answer.status}: ${answer.body}`);
      times.push(performance.now() - start);
      await sleep(Math.max(0, everyMs - (performance.now() - start)));
    }
  })();
  // Its failure is reported by stop(); until then it must not end the process before the server and database are cleaned up.
  loop.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return times;
    },
  };
}

interface ServerProcess {
  child: ChildProcess;
  spawnedAt: number;
  exited: Promise<void>;
  /** The end of what it wrote, to show when it fails. */
  output(): string;
}

function spawnServer(env: Record<string, string>): ServerProcess {
  // Only what the server is given here: the bench's own environment could hold another DATABASE_URL or REDIS_URL.
  const child = spawn(process.execPath, ['--enable-source-maps', 'sync-server/dist/main.js'], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, spawnedAt: performance.now(), exited: new Promise((resolve) => child.once('exit', () => resolve())), output: () => output };
}

const stillRunning = (server: ServerProcess) => server.child.exitCode === null && server.child.signalCode === null;

function failure(server: ServerProcess, what: string) {
  return new Error(`${what}; the server's last output:\n${server.output()}`);
}

/** When the port first takes a connection, tried every 5 ms. */
async function portAccepting(server: ServerProcess, port: number): Promise<number> {
  while (performance.now() - server.spawnedAt < START_TIMEOUT_MS) {
    if (!stillRunning(server)) throw failure(server, 'the sync server stopped while starting');
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (accepted) return performance.now();
    await sleep(5);
  }
  throw failure(server, `the sync server did not listen within ${START_TIMEOUT_MS / 1000} s`);
}

/** When the first /readyz came back 200, asked every 5 ms from the spawn on, and how long that request took. */
async function firstReady(server: ServerProcess, port: number): Promise<{ at: number; took: number }> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    while (performance.now() - server.spawnedAt < START_TIMEOUT_MS) {
      if (!stillRunning(server)) throw failure(server, 'the sync server stopped while starting');
      const start = performance.now();
      const answer = await send(agent, port, 'GET', '/readyz').catch(() => null);
      if (answer?.status === 200) return { at: performance.now(), took: performance.now() - start };
      await sleep(5);
    }
    throw failure(server, `the sync server was not ready within ${START_TIMEOUT_MS / 1000} s`);
  } finally {
    agent.destroy();
  }
}

/** The CPU time a process has used so far, in seconds: utime and stime from its /proc entry, which counts 100 ticks a second on Linux. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The event-loop lag prom-client measured since the last scrape (each scrape starts it afresh), in ms.
 * Node's histogram times each of its 10 ms ticks whole, so an idle loop reads about 10 ms.
 */
async function eventLoopLag(port: number, token: string) {
  const agent = new http.Agent({ keepAlive: false });
  const answer = await send(agent, port, 'GET', '/metrics', { token });
  agent.destroy();
  if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}: ${answer.body}`);
  const seconds = (name: string) => {
    const value = new RegExp(`^nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(answer.body)?.[1];
    if (value === undefined) throw new Error(`/metrics has no nodejs_eventloop_lag_${name}_seconds`);
    return Number(value) * 1000;
  };
  return { p50: seconds('p50'), p99: seconds('p99'), max: seconds('max') };
}

/** A family's whole history, from cursor 0 on, as a parent pulls it. */
async function fullHistory(agent: http.Agent, port: number, family: LoadFamily) {
  const parent = family.members.find((member) => member.role === 'parent-admin')!;
  const changes: SyncResult['changes'] = [];
  let cursor = 0;
  for (;;) {
    const answer = await send(agent, port, 'POST', syncPath(family.id), { token: parent.token, body: { cursor, changes: [] } });
    if (answer.status !== 200) throw new Error(`pulling a family's history answered ${answer.status}: ${answer.body}`);
    const result = JSON.parse(answer.body) as SyncResult;
    changes.push(...result.changes);
    cursor = result.cursor;
    if (!result.more) return changes;
  }
}

/** Acknowledged changes the server no longer has (the field is missing, or holds an older stamp), and fields or numbers it gives twice. */
async function checkHistories(port: number, families: LoadFamily[], acks: Acknowledged[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const stamps = new Map<string, Map<string, string>>();
  let duplicated = 0;
  const pending = [...families];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let family = pending.shift(); family; family = pending.shift()) {
        const fields = new Map<string, string>();
        const numbers = new Set<number>();
        for (const change of await fullHistory(agent, port, family)) {
          const key = fieldKey(change.table, change.rowId, change.column);
          if (fields.has(key) || numbers.has(change.seq)) duplicated += 1;
          fields.set(key, change.hlc);
          numbers.add(change.seq);
        }
        stamps.set(family.id, fields);
      }
    }),
  );
  agent.destroy();
  const lost = acks.filter((ack) => {
    const stored = stamps.get(ack.familyId)?.get(ack.key);
    return stored === undefined || stored < ack.hlc;
  }).length;
  return { lost, duplicated };
}

/** The median time of a sync that pushes one page's words with the cursor at the end, for each history, taken in turns. */
async function oneFieldSyncs(port: number, histories: HistoryFamily[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const writer = deviceClock();
  const times = histories.map(() => [] as number[]);
  // The first few warm the server's code paths and the database's cache of each family's index pages.
  for (let round = -3; round < ONE_FIELD_SYNCS; round++) {
    for (const [index, family] of histories.entries()) {
      const pageId = family.pageIds[Math.floor(Math.random() * family.pageIds.length)]!;
      const change = { ...writer.change('pages', pageId, 'text_content', `Rewritten, round ${round}: the owl read it to the fox.`), seen: family.wordStamps.get(pageId) };
      family.wordStamps.set(pageId, change.hlc);
      const start = performance.now();
      const answer = await send(agent, port, 'POST', syncPath(family.id), { token: family.token, body: { cursor: family.cursor, changes: [change] } });
      const took = performance.now() - start;
      const result = JSON.parse(answer.body) as SyncResult;
      if (answer.status !== 200 || result.accepted !== 1) throw new Error(`a one-field sync answered ${answer.status}: ${answer.body}`);
      family.cursor = result.cursor;
      if (round >= 0) times[index]!.push(took);
    }
  }
  agent.destroy();
  return times.map(median);
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const count = (value: number) => value.toLocaleString('en-US');

function describeFailures(stats: LoadStats) {
  const answers = [...stats.failedAnswers].map(([status, times]) => `${times}× ${status}`);
  const rejected = stats.rejected ? [`${stats.rejected} changes refused (${stats.firstRejection})`] : [];
  return [...answers, ...rejected].join(', ');
}

async function benchEngine(label: string, databaseUrl: string | undefined) {
  const name = `sync load (${label})`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-load-'));
  const port = await freePort();
  const metricsToken = randomBytes(32).toString('hex');
  const env = { HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', METRICS_TOKEN: metricsToken, ...(databaseUrl && { DATABASE_URL: databaseUrl }) };
  let server: ServerProcess | null = null;
  try {
    const { families, histories } = await seed({ databaseUrl, dataDir });
    server = spawnServer(env);
    const firstStart = (await portAccepting(server, port)) - server.spawnedAt;
    await firstReady(server, port);
    const devices: LoadDevice[] = families.flatMap((family) =>
      family.members.map((member, index) => ({
        family,
        token: member.token,
        clock: deviceClock(),
        cursor: 0,
        ownPage: member.pageId,
        otherPage: family.members[1 - index]!.pageId,
        knownWords: new Map(),
        written: 0,
      })),
    );
    const acks: Acknowledged[] = [];

    // Connections opened and code paths compiled before anything is measured.
    const warmup = startLoad(port, devices, acks);
    await sleep(WARMUP_MS);
    await warmup.stop();
    await eventLoopLag(port, metricsToken);
    await sleep(IDLE_MS);
    const idleLag = await eventLoopLag(port, metricsToken);
    const health = poll(port, '/healthz', HEALTH_EVERY_MS);
    const serverCpu = cpuSeconds(server.child.pid!);
    const clientCpu = process.cpuUsage();
    const load = startLoad(port, devices, acks);
    await sleep(LOAD_MS);
    const stats = await load.stop();
    const serverCores = (cpuSeconds(server.child.pid!) - serverCpu) / stats.seconds;
    const clientUsage = process.cpuUsage(clientCpu);
    const lag = await eventLoopLag(port, metricsToken);
    const healthTimes = await health.stop();
    const failures = describeFailures(stats);
    if (!stillRunning(server)) throw failure(server, 'the sync server stopped under load');
    line(
      `${name}: ${FAMILIES} families × 2 devices, ${IN_FLIGHT} in flight`,
      `${count(Math.round(stats.acknowledged / stats.seconds))} acknowledged changes/s (${count(Math.round(stats.requests / stats.seconds))} syncs/s) | p50 ${ms(percentile(stats.latencies, 0.5))} | p99 ${ms(percentile(stats.latencies, 0.99))}${failures && ` | ${failures}`}`,
    );
    line(`${name}: CPU used meanwhile (${os.cpus().length} cores)`, `server process ${serverCores.toFixed(2)} cores | bench client ${((clientUsage.user + clientUsage.system) / 1e6 / stats.seconds).toFixed(2)} cores`);
    line(`${name}: server event-loop lag under it`, `p50 ${ms(lag.p50)} | p99 ${ms(lag.p99)} | max ${ms(lag.max)} (idle, just before: p50 ${ms(idleLag.p50)} | p99 ${ms(idleLag.p99)})`);
    line(`${name}: /healthz under it, every ${HEALTH_EVERY_MS} ms`, `p50 ${ms(percentile(healthTimes, 0.5))} | p99 ${ms(percentile(healthTimes, 0.99))} | max ${ms(Math.max(...healthTimes))} (${healthTimes.length} polls; target well under 1 s)`);

    const [small, large] = await oneFieldSyncs(port, histories);
    line(
      `${name}: one-field sync, ${count(HISTORIES[0]!)} vs ${count(HISTORIES[1]!)} fields`,
      `${ms(small!)} vs ${ms(large!)} (medians of ${ONE_FIELD_SYNCS}) → ${(large! / small!).toFixed(2)}× (target ≤ 2×)`,
    );

    const before = acks.length;
    const crashed = startLoad(port, devices, acks);
    await sleep(KILL_AFTER_MS);
    server.child.kill('SIGKILL');
    await server.exited;
    server = spawnServer(env);
    const [portOpen, ready] = await Promise.all([portAccepting(server, port), firstReady(server, port)]);
    // Each is polled every 5 ms: a /readyz answered before the port poll came round shows the port open already.
    const accepting = Math.min(portOpen, ready.at);
    await sleep(AFTER_RESTART_MS);
    const crashStats = await crashed.stop();
    const { lost, duplicated } = await checkHistories(port, families, acks);
    const crashFailures = describeFailures(crashStats);
    line(
      `${name}: SIGKILL mid-load`,
      `${count(acks.length)} acknowledged changes checked (${count(acks.length - before)} in this run): ${lost} lost, ${duplicated} duplicated | ${count(crashStats.unreachable)} requests could not reach it${crashFailures && ` | ${crashFailures}`}`,
    );
    line(
      `${name}: restart after SIGKILL`,
      `first /readyz ${ms(ready.at - server.spawnedAt)} after the restart (target ≤ 2 s): port accepting ${ms(accepting - server.spawnedAt)} after spawn (first start, idle: ${ms(firstStart)}), /readyz ${ms(ready.at - accepting)} after that, the request itself ${ms(ready.took)}`,
    );
  } finally {
    if (server && stillRunning(server)) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A database of its own on PostgreSQL for one engine's run, dropped after it whatever happened. */
async function withPostgresDatabase(adminUrl: string, run: (databaseUrl: string) => Promise<void>) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const database = `storysprout_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database ${database}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    await run(url.toString());
  } finally {
    // A killed server's connections may not be gone yet.
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

export async function benchSyncLoad(): Promise<void> {
  console.log(
    `\nSync server under load — its own process on 127.0.0.1, ${FAMILIES} families × 2 devices, ${IN_FLIGHT} syncs in flight, ${LOAD_MS / 1000} s window; SIGKILL ${KILL_AFTER_MS / 1000} s into a second load`,
  );
  const start = performance.now();
  await promisify(execFile)('npm', ['run', 'build', '-w', '@storysprout/sync-server'], { cwd: repoRoot });
  await benchEngine('SQLite', undefined);
  await withPostgresDatabase(process.env.SYNC_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', (databaseUrl) => benchEngine('PostgreSQL', databaseUrl));
  line('sync load: both engines', `${((performance.now() - start) / 1000).toFixed(0)} s`);
}
