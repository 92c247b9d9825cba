import type { Kysely } from 'kysely';
import type { StoreSchema } from '../store/schema';

/** A page as a family can reach it: not deleted, in a live book of that family. Select what you need from it. */
export const livePageOfFamily = (db: Kysely<StoreSchema>, familyId: string, pageId: string) =>
  db
    .selectFrom('pages')
    .innerJoin('books', 'books.id', 'pages.book_id')
    .where('pages.id', '=', pageId)
    .where('pages.deleted', '=', 0)
    .where('books.deleted', '=', 0)
    .where('books.family_id', '=', familyId);
