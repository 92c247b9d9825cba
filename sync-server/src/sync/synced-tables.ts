import { SYNCED_TABLES, syncedColumn } from '@storysprout/shared/synced-fields';
import type { Role } from '../db/schema';
import { HELD_PAGE_COLUMNS, HELD_VERSION_COLUMNS } from './held-pages';

interface RefusalContext {
  familyId: string;
  /** The page is held for a parent now (for a narration, its page: the row is named by the page's id). */
  pageHeld: boolean;
  /** The history entry was taken while its page was held. */
  snapshotHeld: boolean;
  /** The page is deleted, or this batch deletes it: wiping its words then reveals and releases nothing. */
  pageGone: boolean;
}

const isOneOf = (list: readonly string[], column: string) => list.includes(column);

/** Why this member may not make this change, or null when they may. */
export function refusal(change: { table: string; rowId: string; column: string; value: unknown }, role: Role, context: RefusalContext): string | null {
  if (!Object.hasOwn(SYNCED_TABLES, change.table)) return `${change.table} is not a table that syncs`;
  const column = syncedColumn(change.table, change.column);
  if (!column) return `${change.table}.${change.column} is not a column that syncs`;
  const parsed = column.value.safeParse(change.value);
  if (!parsed.success) return `${change.table}.${change.column}: ${parsed.error.issues[0]?.message ?? 'not a value it takes'}`;
  if (change.table === 'family_settings' && change.rowId !== context.familyId) return 'family_settings has one row, named by the family’s id';
  if (role === 'parent-admin') return null;
  if (column.parentOnly) return `only a parent may change ${change.table}.${change.column}`;
  // A page held for a parent stays held, and as it is, until a parent lets it through.
  if (context.pageHeld && change.table === 'pages') {
    if ((change.column === 'generate_status' || change.column === 'held_reason') && change.value !== 'held') return 'only a parent may let a held page through';
    const wiping = context.pageGone && (change.value === '' || change.value === null);
    if (isOneOf(HELD_PAGE_COLUMNS, change.column) && !wiping) return 'only a parent may change a page held for a parent';
  }
  if (change.table === 'page_narrations') {
    // A child's recording is played to others only once a parent has heard it.
    if (change.column === 'approved' && change.value !== 0) return 'only a parent may accept a narration';
    if (context.pageHeld) return 'only a parent may change the narration of a page held for a parent';
  }
  if (context.snapshotHeld && change.table === 'page_versions' && (change.column === 'held' || isOneOf(HELD_VERSION_COLUMNS, change.column))) {
    return 'only a parent may change what was held in a page’s history';
  }
  return null;
}
