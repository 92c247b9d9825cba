import { createHash } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { SyncStore } from '../db/database';
import type { Role, SyncDatabase } from '../db/schema';
import { parseStamp, SERVER_DEVICE_ID, stampProblem } from '@storysprout/shared/clock-stamps';
import { thresholdsJson } from '@storysprout/shared/synced-fields';
import { heldPages } from './held-pages';
import { refusal } from './synced-tables';

/** What one field may hold: JSON scalars (a table's own rules narrow it further). */
export type FieldValue = string | number | boolean | null;

export interface FieldChange {
  table: string;
  rowId: string;
  column: string;
  value: FieldValue;
  hlc: string;
  deviceId: string;
  /**
   * The stamp of the field's value the device had when it made this change (null: it had none).
   * Absent from devices older than this field: they are taken as having seen nothing.
   */
  seen?: string | null;
}

export interface PulledChange extends FieldChange {
  seq: number;
}

export interface SyncResult {
  accepted: number;
  rejected: { index: number; reason: string }[];
  changes: PulledChange[];
  cursor: number;
  /** More changes wait after `cursor`: pull again. */
  more: boolean;
  /** Fields this batch changed on the server (0 when every change had lost or was known). */
  applied: number;
}

/** The most changes one pull returns; a device far behind pulls again. */
const PULL_LIMIT = 2000;

const fieldKey = (table: string, rowId: string, column: string) => `${table}\u0000${rowId}\u0000${column}`;

/**
 * Applies a device's changes to its family's synced copy and returns what the device has not
 * seen. Per field, the latest hybrid-logical-clock timestamp wins. One transaction per batch; the
 * family's row is locked so its sequence numbers are given out in order, one instance or many.
 */
export async function syncFamily(store: SyncStore, input: { familyId: string; role: Role; cursor: number; changes: FieldChange[]; now?: number }): Promise<SyncResult> {
  const now = input.now ?? Date.now();
  return store.db.transaction().execute(async (trx) => {
    const family = await lockFamily(trx, store.dialect, input.familyId);
    let seq = Number(family.sync_seq);
    const rejected: SyncResult['rejected'] = [];
    const stored = await fieldsOf(trx, input.familyId, [...new Set(input.changes.map((change) => change.rowId))]);
    const held = heldPages(trx, input.familyId);
    const released = new Set<string>();
    const unmarked = new Set<string>();
    const changedByChild = new Set<string>();
    const deletedInBatch = new Set(input.changes.filter((change) => change.table === 'pages' && change.column === 'deleted' && change.value === 1).map((change) => change.rowId));
    // Winning writes, by field; written together at the end (one statement per few hundred).
    const writes = new Map<string, SyncFieldsRow>();
    const write = (change: FieldChange) => {
      seq += 1;
      writes.set(fieldKey(change.table, change.rowId, change.column), {
        family_id: input.familyId,
        table_name: change.table,
        row_id: change.rowId,
        column_name: change.column,
        value_json: JSON.stringify(change.value),
        hlc: change.hlc,
        device_id: change.deviceId,
        seq,
      });
      stored.set(fieldKey(change.table, change.rowId, change.column), { value: change.value, hlc: change.hlc, deviceId: change.deviceId });
    };

    for (const [index, change] of input.changes.entries()) {
      const badStamp = stampProblem(change.hlc, change.deviceId, now);
      if (badStamp) {
        rejected.push({ index, reason: badStamp });
        continue;
      }
      const badSeen = seenProblem(change);
      if (badSeen) {
        rejected.push({ index, reason: badSeen });
        continue;
      }
      const storedValue = (column: string) => stored.get(fieldKey(change.table, change.rowId, column))?.value;
      // A narration's row is named by its page's id.
      const pageHeld = (change.table === 'pages' || change.table === 'page_narrations') && stored.get(fieldKey('pages', change.rowId, 'generate_status'))?.value === 'held';
      const why = refusal(change, input.role, {
        familyId: input.familyId,
        pageHeld,
        snapshotHeld: change.table === 'page_versions' && storedValue('held') === 1,
        pageGone: change.table === 'pages' && (storedValue('deleted') === 1 || deletedInBatch.has(change.rowId)),
      });
      if (why) {
        rejected.push({ index, reason: why });
        continue;
      }
      const existing = stored.get(fieldKey(change.table, change.rowId, change.column));
      const wins = !existing || change.hlc > existing.hlc;
      if (change.table === 'pages' && change.column === 'text_content' && existing && unseenBy(change, existing)) {
        // Two devices wrote this page without seeing each other's words: the words that lose are kept as a version, held if the page is.
        const displaced = wins ? existing : { value: change.value, hlc: change.hlc };
        for (const versionField of await pageVersionFields(trx, input.familyId, change.rowId, displaced, pageHeld, stored)) write(versionField);
      }
      if (!wins) continue;
      if (change.table === 'pages' && change.column === 'generate_status' && pageHeld && change.value !== 'held') released.add(change.rowId);
      if (change.table === 'page_versions' && change.column === 'held' && existing?.value === 1 && change.value === 0) unmarked.add(change.rowId);
      if (change.table === 'page_narrations' && change.column !== 'approved' && input.role !== 'parent-admin') changedByChild.add(change.rowId);
      write(change);
    }
    // What a child account puts in a narration waits for a parent, whatever its stamps say of an approval, or when its own approval was refused.
    for (const pageId of changedByChild) {
      const approval = stored.get(fieldKey('page_narrations', pageId, 'approved'));
      if (approval?.value !== 0) write({ table: 'page_narrations', rowId: pageId, column: 'approved', value: 0, hlc: serverStampAfter(approval?.hlc, now), deviceId: SERVER_DEVICE_ID });
    }
    // What a child account was not given while it was held goes out again, under new numbers, once a parent lets it through.
    const resend = [
      ...(await Promise.all([...released].map((pageId) => held.fieldsToResend(pageId)))).flat(),
      ...(await Promise.all([...unmarked].map((versionId) => held.snapshotFieldsToResend(versionId)))).flat(),
    ];
    for (const row of resend) {
      if (writes.has(fieldKey(row.table_name, row.row_id, row.column_name))) continue;
      write({ table: row.table_name, rowId: row.row_id, column: row.column_name, value: JSON.parse(row.value_json) as FieldValue, hlc: row.hlc, deviceId: row.device_id });
    }
    await writeFields(trx, [...writes.values()]);
    // The AI proxy moderates with the limits a parent set on any device.
    const limits = writes.get(fieldKey('family_settings', input.familyId, 'moderation_thresholds_json'));
    const moderation = limits ? { moderation_json: JSON.stringify(thresholdsJson(JSON.parse(limits.value_json) as string)) } : {};
    await trx.updateTable('families').set({ sync_seq: seq, ...moderation }).where('id', '=', input.familyId).execute();

    const pulled = await trx
      .selectFrom('sync_fields')
      .selectAll()
      .where('family_id', '=', input.familyId)
      .where('seq', '>', input.cursor)
      .orderBy('seq')
      .limit(PULL_LIMIT + 1)
      .execute();
    const more = pulled.length > PULL_LIMIT;
    const everything = pulled.slice(0, PULL_LIMIT).map((row) => ({
      table: row.table_name,
      rowId: row.row_id,
      column: row.column_name,
      value: JSON.parse(row.value_json) as FieldValue,
      hlc: row.hlc,
      deviceId: row.device_id,
      seq: Number(row.seq),
    }));
    const cursor = more ? everything.at(-1)!.seq : Math.max(input.cursor, seq);
    const changes = input.role === 'parent-admin' ? everything : await held.asSeenByChild(everything);
    return { accepted: input.changes.length - rejected.length, rejected, changes, cursor, more, applied: writes.size };
  });
}

/**
 * Whether the stored value of a field is words the writer of `change` had not seen: another device's
 * different words, newer than those the change was made from. A device that pulled them and then
 * edited them overwrote them knowingly, which needs no version.
 */
function unseenBy(change: FieldChange, existing: { value: FieldValue; hlc: string; deviceId: string }): boolean {
  if (existing.deviceId === change.deviceId || existing.value === change.value) return false;
  return change.seen === undefined || change.seen === null || existing.hlc > change.seen;
}

/**
 * A stamp of the server's own that wins over `after` (if any) on every device: no earlier than
 * `now`, and past `after` by its counter when `after` is that late already (a device's clock may
 * run ahead).
 */
function serverStampAfter(after: string | undefined, now: number): string {
  // Every stamp kept was checked when it was pushed, or repaired by 0007_clock_repair.
  const last = after === undefined ? null : parseStamp(after)!;
  let time = Math.max(now, last?.time ?? now);
  let counter = last && time === last.time ? last.counter + 1 : 0;
  if (counter > 0xffff) {
    time += 1;
    counter = 0;
  }
  return `${new Date(time).toISOString()}-${counter.toString(16).padStart(4, '0')}-${SERVER_DEVICE_ID}`;
}

/** Why a change's `seen` stamp cannot be right, or null: it must be a real stamp, earlier than the change's own. */
function seenProblem(change: FieldChange): string | null {
  if (change.seen === undefined || change.seen === null) return null;
  if (!parseStamp(change.seen)) return 'seen is not a hybrid logical clock timestamp';
  if (change.seen >= change.hlc) return 'seen is not earlier than the change it was seen before';
  return null;
}

async function lockFamily(trx: Transaction<SyncDatabase>, dialect: SyncStore['dialect'], familyId: string) {
  const query = trx.selectFrom('families').select('sync_seq').where('id', '=', familyId);
  // SQLite lets one writer in at a time already; PostgreSQL needs the row locked.
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
}

/** The stored fields of these rows of a family (sync_fields_by_row serves it; query-plans.test.ts checks). */
export const fieldsOfRowsQuery = (db: Kysely<SyncDatabase>, familyId: string, rowIds: string[]) =>
  db
    .selectFrom('sync_fields')
    .select(['table_name', 'row_id', 'column_name', 'value_json', 'hlc', 'device_id'])
    .where('family_id', '=', familyId)
    .where('row_id', 'in', rowIds);

/** Whether a row of a family has any field (sync_fields_by_row serves it too). */
export const rowExistsQuery = (db: Kysely<SyncDatabase>, familyId: string, rowId: string) =>
  db.selectFrom('sync_fields').select('row_id').where('family_id', '=', familyId).where('row_id', '=', rowId).limit(1);

async function fieldsOf(db: Kysely<SyncDatabase>, familyId: string, rowIds: string[]) {
  const fields = new Map<string, { value: FieldValue; hlc: string; deviceId: string }>();
  for (let start = 0; start < rowIds.length; start += 500) {
    const rows = await fieldsOfRowsQuery(db, familyId, rowIds.slice(start, start + 500)).execute();
    for (const row of rows) fields.set(fieldKey(row.table_name, row.row_id, row.column_name), { value: JSON.parse(row.value_json) as FieldValue, hlc: row.hlc, deviceId: row.device_id });
  }
  return fields;
}

type SyncFieldsRow = Insertable<SyncDatabase['sync_fields']>;

/** Upserts in chunks that stay under both databases' limits on statement parameters. */
async function writeFields(trx: Transaction<SyncDatabase>, rows: SyncFieldsRow[]) {
  for (let start = 0; start < rows.length; start += 500) {
    await trx
      .insertInto('sync_fields')
      .values(rows.slice(start, start + 500))
      .onConflict((conflict) =>
        conflict.columns(['family_id', 'table_name', 'row_id', 'column_name']).doUpdateSet((excluded) => ({
          value_json: excluded.ref('excluded.value_json'),
          hlc: excluded.ref('excluded.hlc'),
          device_id: excluded.ref('excluded.device_id'),
          seq: excluded.ref('excluded.seq'),
        })),
      )
      .execute();
  }
}

/** The fields of a version row for words that lost to a concurrent edit; none when that loss is kept already. */
async function pageVersionFields(
  db: Kysely<SyncDatabase>,
  familyId: string,
  pageId: string,
  displaced: { value: FieldValue; hlc: string },
  pageHeld: boolean,
  stored: Map<string, unknown>,
): Promise<FieldChange[]> {
  const digest = createHash('sha256').update(`${pageId}\u0000${displaced.hlc}`).digest('hex');
  const versionId = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  if (stored.has(fieldKey('page_versions', versionId, 'page_id'))) return [];
  const exists = await rowExistsQuery(db, familyId, versionId).executeTakeFirst();
  if (exists) return [];
  const fields = { page_id: pageId, text_content: displaced.value, reason: 'concurrent-edit', created_at: displaced.hlc.slice(0, 24), held: pageHeld ? 1 : 0 };
  return Object.entries(fields).map(([column, value]) => ({ table: 'page_versions', rowId: versionId, column, value, hlc: displaced.hlc, deviceId: SERVER_DEVICE_ID }));
}
