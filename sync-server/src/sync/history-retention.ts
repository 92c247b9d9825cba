import type { Kysely } from 'kysely';
import { versionsPastRetention } from '@storysprout/shared/page-history';
import type { SyncStore } from '../db/database';
import type { SyncDatabase } from '../db/schema';

/** A row deleted longer ago than this keeps only its `deleted` field: what a device that never heard of the deletion needs. */
export const DELETED_ROWS_KEPT_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows named in one statement: under both databases' limits on parameters. */
const CHUNK = 500;

/**
 * The daily sweep of every family's synced history, one family at a time so that no statement
 * holds the database for long: page versions past the retention rule the desktop keeps too
 * (shared/src/page-history.ts), and the fields of rows deleted long ago. Nothing pulled changes
 * meaning: devices that have a version keep it under the same rule, and a deleted row's tombstone stays.
 */
export async function sweepHistory(store: SyncStore, options: { olderVersionsKept: number; now?: Date }): Promise<{ versionsRemoved: number; fieldsCompacted: number }> {
  const now = (options.now ?? new Date()).getTime();
  const families = await store.db.selectFrom('families').select('id').execute();
  let versionsRemoved = 0;
  let fieldsCompacted = 0;
  for (const { id: familyId } of families) {
    versionsRemoved += await removeOldVersions(store.db, familyId, { now, olderKept: options.olderVersionsKept });
    fieldsCompacted += await compactDeletedRows(store.db, familyId, new Date(now - DELETED_ROWS_KEPT_DAYS * DAY_MS).toISOString());
  }
  return { versionsRemoved, fieldsCompacted };
}

async function removeOldVersions(db: Kysely<SyncDatabase>, familyId: string, rule: { now: number; olderKept: number }): Promise<number> {
  // Every version's page and time; a family's history is read once a day, in one look-up through the primary key.
  const versions = await db
    .selectFrom('sync_fields as page')
    .innerJoin('sync_fields as created', (join) =>
      join.onRef('created.family_id', '=', 'page.family_id').onRef('created.row_id', '=', 'page.row_id').on('created.table_name', '=', 'page_versions').on('created.column_name', '=', 'created_at'),
    )
    .select(['page.row_id as id', 'page.value_json as page', 'created.value_json as created'])
    .where('page.family_id', '=', familyId)
    .where('page.table_name', '=', 'page_versions')
    .where('page.column_name', '=', 'page_id')
    .execute();
  const dropped = versionsPastRetention(
    versions.map((version) => ({ id: version.id, pageId: JSON.parse(version.page) as string, createdAt: JSON.parse(version.created) as string })),
    rule,
  );
  let removed = 0;
  for (let start = 0; start < dropped.length; start += CHUNK) {
    await db.deleteFrom('sync_fields').where('family_id', '=', familyId).where('table_name', '=', 'page_versions').where('row_id', 'in', dropped.slice(start, start + CHUNK)).execute();
    removed += Math.min(CHUNK, dropped.length - start);
  }
  return removed;
}

/** Keeps only the tombstone of rows deleted before `before` (an ISO time), and drops their pages' versions and narrations. */
async function compactDeletedRows(db: Kysely<SyncDatabase>, familyId: string, before: string): Promise<number> {
  const deletedLongAgo = await db
    .selectFrom('sync_fields')
    .select(['table_name', 'row_id'])
    .where('family_id', '=', familyId)
    .where('column_name', '=', 'deleted')
    .where('value_json', '=', '1')
    .where('hlc', '<', before)
    .execute();
  let compacted = 0;
  for (const table of new Set(deletedLongAgo.map((row) => row.table_name))) {
    const rowIds = deletedLongAgo.filter((row) => row.table_name === table).map((row) => row.row_id);
    for (let start = 0; start < rowIds.length; start += CHUNK) {
      const chunk = rowIds.slice(start, start + CHUNK);
      const fields = await db.deleteFrom('sync_fields').where('family_id', '=', familyId).where('table_name', '=', table).where('row_id', 'in', chunk).where('column_name', '!=', 'deleted').executeTakeFirst();
      compacted += Number(fields.numDeletedRows);
      if (table !== 'pages') continue;
      const versionIds = db
        .selectFrom('sync_fields')
        .select('row_id')
        .where('family_id', '=', familyId)
        .where('table_name', '=', 'page_versions')
        .where('column_name', '=', 'page_id')
        .where('value_json', 'in', chunk.map((pageId) => JSON.stringify(pageId)));
      const versions = await db.deleteFrom('sync_fields').where('family_id', '=', familyId).where('table_name', '=', 'page_versions').where('row_id', 'in', versionIds).executeTakeFirst();
      // A page's narration is named by the page's id, and has no tombstone of its own to keep.
      const narrations = await db.deleteFrom('sync_fields').where('family_id', '=', familyId).where('table_name', '=', 'page_narrations').where('row_id', 'in', chunk).executeTakeFirst();
      compacted += Number(versions.numDeletedRows) + Number(narrations.numDeletedRows);
    }
  }
  return compacted;
}
