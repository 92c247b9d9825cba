import type { PageGenerateStatus, PageView } from '../../src-preload/contract';
import type { ServiceContext } from '../app/context';
import { InvalidInputError, NotFoundError } from '../errors';
import { isoNow } from '../store/clock';
import { assertMayChange, type HistoryEntry } from './held-pages';
import { livePageOfFamily } from './live-page';
import { recordPageVersion } from './page-history';
import { toPageVersionView, toPageView } from './page-views';

/** How long a pause in typing may be and still count as the same sitting, for versions. */
export const EDIT_SITTING_MS = 5 * 60 * 1000;

export function createPageService({ db, clock }: ServiceContext) {
  /** A page is reachable only through a live book of the given family. */
  async function findPage(familyId: string, pageId: string) {
    const page = await livePageOfFamily(db, familyId, pageId).selectAll('pages').executeTakeFirst();
    if (!page) throw new NotFoundError('That page');
    return page;
  }

  return {
    /**
     * Saves a page's words; changes become versions that can be restored. The window saves as
     * someone types, so words typed in one sitting (by one member, each change within
     * EDIT_SITTING_MS of the last) are one version, not one per pause.
     */
    async updateText(input: { familyId: string; pageId: string; text: string; memberId: string | null; seesHeld: boolean }): Promise<PageView> {
      const page = await findPage(input.familyId, input.pageId);
      assertMayChange({ pageStatus: page.generate_status }, input.seesHeld);
      if (page.text_content === input.text) return toPageView(page);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('pages')
          .set({ text_content: input.text, updated_at: now })
          .where('id', '=', input.pageId)
          .execute();
        const latest = await trx
          .selectFrom('page_versions')
          .select(['id', 'reason', 'created_by_member_id', 'created_at'])
          .where('page_id', '=', input.pageId)
          .orderBy('version_number', 'desc')
          .limit(1)
          .executeTakeFirst();
        const sameSitting =
          latest?.reason === 'edit' && latest.created_by_member_id === input.memberId && Date.parse(now) - Date.parse(latest.created_at) < EDIT_SITTING_MS;
        if (sameSitting) {
          await trx.updateTable('page_versions').set({ text_content: input.text, created_at: now }).where('id', '=', latest.id).execute();
        } else {
          await recordPageVersion(trx, { pageId: input.pageId, reason: 'edit', memberId: input.memberId, now });
        }
        await trx.updateTable('books').set({ updated_at: now }).where('id', '=', page.book_id).execute();
      });
      return toPageView(await findPage(input.familyId, input.pageId));
    },

    /** Puts the book's pages in the order given, which must name every page exactly once. */
    async reorder(input: { familyId: string; bookId: string; pageIds: string[] }): Promise<PageView[]> {
      const book = await db
        .selectFrom('books')
        .select('id')
        .where('id', '=', input.bookId)
        .where('family_id', '=', input.familyId)
        .where('deleted', '=', 0)
        .executeTakeFirst();
      if (!book) throw new NotFoundError('That book');
      const current = await db
        .selectFrom('pages')
        .select('id')
        .where('book_id', '=', input.bookId)
        .where('deleted', '=', 0)
        .execute();
      const known = new Set(current.map((page) => page.id));
      const given = new Set(input.pageIds);
      if (given.size !== input.pageIds.length || given.size !== known.size || ![...given].every((id) => known.has(id))) {
        throw new InvalidInputError(`pageIds must list each of the book's ${known.size} pages exactly once.`);
      }
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        for (const [index, pageId] of input.pageIds.entries()) {
          await trx
            .updateTable('pages')
            .set({ order_index: index, updated_at: now })
            .where('id', '=', pageId)
            .where('order_index', '!=', index)
            .execute();
        }
        await trx.updateTable('books').set({ updated_at: now }).where('id', '=', input.bookId).execute();
      });
      const pages = await db
        .selectFrom('pages')
        .selectAll()
        .where('book_id', '=', input.bookId)
        .where('deleted', '=', 0)
        .orderBy('order_index')
        .execute();
      return pages.map(toPageView);
    },

    /** The page's history, newest first, each entry marked if it was taken while the page was held. */
    async history(familyId: string, pageId: string): Promise<{ pageStatus: PageGenerateStatus; entries: HistoryEntry[] }> {
      const page = await findPage(familyId, pageId);
      const rows = await db
        .selectFrom('page_versions')
        .selectAll()
        .where('page_id', '=', pageId)
        .orderBy('version_number', 'desc')
        .execute();
      return { pageStatus: page.generate_status, entries: rows.map((row) => ({ version: toPageVersionView(row), held: row.held === 1 })) };
    },

    /** Brings back an earlier text and picture; the restore is itself a new version, so it can be undone. */
    async restoreVersion(input: { familyId: string; versionId: string; memberId: string | null; seesHeld: boolean }): Promise<PageView> {
      const version = await db
        .selectFrom('page_versions')
        .selectAll()
        .where('id', '=', input.versionId)
        .executeTakeFirst();
      if (!version) throw new NotFoundError('That version');
      const page = await findPage(input.familyId, version.page_id);
      assertMayChange({ pageStatus: page.generate_status, snapshotHeld: version.held === 1 }, input.seesHeld);
      const now = isoNow(clock);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('pages')
          .set({
            text_content: version.text_content,
            image_asset_sha256: version.image_asset_sha256,
            print_asset_sha256: version.print_asset_sha256,
            thumbnail_asset_sha256: version.thumbnail_asset_sha256,
            seed_value: version.seed_value,
            updated_at: now,
          })
          .where('id', '=', page.id)
          .execute();
        await recordPageVersion(trx, { pageId: page.id, reason: 'restore', memberId: input.memberId, now });
        await trx.updateTable('books').set({ updated_at: now }).where('id', '=', page.book_id).execute();
      });
      return toPageView(await findPage(input.familyId, page.id));
    },
  };
}

export type PageService = ReturnType<typeof createPageService>;
