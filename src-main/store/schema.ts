import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * The local store's tables as Kysely sees them. Ids are UUIDv7 text and times ISO-8601 UTC text,
 * so rows can later merge across a family's devices without renumbering.
 * `deleted` is 0 or 1: a tombstone that sync can carry, where a hard delete would be lost.
 */
type Flag = ColumnType<0 | 1, 0 | 1 | undefined, 0 | 1>;

export type MemberRole = 'parent-admin' | 'child-creator';
export type BookStatus = 'draft' | 'generating' | 'complete' | 'failed';
export type PageGenerateStatus = 'pending' | 'generating' | 'complete' | 'failed' | 'held';
export type PageVersionReason = 'created' | 'edit' | 'restore' | 'generated' | 'redrawn' | 'concurrent-edit';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface FamiliesTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  deleted: Flag;
}

export interface MembersTable {
  id: string;
  family_id: string;
  display_name: string;
  role: MemberRole;
  /** scrypt hash of the parent PIN, `scrypt$N$r$p$salt$hash`; null until a parent sets one. */
  pin_hash: string | null;
  created_at: string;
  updated_at: string;
  deleted: Flag;
}

export interface BooksTable {
  id: string;
  family_id: string;
  title: string;
  status: BookStatus;
  created_by_member_id: string | null;
  created_at: string;
  updated_at: string;
  /** Set while the book is in the trash: it can be restored until then, and is purged after. */
  soft_deleted_until: string | null;
  deleted: Flag;
  /** For the printed back cover; '' until the story or the family writes one. */
  blurb: Generated<string>;
  /** How well the story fits its reader, as the book screen says it ("About right for 5"); '' before it is measured. */
  reading_level: Generated<string>;
}

export interface PagesTable {
  id: string;
  book_id: string;
  order_index: number;
  text_content: Generated<string>;
  illustration_brief: Generated<string>;
  image_asset_sha256: string | null;
  generate_status: Generated<PageGenerateStatus>;
  seed_value: number | null;
  held_reason: string | null;
  /** The picture made print-ready (sRGB JPEG, 300 DPI at trim size plus bleed), and its small copy. */
  print_asset_sha256: string | null;
  thumbnail_asset_sha256: string | null;
  created_at: string;
  updated_at: string;
  deleted: Flag;
  /** The ids of the book_cast members this page's picture shows, as a JSON array. */
  cast_json: Generated<string>;
  /** What the consistency check still found different from the cast after its redraw; null when nothing. */
  consistency_note: string | null;
}

export interface PageVersionsTable {
  id: string;
  page_id: string;
  version_number: number;
  text_content: string;
  image_asset_sha256: string | null;
  seed_value: number | null;
  print_asset_sha256: string | null;
  thumbnail_asset_sha256: string | null;
  reason: PageVersionReason;
  created_by_member_id: string | null;
  created_at: string;
  /** 1 for a snapshot taken while its page was held for a parent: a parent's alone to see or bring back. */
  held: Generated<0 | 1>;
}

export interface CharactersTable {
  id: string;
  family_id: string;
  name: string;
  traits_json: string;
  style_ref_asset_sha256: string | null;
  thumbnail_asset_sha256: string | null;
  embedding_vector: Buffer | null;
  created_at: string;
  updated_at: string;
  deleted: Flag;
}

/** A book's characters, each with a look fixed for the book and the portrait its pages are drawn from. */
export interface BookCastTable {
  id: string;
  book_id: string;
  order_index: number;
  name: string;
  /** Repeated word for word in the prompt of every picture this character is in. */
  look: string;
  /** The family character this one is (its reference picture is the portrait then). */
  character_id: string | null;
  portrait_asset_sha256: string | null;
  portrait_seed: number | null;
  /** Why there is no portrait: it could not be drawn, or it went past the family's limits and was not kept. */
  portrait_problem: string | null;
  created_at: string;
  updated_at: string;
  deleted: Flag;
}

export interface BookCharactersTable {
  book_id: string;
  character_id: string;
  updated_at: string;
  deleted: Flag;
}

export interface ModerationSettingsTable {
  id: string;
  family_id: string;
  thresholds_json: string;
  updated_at: string;
  deleted: Flag;
}

export interface AssetsTable {
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  created_at: string;
}

export type GenerationStatus = 'waiting' | 'active' | 'reviewing' | 'complete' | 'failed' | 'cancelled';

/** One request to make a book; at most five per family are active, the rest wait in line. */
export interface GenerationsTable {
  id: string;
  family_id: string;
  book_id: string;
  request_json: string;
  status: GenerationStatus;
  text_provider: string;
  image_provider: string;
  estimated_cost_usd: Generated<number>;
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** Answers already paid for, by a hash of (provider, model, prompt, seed). */
export interface ProviderCacheTable {
  request_key: string;
  kind: string;
  result_json: string | null;
  asset_sha256: string | null;
  created_at: string;
}

/** A page read aloud, and when each of its words is said (see migrations/0009_page_narrations.ts). */
export interface PageNarrationsTable {
  page_id: string;
  /** Null only while a narration synced from another device waits for its audio. */
  audio_asset_sha256: string | null;
  source: 'generated' | 'recorded';
  provider: string | null;
  voice: string | null;
  speed: number | null;
  reader_member_id: string | null;
  reader_name: string;
  /** The sha256 of the words it was read from. */
  text_digest: string;
  duration_ms: number;
  /** [{ word, startMs, endMs }], one per word of the page as it was read. */
  words_json: string;
  timing: 'transcript' | 'syllables';
  approved: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface JobsTable {
  id: string;
  family_id: string;
  generation_id: string | null;
  book_id: string | null;
  page_id: string | null;
  kind: string;
  payload_json: string;
  status: JobStatus;
  attempt: number;
  lease_token: string | null;
  lease_expires_at: string | null;
  run_after: string;
  last_error: string | null;
  result_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export interface SyncDeviceTable {
  id: 1;
  /** 16 hex digits, made once per library: the last part of every timestamp this device writes. */
  device_id: string;
}

/** A field change waiting for the server; one per field, its newest value. */
export interface SyncOutboxTable {
  seq: Generated<number>;
  table_name: string;
  row_id: string;
  column_name: string;
  value_json: string;
  hlc: string;
  /** The stamp of the server's value this change was made over; null when this device had none. */
  seen_hlc: string | null;
}

/** A field as the server holds it (its value and timestamp): what a refused change rolls back to. */
export interface SyncFieldsTable {
  table_name: string;
  row_id: string;
  column_name: string;
  value_json: string;
  hlc: string;
}

export interface SyncWaitingPicturesTable {
  table_name: string;
  row_id: string;
  column_name: string;
  sha256: string;
  hlc: string;
}

export interface SyncRejectionsTable {
  id: Generated<number>;
  table_name: string;
  row_id: string;
  column_name: string;
  value_json: string;
  reason: string;
  created_at: Generated<string>;
}

export interface SyncAccountTable {
  id: 1;
  server_url: string;
  user_id: string;
  email: string;
  full_name: string;
  /** 0 after signing out: the library keeps its family and what it pulled, and waits. */
  signed_in: Flag;
  family_id: string | null;
  family_name: string | null;
  role: MemberRole | null;
  /** The server's sequence number this device has pulled up to. */
  cursor: Generated<number>;
  last_synced_at: string | null;
  last_error: string | null;
}

export interface StoreSchema {
  sync_device: SyncDeviceTable;
  sync_outbox: SyncOutboxTable;
  sync_fields: SyncFieldsTable;
  sync_waiting_pictures: SyncWaitingPicturesTable;
  sync_rejections: SyncRejectionsTable;
  sync_account: SyncAccountTable;
  families: FamiliesTable;
  members: MembersTable;
  books: BooksTable;
  pages: PagesTable;
  page_versions: PageVersionsTable;
  page_narrations: PageNarrationsTable;
  characters: CharactersTable;
  book_characters: BookCharactersTable;
  book_cast: BookCastTable;
  moderation_settings: ModerationSettingsTable;
  assets: AssetsTable;
  jobs: JobsTable;
  settings: SettingsTable;
  generations: GenerationsTable;
  provider_cache: ProviderCacheTable;
}

export type FamilyRow = Selectable<FamiliesTable>;
export type MemberRow = Selectable<MembersTable>;
export type BookRow = Selectable<BooksTable>;
export type PageRow = Selectable<PagesTable>;
export type PageVersionRow = Selectable<PageVersionsTable>;
export type CharacterRow = Selectable<CharactersTable>;
export type BookCastRow = Selectable<BookCastTable>;
export type AssetRow = Selectable<AssetsTable>;
export type JobRow = Selectable<JobsTable>;
export type GenerationRow = Selectable<GenerationsTable>;
