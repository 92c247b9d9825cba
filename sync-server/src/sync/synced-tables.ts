import { z } from 'zod';
import type { Role } from '../db/schema';

const sha = z.string().regex(/^[0-9a-f]{64}$/).nullable();
const flag = z.union([z.literal(0), z.literal(1)]);
const iso = z.string().max(40);
const id = z.uuid();

interface SyncedColumn {
  value: z.ZodType;
  /** Parents only: what a child may not change on any device. */
  parentOnly?: boolean;
}

/**
 * What a device may sync, column by column, with the values each column takes. Anything else is
 * refused with its reason; the family's limits are parents' business, on every device.
 */
export const SYNCED_TABLES: Record<string, Record<string, SyncedColumn>> = {
  books: {
    title: { value: z.string().min(1).max(120) },
    status: { value: z.enum(['draft', 'generating', 'complete', 'failed']) },
    cover_asset_sha256: { value: sha },
    deleted: { value: flag },
    created_at: { value: iso },
    updated_at: { value: iso },
  },
  pages: {
    book_id: { value: id },
    order_index: { value: z.number().int().min(0).max(1000) },
    text_content: { value: z.string().max(5000) },
    illustration_brief: { value: z.string().max(2000) },
    image_asset_sha256: { value: sha },
    print_asset_sha256: { value: sha },
    thumbnail_asset_sha256: { value: sha },
    generate_status: { value: z.enum(['pending', 'generating', 'complete', 'failed', 'held']) },
    held_reason: { value: z.string().max(500).nullable() },
    deleted: { value: flag },
    updated_at: { value: iso },
  },
  page_versions: {
    page_id: { value: id },
    text_content: { value: z.string().max(5000) },
    image_asset_sha256: { value: sha },
    reason: { value: z.enum(['created', 'edit', 'restore', 'generated', 'redrawn', 'concurrent-edit']) },
    created_at: { value: iso },
  },
  characters: {
    name: { value: z.string().min(1).max(60) },
    traits_json: { value: z.string().max(2000) },
    style_ref_asset_sha256: { value: sha },
    thumbnail_asset_sha256: { value: sha },
    deleted: { value: flag },
    updated_at: { value: iso },
  },
  family_settings: {
    moderation_thresholds_json: { value: z.string().max(4000), parentOnly: true },
  },
};

/** Why this member may not make this change, or null when they may. */
export function refusal(change: { table: string; column: string; value: unknown }, role: Role, context: { pageHeld: boolean }): string | null {
  const table = SYNCED_TABLES[change.table];
  if (!table) return `${change.table} is not a table that syncs`;
  const column = table[change.column];
  if (!column) return `${change.table}.${change.column} is not a column that syncs`;
  const parsed = column.value.safeParse(change.value);
  if (!parsed.success) return `${change.table}.${change.column}: ${parsed.error.issues[0]?.message ?? 'not a value it takes'}`;
  if (role === 'parent-admin') return null;
  if (column.parentOnly) return `only a parent may change ${change.table}.${change.column}`;
  // A page held for a parent stays held until a parent lets it through.
  if (context.pageHeld && change.table === 'pages' && (change.column === 'generate_status' || change.column === 'held_reason') && change.value !== 'held') {
    return 'only a parent may let a held page through';
  }
  return null;
}
