import { syncedColumn } from '@storysprout/shared/synced-fields';

/** A local table whose rows travel, with what the wire calls it and what a row needs to exist here. */
interface LocalTable {
  wire: string;
  /** The column a row is named by on the wire; `id` unless the row is another's (a page's narration, by its page). */
  key?: string;
  /** Local column → wire column, where the names differ. */
  renamed?: Record<string, string>;
  /** Columns that hold a picture's (or a narration's) SHA-256: the file must be here before the field is. */
  pictures: string[];
  /** The column naming the row this one belongs to, which must exist here first. */
  parent?: { column: string; table: string };
  /** Columns a new row needs that the server does not carry; the synced ones fill in over them. */
  blank(context: { localFamilyId: string; now: string }): Record<string, unknown>;
}

/**
 * Every local table that syncs, in the order rows are made when they arrive: a page after its
 * book, a version after its page. The triggers in migrations/0003_sync.ts record their columns.
 */
export const LOCAL_TABLES = {
  books: {
    wire: 'books',
    pictures: [],
    blank: ({ localFamilyId, now }) => ({ family_id: localFamilyId, title: '', status: 'draft', created_by_member_id: null, created_at: now, updated_at: now, soft_deleted_until: null, deleted: 0 }),
  },
  characters: {
    wire: 'characters',
    pictures: ['style_ref_asset_sha256', 'thumbnail_asset_sha256'],
    blank: ({ localFamilyId, now }) => ({ family_id: localFamilyId, name: '', traits_json: '[]', created_at: now, updated_at: now, deleted: 0 }),
  },
  pages: {
    wire: 'pages',
    pictures: ['image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256'],
    parent: { column: 'book_id', table: 'books' },
    blank: ({ now }) => ({ order_index: 0, created_at: now, updated_at: now, deleted: 0 }),
  },
  book_cast: {
    wire: 'book_cast',
    pictures: ['portrait_asset_sha256'],
    parent: { column: 'book_id', table: 'books' },
    blank: ({ now }) => ({ order_index: 0, name: '', look: '', created_at: now, updated_at: now, deleted: 0 }),
  },
  page_versions: {
    wire: 'page_versions',
    pictures: ['image_asset_sha256'],
    parent: { column: 'page_id', table: 'pages' },
    blank: ({ now }) => ({ text_content: '', reason: 'edit', created_at: now }),
  },
  page_narrations: {
    wire: 'page_narrations',
    key: 'page_id',
    pictures: ['audio_asset_sha256'],
    parent: { column: 'page_id', table: 'pages' },
    blank: ({ now }) => ({ source: 'generated', reader_name: '', text_digest: '', duration_ms: 0, words_json: '[]', timing: 'syllables', approved: 0, created_at: now, updated_at: now }),
  },
  // One row per family, named by the server family's id on the wire.
  moderation_settings: {
    wire: 'family_settings',
    renamed: { thresholds_json: 'moderation_thresholds_json' },
    pictures: [],
    blank: ({ localFamilyId, now }) => ({ family_id: localFamilyId, thresholds_json: '{}', updated_at: now, deleted: 0 }),
  },
} satisfies Record<string, LocalTable>;

export type LocalTableName = keyof typeof LOCAL_TABLES;
export const LOCAL_TABLE_ORDER = Object.keys(LOCAL_TABLES) as LocalTableName[];

export const wireColumn = (table: LocalTableName, column: string): string => (LOCAL_TABLES[table] as LocalTable).renamed?.[column] ?? column;

/** The local table and column for a field from the wire; null for one this version does not keep. */
export function localField(wireTable: string, wireColumnName: string): { table: LocalTableName; column: string } | null {
  for (const table of LOCAL_TABLE_ORDER) {
    const spec: LocalTable = LOCAL_TABLES[table];
    if (spec.wire !== wireTable) continue;
    const column = Object.entries(spec.renamed ?? {}).find(([, wire]) => wire === wireColumnName)?.[0] ?? wireColumnName;
    return isLocalColumn(table, column) ? { table, column } : null;
  }
  return null;
}

/** The columns the triggers record for a table, as the migrations list them: the wire's columns this table has. */
const LOCAL_COLUMNS: Record<LocalTableName, string[]> = {
  books: ['title', 'status', 'soft_deleted_until', 'deleted', 'created_at', 'updated_at', 'blurb', 'reading_level'],
  characters: ['name', 'traits_json', 'style_ref_asset_sha256', 'thumbnail_asset_sha256', 'deleted', 'updated_at'],
  pages: [
    'book_id',
    'order_index',
    'text_content',
    'illustration_brief',
    'image_asset_sha256',
    'print_asset_sha256',
    'thumbnail_asset_sha256',
    'generate_status',
    'held_reason',
    'deleted',
    'updated_at',
    'cast_json',
    'consistency_note',
  ],
  book_cast: ['book_id', 'order_index', 'name', 'look', 'character_id', 'portrait_asset_sha256', 'portrait_problem', 'deleted', 'updated_at'],
  page_versions: ['page_id', 'text_content', 'image_asset_sha256', 'reason', 'created_at', 'held'],
  page_narrations: ['audio_asset_sha256', 'source', 'provider', 'voice', 'speed', 'reader_name', 'text_digest', 'duration_ms', 'words_json', 'timing', 'approved', 'created_at', 'updated_at'],
  moderation_settings: ['thresholds_json'],
};

export const syncedColumns = (table: LocalTableName): string[] => LOCAL_COLUMNS[table];
const isLocalColumn = (table: LocalTableName, column: string) => LOCAL_COLUMNS[table].includes(column);
export const isPictureColumn = (table: LocalTableName, column: string): boolean => (LOCAL_TABLES[table] as LocalTable).pictures.includes(column);
export const keyColumn = (table: LocalTableName): string => (LOCAL_TABLES[table] as LocalTable).key ?? 'id';
export const parentOf = (table: LocalTableName): { column: string; table: string } | undefined => (LOCAL_TABLES[table] as LocalTable).parent;
export const blankRow = (table: LocalTableName, context: { localFamilyId: string; now: string }) => LOCAL_TABLES[table].blank(context);

/** Whether a value pulled from the server is one the field takes, by the rules the server checks pushes with. */
export function acceptsValue(wireTable: string, wireColumnName: string, value: unknown): boolean {
  return syncedColumn(wireTable, wireColumnName)?.value.safeParse(value).success ?? false;
}

