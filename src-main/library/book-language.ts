import type { Kysely } from 'kysely';
import type { StoreSchema } from '../store/schema';

const DEFAULT_LANGUAGE = 'en';

/**
 * The language a book's story was asked for, as a BCP 47 tag: it is kept with the request that
 * made the book (a redraw copies it), so a book made by hand, or arrived by sync without its
 * requests, reads as English. A stored tag that is not a language (the file is the family's, and
 * any program may write it) reads as English too.
 */
export async function bookLanguage(db: Kysely<StoreSchema>, bookId: string): Promise<string> {
  const request = await db.selectFrom('generations').select('request_json').where('book_id', '=', bookId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (!request) return DEFAULT_LANGUAGE;
  try {
    const { language } = JSON.parse(request.request_json) as { language?: unknown };
    return typeof language === 'string' ? (Intl.getCanonicalLocales(language)[0] ?? DEFAULT_LANGUAGE) : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}
