import { SYNCED_TABLES, thresholdsJson } from '../../../src-preload/synced-fields';
import type { Role } from '../db/schema';

/** Why this member may not make this change, or null when they may. */
export function refusal(change: { table: string; rowId: string; column: string; value: unknown }, role: Role, context: { familyId: string; pageHeld: boolean }): string | null {
  const table = SYNCED_TABLES[change.table];
  if (!table) return `${change.table} is not a table that syncs`;
  const column = table[change.column];
  if (!column) return `${change.table}.${change.column} is not a column that syncs`;
  const parsed = column.value.safeParse(change.value);
  if (!parsed.success) return `${change.table}.${change.column}: ${parsed.error.issues[0]?.message ?? 'not a value it takes'}`;
  if (change.table === 'family_settings' && change.rowId !== context.familyId) return 'family_settings has one row, named by the family’s id';
  if (change.table === 'family_settings' && column.parentOnly && typeof change.value === 'string' && !thresholdsJson(change.value)) return 'family_settings.moderation_thresholds_json: not a set of limits from 0 to 1';
  if (role === 'parent-admin') return null;
  if (column.parentOnly) return `only a parent may change ${change.table}.${change.column}`;
  // A page held for a parent stays held until a parent lets it through.
  if (context.pageHeld && change.table === 'pages' && (change.column === 'generate_status' || change.column === 'held_reason') && change.value !== 'held') {
    return 'only a parent may let a held page through';
  }
  return null;
}
