import { z } from 'zod';

/**
 * The fields a family's devices share through the sync server, as they travel: shared by the
 * desktop core and the server, like the moderation limits, so both read them the same way.
 */
const sha = z.string().regex(/^[0-9a-f]{64}$/).nullable();
const flag = z.union([z.literal(0), z.literal(1)]);
const iso = z.iso.datetime({ error: 'not a date and time such as 2026-11-29T12:00:00.000Z' });
const id = z.uuid();
/** A JSON text whose parsed value `shape` takes: stored as text, read back as that. */
const jsonText = (shape: z.ZodType, what: string, maxLength = 4000) =>
  z
    .string()
    .max(maxLength)
    .refine((text) => {
      try {
        return shape.safeParse(JSON.parse(text)).success;
      } catch {
        return false;
      }
    }, { error: `not ${what}` });
/** A book has at most this many characters; their looks are at most this long, to stay within a picture prompt. */
export const MAX_CAST = 8;
export const MAX_LOOK_CHARACTERS = 400;
/** As a character's traits are kept: at most 12 words or phrases of at most 80 characters. */
export const characterTraits = z.array(z.string().trim().min(1).max(80)).max(12);
const thresholds = z.record(z.string().regex(/^[a-z-]+(\/[a-z-]+)?$/), z.number().min(0).max(1));

/** When each word of a page is said in its narration: one entry a word (a page holds at most 5000 characters). */
const wordTimings = z.array(z.strictObject({ word: z.string().max(200), startMs: z.number().int().min(0), endMs: z.number().int().min(0) })).max(3000);

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
    blurb: { value: z.string().max(400) },
    reading_level: { value: z.string().max(300) },
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
    cast_json: { value: jsonText(z.array(id).max(MAX_CAST), `a list of at most ${MAX_CAST} cast member ids`) },
    consistency_note: { value: z.string().max(1000).nullable() },
  },
  // A book's characters: a look fixed for the book, and the portrait its pages are drawn from.
  book_cast: {
    book_id: { value: id },
    order_index: { value: z.number().int().min(0).max(MAX_CAST) },
    name: { value: z.string().max(60) },
    look: { value: z.string().max(MAX_LOOK_CHARACTERS) },
    character_id: { value: id.nullable() },
    portrait_asset_sha256: { value: sha },
    portrait_problem: { value: z.string().max(500).nullable() },
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
  // A page read aloud, named by its page's id (a page has one narration). Who read it travels by
  // name: members stay on each computer. A child's recording travels unapproved (see the refusals).
  page_narrations: {
    audio_asset_sha256: { value: sha },
    source: { value: z.enum(['generated', 'recorded']) },
    provider: { value: z.string().max(120).nullable() },
    voice: { value: z.string().max(60).nullable() },
    speed: { value: z.number().min(0.25).max(4).nullable() },
    reader_name: { value: z.string().max(60) },
    text_digest: { value: z.string().max(64) },
    duration_ms: { value: z.number().int().min(0).max(600_000) },
    words_json: { value: jsonText(wordTimings, 'word timings', 200_000) },
    timing: { value: z.enum(['transcript', 'syllables']) },
    approved: { value: flag },
    created_at: { value: iso },
    updated_at: { value: iso },
  },
  characters: {
    name: { value: z.string().min(1).max(60) },
    traits_json: { value: jsonText(characterTraits, 'a list of at most 12 traits') },
    style_ref_asset_sha256: { value: sha },
    thumbnail_asset_sha256: { value: sha },
    deleted: { value: flag },
    updated_at: { value: iso },
  },
  family_settings: {
    moderation_thresholds_json: { value: jsonText(thresholds, 'a set of limits from 0 to 1'), parentOnly: true },
  },
};

/** The column's rules, or null for a table or column that does not sync (`__proto__` included). */
export function syncedColumn(table: string, column: string): SyncedColumn | null {
  const columns = Object.hasOwn(SYNCED_TABLES, table) ? SYNCED_TABLES[table]! : null;
  return columns && Object.hasOwn(columns, column) ? columns[column]! : null;
}

/** The family's limits from a synced field, or null when it does not hold a valid set. */
export function thresholdsJson(value: string): Record<string, number> | null {
  try {
    const parsed = thresholds.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
