import type { Kysely } from 'kysely';
import type { SyncDatabase } from '../db/schema';
import { fieldsNaming } from './reference-lookups';

/** What a page held for a parent keeps from a child: its words, its picture brief, its pictures and why it was held. */
export const HELD_PAGE_COLUMNS = ['text_content', 'illustration_brief', 'image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256', 'held_reason', 'consistency_note'] as const;
/** What a held snapshot in a page's history keeps from a child. */
export const HELD_VERSION_COLUMNS = ['text_content', 'image_asset_sha256'] as const;
/**
 * What a held page's narration keeps from a child: its audio, the words it lights (and their
 * digest, which a guess at the words could be checked against), and how long they take to say.
 */
export const HELD_NARRATION_COLUMNS = ['audio_asset_sha256', 'words_json', 'text_digest', 'duration_ms'] as const;
/** The columns naming a file that a held page or snapshot keeps from a child. */
const FILE_VALUE_COLUMNS = ['image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256', 'audio_asset_sha256'] as const;

const HELD = JSON.stringify('held');
const SNAPSHOT_HELD = JSON.stringify(1);

type Db = Kysely<SyncDatabase>;

/** The pages, snapshots and narrations whose fields name this file (query-plans.test.ts checks it uses sync_fields_by_reference). */
export const heldFileLookup = (db: Db, familyId: string, sha256: string) =>
  fieldsNaming(db, familyId, { tables: ['pages', 'page_versions', 'page_narrations'], columns: FILE_VALUE_COLUMNS, values: [sha256] }).select(['table_name', 'row_id']);

/**
 * The server's side of the one rule for held pages: a child account gets nothing of a page held
 * for a parent (its narration included), nor of a snapshot taken while a page was held, by pull
 * or by file. It knows what devices have pushed; what a device has not pushed yet, that device
 * keeps from its children.
 */
export function heldPages(db: Db, familyId: string) {
  const fields = () => db.selectFrom('sync_fields').where('family_id', '=', familyId);

  /** Of these pages, those held now. */
  async function heldAmong(pageIds: string[]): Promise<Set<string>> {
    const held = new Set<string>();
    for (let start = 0; start < pageIds.length; start += 500) {
      const rows = await fields()
        .select('row_id')
        .where('table_name', '=', 'pages')
        .where('column_name', '=', 'generate_status')
        .where('value_json', '=', HELD)
        .where('row_id', 'in', pageIds.slice(start, start + 500))
        .execute();
      for (const row of rows) held.add(row.row_id);
    }
    return held;
  }

  /** Of these snapshots, those a child may not see: marked held, or of a page held now. */
  async function heldSnapshotsAmong(versionIds: string[]): Promise<Set<string>> {
    const held = new Set<string>();
    for (let start = 0; start < versionIds.length; start += 500) {
      const rows = await fields()
        .select(['row_id', 'column_name', 'value_json'])
        .where('table_name', '=', 'page_versions')
        .where('column_name', 'in', ['held', 'page_id'])
        .where('row_id', 'in', versionIds.slice(start, start + 500))
        .execute();
      const pageOf = new Map<string, string>();
      for (const row of rows) {
        if (row.column_name === 'held' && row.value_json === SNAPSHOT_HELD) held.add(row.row_id);
        if (row.column_name === 'page_id') pageOf.set(row.row_id, JSON.parse(row.value_json) as string);
      }
      const heldPages = await heldAmong([...new Set(pageOf.values())]);
      for (const [versionId, pageId] of pageOf) if (heldPages.has(pageId)) held.add(versionId);
    }
    return held;
  }

  return {
    /** The changes as a child account may have them: held content left out, everything else as it is. */
    async asSeenByChild<T extends { table: string; rowId: string; column: string }>(changes: T[]): Promise<T[]> {
      // A narration's row is named by its page's id.
      const pageIds = [...new Set(changes.filter((change) => change.table === 'pages' || change.table === 'page_narrations').map((change) => change.rowId))];
      const versionIds = [...new Set(changes.filter((change) => change.table === 'page_versions').map((change) => change.rowId))];
      const heldPagesNow = await heldAmong(pageIds);
      const heldSnapshots = await heldSnapshotsAmong(versionIds);
      return changes.filter(
        (change) =>
          !(change.table === 'pages' && heldPagesNow.has(change.rowId) && (HELD_PAGE_COLUMNS as readonly string[]).includes(change.column)) &&
          !(change.table === 'page_narrations' && heldPagesNow.has(change.rowId) && (HELD_NARRATION_COLUMNS as readonly string[]).includes(change.column)) &&
          !(change.table === 'page_versions' && heldSnapshots.has(change.rowId) && (HELD_VERSION_COLUMNS as readonly string[]).includes(change.column)),
      );
    },

    /** Whether a held page or a held snapshot shows this picture or plays this narration: then a child account may not have it. */
    async isHeldFile(sha256: string): Promise<boolean> {
      const naming = await heldFileLookup(db, familyId, sha256).execute();
      const pageIds = naming.filter((row) => row.table_name === 'pages' || row.table_name === 'page_narrations').map((row) => row.row_id);
      const versionIds = naming.filter((row) => row.table_name === 'page_versions').map((row) => row.row_id);
      return (await heldAmong(pageIds)).size > 0 || (await heldSnapshotsAmong(versionIds)).size > 0;
    },

    /**
     * The fields a child account was not given while this page was held, and that it may have now
     * a parent has let the page through: the page's, its narration's, and its history's other
     * than held snapshots.
     */
    async fieldsToResend(pageId: string) {
      const versionIds = (await fieldsNaming(db, familyId, { tables: ['page_versions'], columns: ['page_id'], values: [pageId] }).select('row_id').execute()).map((row) => row.row_id);
      const stillHeld = await heldSnapshotsMarked(versionIds);
      const shown = versionIds.filter((versionId) => !stillHeld.has(versionId));
      return fields()
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('table_name', '=', 'pages'), eb('row_id', '=', pageId), eb('column_name', 'in', HELD_PAGE_COLUMNS)]),
            eb.and([eb('table_name', '=', 'page_narrations'), eb('row_id', '=', pageId), eb('column_name', 'in', HELD_NARRATION_COLUMNS)]),
            ...(shown.length > 0 ? [eb.and([eb('table_name', '=', 'page_versions'), eb('row_id', 'in', shown), eb('column_name', 'in', HELD_VERSION_COLUMNS)])] : []),
          ]),
        )
        .execute();
    },

    /** The content of a snapshot a parent has just unmarked, to send again. */
    async snapshotFieldsToResend(versionId: string) {
      return fields().selectAll().where('table_name', '=', 'page_versions').where('row_id', '=', versionId).where('column_name', 'in', HELD_VERSION_COLUMNS).execute();
    },
  };

  /** Of these snapshots, those marked held (whatever their page is now). */
  async function heldSnapshotsMarked(versionIds: string[]): Promise<Set<string>> {
    if (versionIds.length === 0) return new Set();
    const rows = await fields().select('row_id').where('table_name', '=', 'page_versions').where('column_name', '=', 'held').where('value_json', '=', SNAPSHOT_HELD).where('row_id', 'in', versionIds).execute();
    return new Set(rows.map((row) => row.row_id));
  }
}
