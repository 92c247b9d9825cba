import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { pageWords } from '@storysprout/shared/page-words';
import type { SyncDatabase } from '../db/schema';
import { fieldsNaming } from '../sync/reference-lookups';

/** A page's narration as the link plays it: its audio, and when each of the page's words begins to be said. */
export interface SharedNarration {
  audioSha256: string;
  /** One a word of `pageWords(text)`, in order. */
  wordStartsMs: number[];
}

export interface SharedPage {
  text: string;
  pictureSha256: string | null;
  narration: SharedNarration | null;
}

export interface SharedBook {
  title: string;
  pages: SharedPage[];
}

const wordTimings = z.array(z.object({ startMs: z.number().int().min(0) }));

/** A book as its family's devices last synced it, from the synced fields; null when it is gone. */
export async function sharedBook(db: Kysely<SyncDatabase>, familyId: string, bookId: string): Promise<SharedBook | null> {
  const bookFields = await db.selectFrom('sync_fields').select(['column_name', 'value_json']).where('family_id', '=', familyId).where('table_name', '=', 'books').where('row_id', '=', bookId).execute();
  const book = Object.fromEntries(bookFields.map((field) => [field.column_name, JSON.parse(field.value_json) as unknown]));
  if (typeof book.title !== 'string' || book.deleted === 1) return null;

  const pageIds = await fieldsNaming(db, familyId, { tables: ['pages'], columns: ['book_id'], values: [bookId] }).select('row_id').execute();
  if (pageIds.length === 0) return { title: book.title, pages: [] };
  // A page's narration is named by the page's id.
  const fields = await db
    .selectFrom('sync_fields')
    .select(['table_name', 'row_id', 'column_name', 'value_json'])
    .where('family_id', '=', familyId)
    .where('table_name', 'in', ['pages', 'page_narrations'])
    .where(
      'row_id',
      'in',
      pageIds.map((page) => page.row_id),
    )
    .execute();
  const pages = new Map<string, Record<string, unknown>>();
  const narrations = new Map<string, Record<string, unknown>>();
  for (const field of fields) {
    const rows = field.table_name === 'pages' ? pages : narrations;
    rows.set(field.row_id, { ...rows.get(field.row_id), [field.column_name]: JSON.parse(field.value_json) as unknown });
  }
  return {
    title: book.title,
    pages: [...pages.entries()]
      // A page held for a parent, or removed, is not shown to anyone outside.
      .filter(([, page]) => page.deleted !== 1 && page.generate_status !== 'held')
      .sort(([, a], [, b]) => Number(a.order_index ?? 0) - Number(b.order_index ?? 0))
      .map(([pageId, page]) => {
        const text = typeof page.text_content === 'string' ? page.text_content : '';
        return { text, pictureSha256: typeof page.image_asset_sha256 === 'string' ? page.image_asset_sha256 : null, narration: playableNarration(narrations.get(pageId), text) };
      }),
  };
}

/**
 * The narration the link may play for a page: one a parent has accepted (a child's recording waits
 * for one), read from the page's words as they are now, with a time for each of them; else none.
 */
function playableNarration(narration: Record<string, unknown> | undefined, text: string): SharedNarration | null {
  if (narration?.approved !== 1 || typeof narration.audio_asset_sha256 !== 'string') return null;
  if (narration.text_digest !== createHash('sha256').update(text).digest('hex')) return null;
  const words = typeof narration.words_json === 'string' ? wordTimings.safeParse(parsedOrNull(narration.words_json)) : null;
  if (!words?.success || words.data.length !== pageWords(text).length) return null;
  return { audioSha256: narration.audio_asset_sha256, wordStartsMs: words.data.map((word) => word.startMs) };
}

function parsedOrNull(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}
