import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import sharp from 'sharp';
import type { AssetStore } from '../assets/asset-store';
import { UserFacingError } from '../errors';
import { isoNow, type Clock } from '../store/clock';
import type { StoreSchema, SyncAccountTable } from '../store/schema';
import type { Selectable } from 'kysely';
import type { ChangeCapture } from './change-capture';
import { stampProblem } from '@storysprout/shared/clock-stamps';
import { isMp3 } from '@storysprout/shared/mp3-frames';
import { hlcDevice } from './hybrid-clock';
import { acceptsValue, blankRow, isPictureColumn, keyColumn, LOCAL_TABLE_ORDER, LOCAL_TABLES, localField, parentOf, syncedColumns, wireColumn, type LocalTableName } from './local-tables';
import { SyncOfflineError, SyncRefusedError, type SyncClient, type WireChange } from './sync-client';

type FieldValue = string | number | boolean | null;
type Db = Kysely<StoreSchema> | Transaction<StoreSchema>;

/** One field as this device keeps it: local names throughout; the wire's names only at the client. */
interface LocalChange {
  table: LocalTableName;
  rowId: string;
  column: string;
  value: FieldValue;
  hlc: string;
}

export interface SyncReport {
  pushed: number;
  rejected: { table: string; rowId: string; column: string; reason: string }[];
  pulled: number;
  /** Rows made or changed here by what was pulled. */
  applied: number;
  picturesUploaded: number;
  picturesDownloaded: number;
  /** Downloads that carried on from bytes an interrupted sync had already fetched. */
  downloadsResumed: number;
  /** Pictures the server named but could not give yet; the fields wait for them. */
  picturesWaiting: number;
}

export type BoundAccount = Selectable<SyncAccountTable> & { family_id: string };

/** The server's refusals that are about this device's clock rather than the change. */
const CLOCK_REFUSAL = /^hlc /;
/** Within this of the server's clock (its Date header is to the second), this computer's clock counts as right. */
const CLOCK_AGREEMENT_MS = 60_000;

export class SyncClockError extends UserFacingError {
  constructor() {
    super(
      'unavailable',
      'This computer’s clock is more than five minutes ahead of the sync server’s, so its changes cannot be put in order. Set the clock right (automatic time) and they will be sent: nothing is lost.',
    );
  }
}

/**
 * How many rows' waiting changes go in one request: a row has at most a dozen synced fields, so
 * this stays under the 5000 changes the server takes at once.
 */
const PUSH_ROWS = 300;

/**
 * One sync: push what waits in the outbox, pull what the family's other devices did, until both
 * are done. Each request's answer is applied in one transaction together with the cursor, so a
 * sync killed at any point leaves this library as before that answer, and the next sync sends
 * the same changes again: the server keeps the newest timestamp per field, so nothing doubles.
 */
export function createSyncEngine(options: { db: Kysely<StoreSchema>; changes: ChangeCapture; assets: AssetStore; clock: Clock; localFamilyId: string }) {
  const { db, changes, assets, clock, localFamilyId } = options;
  const partialDir = path.join(assets.dir, '.partial');

  async function syncOnce(account: BoundAccount, client: SyncClient): Promise<SyncReport> {
    const report: SyncReport = { pushed: 0, rejected: [], pulled: 0, applied: 0, picturesUploaded: 0, picturesDownloaded: 0, downloadsResumed: 0, picturesWaiting: 0 };
    const familyId = account.family_id;
    let cursor = account.cursor;
    const moderationRowId = await localModerationRowId(familyId);
    let restamped = false;
    for (;;) {
      const batch = await nextBatch();
      const wire = batch.map((row) => toWire(row, familyId));
      report.picturesUploaded += await uploadPictures(client, familyId, batch);

      const answer = await client.sync(familyId, { cursor, changes: wire });
      // What no device could honestly have stamped neither moves this clock nor lands: a stamp that is no real moment, or one far ahead, would win over every edit for good.
      const reference = Math.max(clock.now().getTime(), answer.serverTime ?? 0);
      const honest = answer.changes.filter((change) => stampProblem(change.hlc, change.deviceId, reference, 'server') === null);
      for (const change of honest) changes.clock.receive(change.hlc);
      const pulled = honest.flatMap((change) => fromWire(change, familyId, moderationRowId));
      const fetched = await fetchPictures(client, familyId, pulled);
      report.picturesDownloaded += fetched.downloaded;
      report.downloadsResumed += fetched.resumed;

      const outcome = await db.transaction().execute((trx) =>
        changes.whilePaused(async () => {
          const { rejected, clockRefusals } = await acknowledge(trx, batch, answer.rejected);
          const applied = await applyPulled(trx, pulled);
          await trx.updateTable('sync_account').set({ cursor: answer.cursor, last_synced_at: isoNow(clock), last_error: null }).where('id', '=', 1).execute();
          return { rejected, applied, clockRefusals };
        }),
      );
      cursor = answer.cursor;
      if (outcome.clockRefusals > 0) {
        if (restamped || !clockAgreesWith(answer.serverTime)) throw new SyncClockError();
        // The clock was wrong and is right now: what it stamped in the future is stamped again.
        await restampFutureChanges(answer.serverTime!);
        restamped = true;
        continue;
      }
      report.pushed += batch.length - answer.rejected.length;
      report.rejected.push(...outcome.rejected);
      report.pulled += answer.changes.length;
      report.applied += outcome.applied;
      if (!answer.more && new Set(batch.map((row) => `${row.table_name}\u0000${row.row_id}`)).size < PUSH_ROWS) break;
    }
    report.picturesWaiting = Number((await db.selectFrom('sync_waiting_pictures').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);
    return report;
  }

  /**
   * The next rows' waiting changes, oldest first, every change of a row in the same request: a
   * page's words never reach the server (and a child's device) ahead of the hold that came with them.
   */
  async function nextBatch() {
    const rows = db
      .selectFrom('sync_outbox')
      .select(['table_name', 'row_id', (eb) => eb.fn.min('seq').as('first')])
      .groupBy(['table_name', 'row_id'])
      .orderBy('first')
      .limit(PUSH_ROWS);
    return db
      .selectFrom('sync_outbox')
      .innerJoin(rows.as('next_rows'), (join) => join.onRef('next_rows.table_name', '=', 'sync_outbox.table_name').onRef('next_rows.row_id', '=', 'sync_outbox.row_id'))
      .selectAll('sync_outbox')
      .orderBy('sync_outbox.seq')
      .execute();
  }

  function clockAgreesWith(serverTime: number | null): boolean {
    return serverTime !== null && Math.abs(clock.now().getTime() - serverTime) < CLOCK_AGREEMENT_MS;
  }

  async function restampFutureChanges(serverTime: number) {
    changes.clock.restart();
    const future = new Date(serverTime + CLOCK_AGREEMENT_MS).toISOString();
    await sql`update sync_outbox set hlc = sync_hlc() where hlc > ${future}`.execute(db);
  }

  /** The family's limits row here, made with the server family's id if this library has none yet. */
  async function localModerationRowId(familyId: string): Promise<string> {
    const row = await db.selectFrom('moderation_settings').select('id').where('family_id', '=', localFamilyId).executeTakeFirst();
    return row?.id ?? familyId;
  }

  function toWire(row: { table_name: string; row_id: string; column_name: string; value_json: string; hlc: string; seen_hlc: string | null }, familyId: string): WireChange {
    const table = row.table_name as LocalTableName;
    return {
      table: LOCAL_TABLES[table].wire,
      rowId: table === 'moderation_settings' ? familyId : row.row_id,
      column: wireColumn(table, row.column_name),
      value: JSON.parse(row.value_json) as FieldValue,
      hlc: row.hlc,
      deviceId: hlcDevice(row.hlc),
      seen: row.seen_hlc,
    };
  }

  /** A pulled field in local names, or nothing when this version does not keep it or it breaks the rules. */
  function fromWire(change: WireChange, familyId: string, moderationRowId: string): LocalChange[] {
    const field = localField(change.table, change.column);
    if (!field || !acceptsValue(change.table, change.column, change.value)) return [];
    if (field.table === 'moderation_settings' && change.rowId !== familyId) return [];
    const rowId = field.table === 'moderation_settings' ? moderationRowId : change.rowId;
    return [{ table: field.table, rowId, column: field.column, value: change.value, hlc: change.hlc }];
  }

  /** Sends the pictures the batch names that the server does not have: a resumed sync skips what arrived before. */
  async function uploadPictures(client: SyncClient, familyId: string, batch: { table_name: string; column_name: string; value_json: string }[]): Promise<number> {
    const named = [
      ...new Set(
        batch
          .filter((row) => isPictureColumn(row.table_name as LocalTableName, row.column_name))
          .map((row) => JSON.parse(row.value_json) as string | null)
          .filter((sha): sha is string => typeof sha === 'string'),
      ),
    ];
    if (named.length === 0) return 0;
    const { missing } = await client.missingPictures(familyId, named);
    let sent = 0;
    for (const sha256 of missing) {
      const asset = await assets.find(sha256);
      // A picture named but no longer here cannot be sent; its field still travels.
      if (!asset) continue;
      await client.uploadPicture(familyId, sha256, asset.mime, await fs.promises.readFile(asset.file));
      sent += 1;
    }
    return sent;
  }

  /** Fetches the pictures pulled fields name and those still waiting; a picture the server cannot give yet waits. */
  async function fetchPictures(client: SyncClient, familyId: string, pulled: LocalChange[]) {
    const waiting = await db.selectFrom('sync_waiting_pictures').select('sha256').execute();
    const wanted = new Set([...pulled.filter((change) => isPictureColumn(change.table, change.column) && typeof change.value === 'string').map((change) => change.value as string), ...waiting.map((row) => row.sha256)]);
    let downloaded = 0;
    let resumed = 0;
    for (const sha256 of wanted) {
      if (await assets.find(sha256)) continue;
      try {
        const fetched = await client.downloadPicture(familyId, sha256, path.join(partialDir, sha256));
        await assets.put(fetched.data, await fileMeta(fetched.data));
        downloaded += 1;
        if (fetched.resumedFrom > 0) resumed += 1;
      } catch (error) {
        if (error instanceof SyncOfflineError) throw error;
        if (!(error instanceof SyncRefusedError) || error.signedOut) throw error;
        // Not on the server yet (its device has not sent it) or damaged on the way: the field waits.
      }
    }
    return { downloaded, resumed };
  }

  /**
   * What the server made of the batch: accepted fields become what the server holds; a refused
   * field goes back to the server's value, and the refusal is kept to be shown.
   */
  async function acknowledge(trx: Transaction<StoreSchema>, batch: Selectable<StoreSchema['sync_outbox']>[], refusals: { index: number; reason: string }[]) {
    const reasons = new Map(refusals.map((refusal) => [refusal.index, refusal.reason]));
    const rejected: SyncReport['rejected'] = [];
    let clockRefusals = 0;
    for (const [index, row] of batch.entries()) {
      const reason = reasons.get(index);
      // A refused timestamp is this computer's clock's fault, not the change's: it waits, untouched.
      if (reason !== undefined && CLOCK_REFUSAL.test(reason)) {
        clockRefusals += 1;
        continue;
      }
      await trx.deleteFrom('sync_outbox').where('seq', '=', row.seq).where('hlc', '=', row.hlc).execute();
      const table = row.table_name as LocalTableName;
      if (reason === undefined) {
        await recordServerField(trx, { table, rowId: row.row_id, column: row.column_name, value: JSON.parse(row.value_json) as FieldValue, hlc: row.hlc });
        continue;
      }
      rejected.push({ table, rowId: row.row_id, column: row.column_name, reason });
      await trx.insertInto('sync_rejections').values({ table_name: table, row_id: row.row_id, column_name: row.column_name, value_json: row.value_json, reason }).execute();
      const server = await trx.selectFrom('sync_fields').select('value_json').where('table_name', '=', table).where('row_id', '=', row.row_id).where('column_name', '=', row.column_name).executeTakeFirst();
      const newer = await trx.selectFrom('sync_outbox').select('seq').where('table_name', '=', table).where('row_id', '=', row.row_id).where('column_name', '=', row.column_name).executeTakeFirst();
      if (newer) continue;
      if (server) await setColumn(trx, table, row.row_id, row.column_name, JSON.parse(server.value_json) as FieldValue);
      else if (table === 'moderation_settings') {
        // Limits the family never set are its defaults, which is what a new limits row holds.
        const blank = blankRow(table, { localFamilyId, now: isoNow(clock) }) as Record<string, FieldValue>;
        await setColumn(trx, table, row.row_id, row.column_name, blank[row.column_name] ?? null);
      }
    }
    return { rejected, clockRefusals };
  }

  /** Keeps the server's value for a field when it is newer than the one known; true when it was. */
  async function recordServerField(trx: Db, change: LocalChange): Promise<boolean> {
    const result = await sql`
      insert into sync_fields (table_name, row_id, column_name, value_json, hlc)
      values (${change.table}, ${change.rowId}, ${change.column}, ${JSON.stringify(change.value)}, ${change.hlc})
      on conflict (table_name, row_id, column_name) do update set value_json = excluded.value_json, hlc = excluded.hlc
      where excluded.hlc > sync_fields.hlc`.execute(trx);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /**
   * Applies pulled fields: each newer than what this device knows is written, unless a local
   * edit made after it waits to be sent. Rows new to this device are made from every field the
   * server has sent for them, parents first; a row whose parent has not arrived yet waits in
   * sync_fields and is made by a later pull.
   */
  async function applyPulled(trx: Transaction<StoreSchema>, pulled: LocalChange[]): Promise<number> {
    const touched = new Map<string, LocalChange[]>();
    for (const change of pulled) {
      if (!(await recordServerField(trx, change))) continue;
      const key = `${change.table}\u0000${change.rowId}`;
      touched.set(key, [...(touched.get(key) ?? []), change]);
    }
    let applied = 0;
    for (const table of LOCAL_TABLE_ORDER) {
      for (const fields of touched.values()) {
        if (fields[0]!.table !== table || !(await rowExists(trx, table, fields[0]!.rowId))) continue;
        let changed = false;
        for (const change of fields) changed = (await applyField(trx, change)) || changed;
        if (changed) applied += 1;
      }
      applied += await materializeWaitingRows(trx, table);
    }
    applied += await applyArrivedPictures(trx);
    return applied;
  }

  async function applyField(trx: Transaction<StoreSchema>, change: LocalChange): Promise<boolean> {
    const pending = await trx.selectFrom('sync_outbox').select('hlc').where('table_name', '=', change.table).where('row_id', '=', change.rowId).where('column_name', '=', change.column).executeTakeFirst();
    // A local edit newer than the server's value stays, and wins when it is sent.
    if (pending && pending.hlc > change.hlc) return false;
    if (isPictureColumn(change.table, change.column) && typeof change.value === 'string' && !(await pictureHere(trx, change.value))) {
      await waitForPicture(trx, change, change.value);
      return false;
    }
    await setColumn(trx, change.table, change.rowId, change.column, change.value);
    return true;
  }

  /** Makes rows the server has sent fields for but that do not exist here, once their parent does. */
  async function materializeWaitingRows(trx: Transaction<StoreSchema>, table: LocalTableName): Promise<number> {
    const parent = parentOf(table);
    const missing = await sql<{ row_id: string }>`
      select distinct f.row_id from sync_fields f
      where f.table_name = ${table} and not exists (select 1 from ${sql.table(table)} t where t.${sql.ref(keyColumn(table))} = f.row_id)`.execute(trx);
    let made = 0;
    const now = isoNow(clock);
    for (const { row_id: rowId } of missing.rows) {
      const fields = await trx.selectFrom('sync_fields').select(['column_name', 'value_json', 'hlc']).where('table_name', '=', table).where('row_id', '=', rowId).execute();
      const values: Record<string, unknown> = { ...blankRow(table, { localFamilyId, now }), [keyColumn(table)]: rowId };
      for (const field of fields) {
        const value = JSON.parse(field.value_json) as FieldValue;
        if (isPictureColumn(table, field.column_name) && typeof value === 'string' && !(await pictureHere(trx, value))) {
          await waitForPicture(trx, { table, rowId, column: field.column_name, value, hlc: field.hlc }, value);
          values[field.column_name] = null;
        } else values[field.column_name] = value;
      }
      if (parent && (typeof values[parent.column] !== 'string' || !(await rowExists(trx, parent.table as LocalTableName, values[parent.column] as string)))) continue;
      if (table === 'page_versions') values.version_number = await nextVersionNumber(trx, values.page_id as string);
      if (table === 'moderation_settings') {
        // This library's own limits row, if it had one under another id, takes the family's.
        await trx.deleteFrom('moderation_settings').where('family_id', '=', localFamilyId).execute();
      }
      const columns = Object.keys(values);
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values (${sql.join(columns.map((column) => values[column]))})`.execute(trx);
      made += 1;
    }
    return made;
  }

  /** Fields that waited for a picture which is here now, and still hold the server's newest value. */
  async function applyArrivedPictures(trx: Transaction<StoreSchema>): Promise<number> {
    const waiting = await trx.selectFrom('sync_waiting_pictures').selectAll().execute();
    let applied = 0;
    for (const row of waiting) {
      if (!(await pictureHere(trx, row.sha256))) continue;
      const table = row.table_name as LocalTableName;
      const server = await trx.selectFrom('sync_fields').select('hlc').where('table_name', '=', table).where('row_id', '=', row.row_id).where('column_name', '=', row.column_name).executeTakeFirst();
      await trx.deleteFrom('sync_waiting_pictures').where('table_name', '=', table).where('row_id', '=', row.row_id).where('column_name', '=', row.column_name).execute();
      if (server?.hlc !== row.hlc || !(await rowExists(trx, table, row.row_id))) continue;
      if (await applyField(trx, { table, rowId: row.row_id, column: row.column_name, value: row.sha256, hlc: row.hlc })) applied += 1;
    }
    return applied;
  }

  async function waitForPicture(trx: Transaction<StoreSchema>, change: LocalChange, sha256: string) {
    await trx
      .insertInto('sync_waiting_pictures')
      .values({ table_name: change.table, row_id: change.rowId, column_name: change.column, sha256, hlc: change.hlc })
      .onConflict((conflict) => conflict.columns(['table_name', 'row_id', 'column_name']).doUpdateSet({ sha256, hlc: change.hlc }))
      .execute();
  }

  const pictureHere = async (trx: Db, sha256: string) => Boolean(await trx.selectFrom('assets').select('sha256').where('sha256', '=', sha256).executeTakeFirst());

  async function rowExists(trx: Db, table: LocalTableName, rowId: string): Promise<boolean> {
    const found = await sql`select 1 from ${sql.table(table)} where ${sql.ref(keyColumn(table))} = ${rowId}`.execute(trx);
    return found.rows.length > 0;
  }

  async function setColumn(trx: Db, table: LocalTableName, rowId: string, column: string, value: FieldValue) {
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where ${sql.ref(keyColumn(table))} = ${rowId}`.execute(trx);
  }

  async function nextVersionNumber(trx: Db, pageId: string): Promise<number> {
    const row = await trx.selectFrom('page_versions').select((eb) => eb.fn.max('version_number').as('highest')).where('page_id', '=', pageId).executeTakeFirst();
    return Number(row?.highest ?? 0) + 1;
  }

  /**
   * Puts every synced field of this library in the outbox, for its first sync into a family. The
   * family's limits go only into a family this library made: joining must not overrule its parents.
   */
  async function queueWholeLibrary(trx: Transaction<StoreSchema>, options: { withFamilyLimits: boolean }): Promise<void> {
    for (const table of LOCAL_TABLE_ORDER) {
      if (table === 'moderation_settings' && !options.withFamilyLimits) continue;
      // A row that belongs to another (a page to its book) is the family's through it: this library holds one family.
      const mine = parentOf(table) ? sql`true` : sql`family_id = ${localFamilyId}`;
      for (const column of syncedColumns(table)) {
        await sql`
          insert into sync_outbox (table_name, row_id, column_name, value_json, hlc, seen_hlc)
          select ${table}, t.${sql.ref(keyColumn(table))}, ${column}, json_quote(${sql.ref(column)}), sync_hlc(),
            (select hlc from sync_fields f where f.table_name = ${table} and f.row_id = t.${sql.ref(keyColumn(table))} and f.column_name = ${column})
          from ${sql.table(table)} t where ${mine}
          on conflict (table_name, row_id, column_name) do nothing`.execute(trx);
      }
    }
  }

  return { syncOnce, queueWholeLibrary };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** What a file pulled from the server is: a page's narration (MP3), or a picture and its size. */
async function fileMeta(data: Buffer): Promise<{ mime: string; width: number; height: number }> {
  if (isMp3(data)) return { mime: 'audio/mpeg', width: 0, height: 0 };
  const meta = await sharp(data).metadata();
  return { mime: `image/${meta.format === 'jpg' ? 'jpeg' : meta.format}`, width: meta.width ?? 0, height: meta.height ?? 0 };
}
