import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { silentLog } from '../../tests/support/test-app';
import { until } from '../../tests/support/generation-harness';
import { createFamilyService } from '../family/family-service';
import { systemClock } from '../store/clock';
import { newId } from '../store/ids';
import { openStore } from '../store/open-store';
import { createJobQueue, type JobKindSpec } from './job-queue';
import { ProviderError } from './providers/provider-errors';

async function queueWorld(run: JobKindSpec['run'], options: { leaseMs?: number } = {}) {
  const store = await openStore({ file: path.join(tempDir(), 'library.sqlite') });
  const family = await createFamilyService({ db: store.db, clock: systemClock }).ensureFamily();
  const bookId = newId();
  const generationId = newId();
  const now = new Date().toISOString();
  await store.db.insertInto('books').values({ id: bookId, family_id: family.id, title: 'Q', status: 'generating', created_by_member_id: null, created_at: now, updated_at: now, soft_deleted_until: null }).execute();
  await store.db
    .insertInto('generations')
    .values({ id: generationId, family_id: family.id, book_id: bookId, request_json: '{}', status: 'active', text_provider: 'x', image_provider: 'x', error: null, created_at: now, updated_at: now })
    .execute();
  const failures: string[] = [];
  const online: boolean[] = [];
  const make = () =>
    createJobQueue({
      db: store.db,
      clock: systemClock,
      log: silentLog,
      kinds: { work: { lane: 'work', run, onFailed: async (job) => void failures.push(job.last_error ?? '') } },
      laneConcurrency: () => 2,
      leaseMs: options.leaseMs ?? 1000,
      retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 },
      onOnlineChange: (value) => online.push(value),
    });
  const jobs = () => store.db.selectFrom('jobs').selectAll().execute();
  const enqueue = (queue: ReturnType<typeof make>, count = 1) =>
    queue.enqueue(store.db, Array.from({ length: count }, () => ({ kind: 'work', familyId: family.id, generationId, bookId })));
  return { store, make, jobs, enqueue, failures, online };
}

describe('job queue', () => {
  it('runs queued jobs and marks them succeeded', async () => {
    const world = await queueWorld(async () => {});
    const queue = world.make();
    await world.enqueue(queue, 3);
    queue.poke();
    await until(async () => (await world.jobs()).every((job) => job.status === 'succeeded'));
    expect((await world.jobs()).map((job) => job.attempt)).toEqual([1, 1, 1]);
    await queue.stop();
    await world.store.close();
  });

  it('takes over a job a dead process had leased once the lease runs out, with nothing else queued', async () => {
    const world = await queueWorld(async () => {}, { leaseMs: 300 });
    const queue = world.make();
    await world.enqueue(queue, 1);
    // Leased by a process that was killed a moment ago: its lease has not run out yet.
    await world.store.db.updateTable('jobs').set({ status: 'running', lease_token: 'dead', lease_expires_at: new Date(Date.now() + 300).toISOString(), attempt: 1 }).execute();
    queue.poke();
    await until(async () => (await world.jobs())[0]!.status === 'succeeded', 5_000);
    expect((await world.jobs())[0]!.attempt).toBe(2);
    await queue.stop();
    await world.store.close();
  });

  it('discards the result of an attempt whose lease was taken over', async () => {
    const release: (() => void)[] = [];
    const writes: string[] = [];
    const world = await queueWorld(
      async (job, context) => {
        await new Promise<void>((resolve) => release.push(resolve));
        await context.finish(async (trx) => {
          writes.push(`attempt ${context.attempt}`);
          await trx.updateTable('jobs').set({ result_json: `"attempt ${context.attempt}"` }).where('id', '=', job.id).execute();
        });
      },
      { leaseMs: 60_000 },
    );
    const first = world.make();
    await world.enqueue(first);
    first.poke();
    await until(() => release.length === 1);

    // The lease runs out (the first process looks dead); a second queue takes the job over.
    await world.store.db.updateTable('jobs').set({ lease_expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    const second = world.make();
    second.poke();
    await until(() => release.length === 2);
    release[1]!();
    await until(async () => (await world.jobs())[0]!.status === 'succeeded');
    release[0]!();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(writes).toEqual(['attempt 2']);
    expect((await world.jobs())[0]).toMatchObject({ status: 'succeeded', attempt: 2, result_json: '"attempt 2"' });
    await first.stop();
    await second.stop();
    await world.store.close();
  });

  it('gives up after the last attempt and reports the failure once', async () => {
    const world = await queueWorld(async () => {
      throw new ProviderError('still busy', 'transient', { status: 503 });
    });
    const queue = world.make();
    await world.enqueue(queue);
    queue.poke();
    await until(() => world.failures.length === 1);
    expect((await world.jobs())[0]).toMatchObject({ status: 'failed', attempt: 3, last_error: 'still busy' });
    await queue.stop();
    await world.store.close();
  });

  it('does not retry a mistake in the request', async () => {
    let calls = 0;
    const world = await queueWorld(async () => {
      calls += 1;
      throw new ProviderError('bad request', 'permanent', { status: 400 });
    });
    const queue = world.make();
    await world.enqueue(queue);
    queue.poke();
    await until(() => world.failures.length === 1);
    expect(calls).toBe(1);
    await queue.stop();
    await world.store.close();
  });

  it('goes offline on a network failure without spending attempts, and comes back when a call succeeds', async () => {
    let calls = 0;
    const world = await queueWorld(async () => {
      calls += 1;
      if (calls <= 4) throw new ProviderError('could not be reached', 'network');
    });
    const queue = world.make();
    await world.enqueue(queue);
    queue.poke();
    await until(async () => (await world.jobs())[0]!.status === 'succeeded');
    expect(calls).toBe(5);
    expect(world.online).toEqual([false, true]);
    expect((await world.jobs())[0]!.attempt).toBe(1);
    await queue.stop();
    await world.store.close();
  });

  it('hands running jobs back untouched when it stops', async () => {
    const world = await queueWorld((_job, context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    const queue = world.make();
    await world.enqueue(queue);
    queue.poke();
    await until(async () => (await world.jobs())[0]!.status === 'running');
    await queue.stop();
    expect((await world.jobs())[0]).toMatchObject({ status: 'queued', attempt: 0, lease_token: null });
    expect(world.failures).toEqual([]);
    await world.store.close();
  });
});
