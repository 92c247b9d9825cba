import { sql, type Kysely, type Transaction } from 'kysely';
import type { BookDetail, BookSummary } from '../../src-preload/contract';
import type { ServiceContext } from '../app/context';
import { NotFoundError, UserFacingError } from '../errors';
import { isoNow } from '../store/clock';
import { newId } from '../store/ids';
import type { BookRow, StoreSchema } from '../store/schema';
import { castOf } from '../characters/book-cast';
import { toPageView } from '../pages/page-views';

/** How long a book stays restorable in the trash. */
export const TRASH_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type LibraryView = 'shelf' | 'trash';

interface BookRowWithCounts extends BookRow {
  page_count: number;
  cover_asset_sha256: string | null;
}

export function createLibraryService({ db, clock }: ServiceContext) {
  const booksWithCounts = (executor: Kysely<StoreSchema> | Transaction<StoreSchema>) =>
    executor
      .selectFrom('books')
      .selectAll('books')
      .select((eb) => [
        eb
          .selectFrom('pages')
          .whereRef('pages.book_id', '=', 'books.id')
          .where('pages.deleted', '=', 0)
          .select(sql<number>`count(*)`.as('n'))
          .as('page_count'),
        eb
          .selectFrom('pages')
          .whereRef('pages.book_id', '=', 'books.id')
          .where('pages.deleted', '=', 0)
          .where('pages.thumbnail_asset_sha256', 'is not', null)
          .where('pages.generate_status', '!=', 'held')
          .orderBy('pages.order_index')
          .select('pages.thumbnail_asset_sha256')
          .limit(1)
          .as('cover_asset_sha256'),
      ])
      .where('books.deleted', '=', 0);

  async function findBook(
    familyId: string,
    bookId: string,
    executor: Kysely<StoreSchema> | Transaction<StoreSchema> = db,
  ): Promise<BookRowWithCounts> {
    const row = await booksWithCounts(executor)
      .where('books.id', '=', bookId)
      .where('books.family_id', '=', familyId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('That book');
    return row as BookRowWithCounts;
  }

  async function getBook(familyId: string, bookId: string): Promise<BookDetail> {
    const book = await findBook(familyId, bookId);
    const pages = await db
      .selectFrom('pages')
      .selectAll()
      .where('book_id', '=', bookId)
      .where('deleted', '=', 0)
      .orderBy('order_index')
      .execute();
    return { ...toBookSummary(book), pages: pages.map(toPageView), cast: await castOf(db, bookId), readingLevel: book.reading_level };
  }

  return {
    async list(familyId: string, view: LibraryView): Promise<BookSummary[]> {
      const rows = await booksWithCounts(db)
        .where('books.family_id', '=', familyId)
        .where('books.soft_deleted_until', view === 'trash' ? 'is not' : 'is', null)
        .orderBy('books.updated_at', 'desc')
        .orderBy('books.id', 'desc')
        .execute();
      return (rows as BookRowWithCounts[]).map(toBookSummary);
    },

    get: getBook,

    /** A new draft with `pageCount` empty pages, each with its first version in the history. */
    async create(input: { familyId: string; memberId: string | null; title: string; pageCount: number }) {
      const bookId = newId();
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('books')
          .values({
            id: bookId,
            family_id: input.familyId,
            title: input.title,
            status: 'draft',
            created_by_member_id: input.memberId,
            created_at: now,
            updated_at: now,
            soft_deleted_until: null,
          })
          .execute();
        // New pages start empty, so their first versions are written in bulk rather than snapshotted one by one.
        const pages = Array.from({ length: input.pageCount }, (_, index) => ({
          id: newId(),
          book_id: bookId,
          order_index: index,
          created_at: now,
          updated_at: now,
        }));
        await trx.insertInto('pages').values(pages).execute();
        await trx
          .insertInto('page_versions')
          .values(
            pages.map((page) => ({
              id: newId(),
              page_id: page.id,
              version_number: 1,
              text_content: '',
              image_asset_sha256: null,
              seed_value: null,
              reason: 'created' as const,
              created_by_member_id: input.memberId,
              created_at: now,
            })),
          )
          .execute();
      });
      return getBook(input.familyId, bookId);
    },

    async rename(familyId: string, bookId: string, title: string): Promise<BookSummary> {
      await findBook(familyId, bookId);
      await db
        .updateTable('books')
        .set({ title, updated_at: isoNow(clock) })
        .where('id', '=', bookId)
        .execute();
      return toBookSummary(await findBook(familyId, bookId));
    },

    async setBlurb(familyId: string, bookId: string, blurb: string): Promise<BookSummary> {
      await findBook(familyId, bookId);
      await db
        .updateTable('books')
        .set({ blurb, updated_at: isoNow(clock) })
        .where('id', '=', bookId)
        .execute();
      return toBookSummary(await findBook(familyId, bookId));
    },

    async moveToTrash(familyId: string, bookId: string): Promise<BookSummary> {
      const book = await findBook(familyId, bookId);
      if (book.soft_deleted_until) return toBookSummary(book);
      const now = clock.now();
      await db
        .updateTable('books')
        .set({
          soft_deleted_until: new Date(now.getTime() + TRASH_RETENTION_DAYS * DAY_MS).toISOString(),
          updated_at: now.toISOString(),
        })
        .where('id', '=', bookId)
        .execute();
      return toBookSummary(await findBook(familyId, bookId));
    },

    async restore(familyId: string, bookId: string): Promise<BookSummary> {
      const book = await findBook(familyId, bookId);
      if (!book.soft_deleted_until) return toBookSummary(book);
      const now = isoNow(clock);
      if (book.soft_deleted_until <= now) {
        throw new UserFacingError('conflict', `“${book.title}” stayed in the trash for ${TRASH_RETENTION_DAYS} days and can no longer be restored.`);
      }
      await db
        .updateTable('books')
        .set({ soft_deleted_until: null, updated_at: now })
        .where('id', '=', bookId)
        .execute();
      return toBookSummary(await findBook(familyId, bookId));
    },

    /**
     * Empties what stayed in the trash past its date. Books and pages stay as tombstones (so a
     * later sync can tell other devices), with their words and history removed.
     */
    async purgeExpired(): Promise<number> {
      const now = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const expired = await trx
          .selectFrom('books')
          .select('id')
          .where('deleted', '=', 0)
          .where('soft_deleted_until', 'is not', null)
          .where('soft_deleted_until', '<=', now)
          .execute();
        const ids = expired.map((book) => book.id);
        if (ids.length === 0) return 0;
        await trx
          .deleteFrom('page_versions')
          .where('page_id', 'in', trx.selectFrom('pages').select('id').where('book_id', 'in', ids))
          .execute();
        await trx
          .updateTable('pages')
          .set({ deleted: 1, text_content: '', illustration_brief: '', image_asset_sha256: null, updated_at: now })
          .where('book_id', 'in', ids)
          .execute();
        await trx.updateTable('books').set({ deleted: 1, title: '', blurb: '', updated_at: now }).where('id', 'in', ids).execute();
        return ids.length;
      });
    },
  };
}

export type LibraryService = ReturnType<typeof createLibraryService>;

function toBookSummary(row: BookRowWithCounts): BookSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    pageCount: Number(row.page_count),
    coverAssetSha256: row.cover_asset_sha256,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    inTrashUntil: row.soft_deleted_until,
    blurb: row.blurb,
  };
}
