import { z } from 'zod';

/**
 * The fields a family's devices share through the sync server, as they travel: shared by the
 * desktop core and the server, like the moderation limits, so both read them the same way.
 */
const sha = z.string().regex(/^[0-9a-f]{64}$/).nullable();
const flag = z.union([z.literal(0), z.literal(1)]);
const iso = z.string().max(40);
const id = z.uuid();

export interface SyncedColumn {
  value: z.ZodType;
  /** Parents only: what a child may not change on any device. */
  parentOnly?: boolean;
}

/**
 * What a device may sync, column by column, with the values each column takes: the server refuses
 * anything else with its reason, and a device checks what it pulls against the same rules. The
 * family's limits are parents' business, on every device.
 */
export const SYNCED_TABLES: Record<string, Record<string, SyncedColumn>> = {
  books: {
    // Empty once a book's trash time is over and its words are wiped on every device.
    title: { value: z.string().max(120) },
    status: { value: z.enum(['draft', 'generating', 'complete', 'failed']) },
    cover_asset_sha256: { value: sha },
    soft_deleted_until: { value: iso.nullable() },
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
    // Taken while its page was held: children never see it, on any device.
    held: { value: flag },
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

const thresholds = z.record(z.string().regex(/^[a-z-]+(\/[a-z-]+)?$/), z.number().min(0).max(1));

/** The family's limits from a synced field, or null when it does not hold a valid set. */
export function thresholdsJson(value: string): Record<string, number> | null {
  try {
    const parsed = thresholds.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
