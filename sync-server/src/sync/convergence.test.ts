import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceClock } from '../../test-support/devices';
import { testSyncServer } from '../../test-support/sync-test-server';
import type { FieldChange, FieldValue, SyncResult } from './sync-service';

type Server = Awaited<ReturnType<typeof testSyncServer>>;
type Family = Awaited<ReturnType<Server['family']>>;

const FIELDS = [
  { table: 'books', slot: 0, column: 'title' },
  { table: 'pages', slot: 1, column: 'text_content' },
  { table: 'pages', slot: 2, column: 'text_content' },
  { table: 'pages', slot: 1, column: 'order_index' },
] as const;

const steps = (devices: number) =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), device: fc.nat(devices - 1), field: fc.nat(FIELDS.length - 1), word: fc.constantFrom('fox', 'moon', 'jar', 'sky', 'owl') }),
      fc.record({ kind: fc.constant('sync' as const), device: fc.nat(devices - 1), shuffle: fc.array(fc.nat(), { maxLength: 8 }) }),
    ),
    { minLength: 1, maxLength: 24 },
  );

/** A device: its clock, its copy of the synced fields, what it has not sent yet, and how far it has pulled. */
function device(token: string) {
  const clock = deviceClock();
  return { clock, token, fields: new Map<string, { value: FieldValue; hlc: string }>(), pending: [] as FieldChange[], cursor: 0, lastEdits: new Map<string, FieldValue>() };
}

const keyOf = (change: { table: string; rowId: string; column: string }) => `${change.table}/${change.rowId}/${change.column}`;

describe('sync convergence', () => {
  let server: Server;
  let family: Family;
  beforeAll(async () => {
    server = await testSyncServer();
    family = await server.family();
  });

  it('brings every device to the same state, whatever order edits and syncs happen in, and loses no device’s last words', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 4 }).chain((count) => fc.tuple(fc.constant(count), steps(count))), async ([count, script]) => {
        const rows: string[] = [randomUUID(), randomUUID(), randomUUID()];
        const devices = Array.from({ length: count }, (_, index) => device(index % 2 === 0 ? family.parent.token : family.child.token));
        const mine = (change: { rowId: string }) => rows.includes(change.rowId);
        const sync = async (each: ReturnType<typeof device>, order: number[] = []) => {
          // Deliver this device's unsent changes in a shuffled order.
          const batch = [...each.pending];
          order.forEach((pick, index) => {
            const other = pick % batch.length;
            [batch[index % batch.length], batch[other]] = [batch[other]!, batch[index % batch.length]!];
          });
          for (let more = true; more; ) {
            const answer = await server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token: each.token, body: { cursor: each.cursor, changes: batch.splice(0) } });
            expect(answer.body.rejected).toEqual([]);
            for (const change of answer.body.changes) {
              each.clock.receive(change.hlc);
              const known = each.fields.get(keyOf(change));
              if (!known || change.hlc > known.hlc) each.fields.set(keyOf(change), { value: change.value, hlc: change.hlc });
            }
            each.cursor = answer.body.cursor;
            more = answer.body.more;
          }
          each.pending = [];
        };

        for (const step of script) {
          const each = devices[step.device]!;
          if (step.kind === 'sync') {
            await sync(each, step.shuffle);
            continue;
          }
          const field = FIELDS[step.field]!;
          const value = field.column === 'order_index' ? step.word.length : `${step.word} from device ${step.device}`;
          const change = each.clock.change(field.table, rows[field.slot]!, field.column, value);
          each.fields.set(keyOf(change), { value, hlc: change.hlc });
          each.pending.push(change);
          each.lastEdits.set(keyOf(change), value);
        }
        // Everyone sends what is left, then everyone pulls.
        for (const each of devices) await sync(each);
        for (const each of devices) await sync(each);

        const stateOf = (each: ReturnType<typeof device>) =>
          Object.fromEntries([...each.fields].filter(([key]) => rows.some((row) => key.includes(row))).map(([key, field]) => [key, field.value]));
        const first = stateOf(devices[0]!);
        for (const each of devices.slice(1)) expect(stateOf(each)).toEqual(first);

        // A device's last words on a page are on the page, or kept as one of its versions.
        const kept = new Set(
          [...devices[0]!.fields]
            .filter(([key]) => key.startsWith('page_versions/') && key.endsWith('/text_content'))
            .map(([, field]) => field.value),
        );
        for (const each of devices) {
          for (const [key, value] of each.lastEdits) {
            if (!key.endsWith('/text_content') || !mine({ rowId: key.split('/')[1]! })) continue;
            expect(first[key] === value || kept.has(value), `${String(value)} was lost`).toBe(true);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
