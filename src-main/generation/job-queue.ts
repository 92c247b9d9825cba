import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from '../logging';
import type { Clock } from '../store/clock';
import { newId } from '../store/ids';
import type { JobRow, StoreSchema } from '../store/schema';
import { ProviderError } from './providers/provider-errors';
import { decideRetry, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

export interface JobContext {
  signal: AbortSignal;
  attempt: number;
  /**
   * Writes the job's results and marks it done in one transaction, only if this attempt still
   * holds the lease: a stale attempt (expired, cancelled, taken over) writes nothing.
   */
  finish(write: (trx: Transaction<StoreSchema>) => Promise<void>): Promise<void>;
}

export interface JobKindSpec {
  /** Jobs in one lane share its concurrency (the story writer; one lane per picture provider). */
  lane: string;
  run(job: JobRow, context: JobContext): Promise<void>;
  /** Called once when the job fails for good, or is given up after its last attempt. */
  onFailed(job: JobRow, error: unknown): Promise<void>;
  /** Called after each attempt settles (done, failed, cancelled or queued again), before the queue's own onSettled. */
  settled?(job: JobRow): Promise<void>;
}

export interface NewJob {
  kind: string;
  familyId: string;
  /** Null for work that is no part of making a book (narration). */
  generationId: string | null;
  bookId: string;
  pageId?: string | null;
  payload?: unknown;
}

export class StaleLeaseError extends Error {
  constructor() {
    super('This attempt no longer holds the job: a newer attempt or a cancel replaced it.');
  }
}

export interface QueueOptions {
  db: Kysely<StoreSchema>;
  clock: Clock;
  log: Logger;
  kinds: Record<string, JobKindSpec>;
  laneConcurrency: (lane: string) => number;
  leaseMs?: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** Called after any job settles, so the owner can admit waiting work or close a generation. */
  onSettled?: (job: JobRow) => Promise<void>;
  onOnlineChange?: (online: boolean) => void;
}

/**
 * The durable local queue. Jobs live in SQLite, so quitting, crashing or losing power loses
 * nothing; p-queue runs them in-process, one queue per lane. A job is claimed with a lease
 * token and an expiry that a heartbeat extends; expired leases go back to the queue on start and
 * on every pump. Transient failures retry with backoff; a network failure pauses the queue as
 * offline until a probe succeeds.
 */
export function createJobQueue(options: QueueOptions) {
  const { db, clock, log, kinds } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const retry = options.retry ?? defaultRetryPolicy;
  const random = options.random ?? Math.random;
  const lanes = new Map<string, PQueue>();
  const running = new Map<string, AbortController>();
  let online = true;
  let stopped = false;
  let pumpTimer: NodeJS.Timeout | null = null;
  let pumping: Promise<void> | null = null;
  let pumpAgain = false;

  const laneFor = (lane: string): PQueue => {
    let queue = lanes.get(lane);
    if (!queue) {
      queue = new PQueue({ concurrency: options.laneConcurrency(lane) });
      lanes.set(lane, queue);
    }
    return queue;
  };
  const nowIso = () => clock.now().toISOString();
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  function setOnline(next: boolean) {
    if (online === next) return;
    online = next;
    options.onOnlineChange?.(next);
    if (next) schedulePump(0);
  }

  function schedulePump(delayMs: number) {
    if (stopped) return;
    if (pumpTimer) clearTimeout(pumpTimer);
    pumpTimer = setTimeout(() => {
      pumpTimer = null;
      void pump();
    }, delayMs);
  }

  /** Returns jobs whose lease ran out (their process died) to the queue. */
  async function recoverExpiredLeases(): Promise<number> {
    const result = await db
      .updateTable('jobs')
      .set({ status: 'queued', lease_token: null, lease_expires_at: null, updated_at: nowIso() })
      .where('status', '=', 'running')
      .where('lease_expires_at', '<', nowIso())
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async function claim(lane: string, limit: number): Promise<{ job: JobRow; token: string }[]> {
    const laneKinds = Object.entries(kinds)
      .filter(([, spec]) => spec.lane === lane)
      .map(([kind]) => kind);
    if (laneKinds.length === 0 || limit <= 0) return [];
    return db.transaction().execute(async (trx) => {
      const candidates = await trx
        .selectFrom('jobs')
        .leftJoin('generations', 'generations.id', 'jobs.generation_id')
        .selectAll('jobs')
        .where('jobs.status', '=', 'queued')
        .where('jobs.kind', 'in', laneKinds)
        .where('jobs.run_after', '<=', nowIso())
        // A book whose family is meeting its cast may have a portrait to draw again; work of no generation (narration) runs whenever it is queued.
        .where((eb) => eb.or([eb('jobs.generation_id', 'is', null), eb('generations.status', 'in', ['active', 'reviewing'])]))
        .orderBy('jobs.run_after')
        .orderBy('jobs.created_at')
        .limit(limit)
        .execute();
      const claimed: { job: JobRow; token: string }[] = [];
      for (const job of candidates) {
        const token = randomUUID();
        const updated = await trx
          .updateTable('jobs')
          .set({ status: 'running', lease_token: token, lease_expires_at: later(leaseMs), attempt: job.attempt + 1, updated_at: nowIso() })
          .where('id', '=', job.id)
          .where('status', '=', 'queued')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 1) claimed.push({ job: { ...job, status: 'running', lease_token: token, attempt: job.attempt + 1 }, token });
      }
      return claimed;
    });
  }

  async function execute(job: JobRow, token: string): Promise<void> {
    const spec = kinds[job.kind]!;
    const controller = new AbortController();
    running.set(job.id, controller);
    const heartbeat = setInterval(() => {
      void db
        .updateTable('jobs')
        .set({ lease_expires_at: later(leaseMs) })
        .where('id', '=', job.id)
        .where('lease_token', '=', token)
        .executeTakeFirst()
        .then((result) => {
          if (Number(result.numUpdatedRows) === 0) controller.abort(new StaleLeaseError());
        })
        .catch((error: unknown) => log.warn({ err: error, jobId: job.id }, 'lease heartbeat failed'));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref?.();

    let finished = false;
    const context: JobContext = {
      signal: controller.signal,
      attempt: job.attempt,
      finish: async (write) => {
        await db.transaction().execute(async (trx) => {
          const marked = await trx
            .updateTable('jobs')
            .set({ status: 'succeeded', lease_token: null, lease_expires_at: null, last_error: null, updated_at: nowIso() })
            .where('id', '=', job.id)
            .where('lease_token', '=', token)
            .where('status', '=', 'running')
            .executeTakeFirst();
          if (Number(marked.numUpdatedRows) !== 1) throw new StaleLeaseError();
          await write(trx);
        });
        finished = true;
      },
    };

    try {
      await spec.run(job, context);
      if (!finished) await context.finish(async () => {});
      setOnline(true);
    } catch (error) {
      await settleFailure(job, token, spec, error);
    } finally {
      clearInterval(heartbeat);
      running.delete(job.id);
    }
    if (stopped) return;
    const settled = await db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirst();
    if (settled) {
      for (const after of [spec.settled, options.onSettled]) {
        await after?.(settled).catch((error: unknown) => log.error({ err: error, jobId: job.id }, 'after-job step failed'));
      }
    }
    schedulePump(0);
  }

  async function settleFailure(job: JobRow, token: string, spec: JobKindSpec, error: unknown): Promise<void> {
    if (stopped) {
      // Quitting is not the job's fault: hand it back untouched for the next start.
      await db
        .updateTable('jobs')
        .set({ status: 'queued', lease_token: null, lease_expires_at: null, attempt: job.attempt - 1, updated_at: nowIso() })
        .where('id', '=', job.id)
        .where('lease_token', '=', token)
        .execute();
      return;
    }
    if (error instanceof StaleLeaseError) {
      log.info({ jobId: job.id }, 'a stale attempt finished; its result was discarded');
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const decision = decideRetry(error, job.attempt, retry, random);
    if (decision.retry) {
      const result = await db
        .updateTable('jobs')
        .set({
          status: 'queued',
          lease_token: null,
          lease_expires_at: null,
          run_after: later(decision.delayMs),
          last_error: message,
          attempt: decision.countsAsAttempt ? job.attempt : job.attempt - 1,
          updated_at: nowIso(),
        })
        .where('id', '=', job.id)
        .where('lease_token', '=', token)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) {
        log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, delayMs: Math.round(decision.delayMs), reason: message }, 'will retry');
        if (error instanceof ProviderError && error.kind === 'network') setOnline(false);
        schedulePump(decision.delayMs + 5);
      }
      return;
    }
    const result = await db
      .updateTable('jobs')
      .set({ status: 'failed', lease_token: null, lease_expires_at: null, last_error: message, updated_at: nowIso() })
      .where('id', '=', job.id)
      .where('lease_token', '=', token)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      log.warn({ jobId: job.id, kind: job.kind, reason: message }, 'job failed');
      await spec.onFailed({ ...job, status: 'failed', last_error: message }, error);
    }
  }

  async function pumpOnce(): Promise<void> {
    await recoverExpiredLeases();
    const laneNames = new Set(Object.values(kinds).map((spec) => spec.lane));
    for (const laneName of laneNames) {
      const lane = laneFor(laneName);
      const free = lane.concurrency - lane.size - lane.pending;
      // While offline, one job at a time goes through as a probe of the connection.
      const limit = online ? free : Math.min(free, running.size === 0 ? 1 : 0);
      for (const { job, token } of await claim(laneName, limit)) {
        void lane.add(() => execute(job, token));
      }
    }
    const next = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_after').as('at'))
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (next?.at) schedulePump(Math.max(10, new Date(next.at).getTime() - clock.now().getTime()));
    else if (running.size > 0) schedulePump(leaseMs);
    else {
      // Jobs a process that died had leased come back when their lease runs out: look again then.
      const leased = await db.selectFrom('jobs').select((eb) => eb.fn.min('lease_expires_at').as('at')).where('status', '=', 'running').executeTakeFirst();
      if (leased?.at) schedulePump(Math.max(10, new Date(leased.at).getTime() - clock.now().getTime() + 5));
    }
  }

  async function pump(): Promise<void> {
    if (stopped) return;
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        await pumpOnce().catch((error: unknown) => log.error({ err: error }, 'queue pump failed'));
      } while (pumpAgain && !stopped);
    })();
    try {
      await pumping;
    } finally {
      pumping = null;
    }
  }

  return {
    /** Adds jobs inside the caller's transaction, so they exist exactly when the caller's writes do. */
    async enqueue(trx: Kysely<StoreSchema> | Transaction<StoreSchema>, jobs: NewJob[]): Promise<void> {
      if (jobs.length === 0) return;
      const now = nowIso();
      await trx
        .insertInto('jobs')
        .values(
          jobs.map((job) => ({
            id: newId(),
            family_id: job.familyId,
            generation_id: job.generationId,
            book_id: job.bookId,
            page_id: job.pageId ?? null,
            kind: job.kind,
            payload_json: JSON.stringify(job.payload ?? {}),
            status: 'queued' as const,
            attempt: 0,
            run_after: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    },

    /** Looks for work now (after enqueueing, admitting a generation, coming back online). */
    poke: () => schedulePump(0),
    pump,

    /** Stops the generation's jobs: queued ones never start, running ones are aborted and their results discarded. */
    async cancel(generationId: string): Promise<void> {
      const active = await db
        .selectFrom('jobs')
        .select('id')
        .where('generation_id', '=', generationId)
        .where('status', '=', 'running')
        .execute();
      await db
        .updateTable('jobs')
        .set({ status: 'cancelled', lease_token: null, lease_expires_at: null, updated_at: nowIso() })
        .where('generation_id', '=', generationId)
        .where('status', 'in', ['queued', 'running'])
        .execute();
      for (const { id } of active) running.get(id)?.abort(new Error('cancelled'));
    },

    setOnline,
    get online() {
      return online;
    },

    async stop(): Promise<void> {
      stopped = true;
      if (pumpTimer) clearTimeout(pumpTimer);
      for (const controller of running.values()) controller.abort(new Error('shutting down'));
      await Promise.all([...lanes.values()].map((lane) => lane.onIdle()));
    },

    recoverExpiredLeases,
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
