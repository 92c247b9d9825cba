import type { Kysely } from 'kysely';
import type { BookDetail, PageGenerateStatus, PageVersionView, PageView } from '../../src-preload/contract';
import { UserFacingError } from '../errors';
import type { StoreSchema } from '../store/schema';

/** What a child is told about a page a grown-up has held: that it waits, never what it holds. */
export const HELD_FOR_A_GROWN_UP = 'A grown-up needs to look at this page first.';

export class HeldForAGrownUpError extends UserFacingError {
  constructor() {
    super('parent-only', 'This page is waiting for a grown-up to look at it first.');
  }
}

/** A page's history entry, with whether it was taken while the page was held. */
export interface HistoryEntry {
  version: PageVersionView;
  held: boolean;
}

/** What of a page the member at the computer may see: all of it, or that it waits. */
export function pageAsSeen(view: PageView, seesHeld: boolean): PageView {
  if (seesHeld || view.generateStatus !== 'held') return view;
  return {
    ...view,
    text: '',
    illustrationBrief: '',
    imageAssetSha256: null,
    printAssetSha256: null,
    thumbnailAssetSha256: null,
    heldReason: HELD_FOR_A_GROWN_UP,
    consistencyNote: null,
  };
}

/** A held page's history, and snapshots taken while a page was held, are a parent's alone. */
export function historyAsSeen(pageStatus: PageGenerateStatus, entries: HistoryEntry[], seesHeld: boolean): PageVersionView[] {
  if (!seesHeld && pageStatus === 'held') return [];
  return entries.filter((entry) => seesHeld || !entry.held).map((entry) => entry.version);
}

/** Refuses a change to a held page or a held snapshot by anyone who may not see it. */
export function assertMayChange(target: { pageStatus: PageGenerateStatus; snapshotHeld?: boolean }, seesHeld: boolean): void {
  if (!seesHeld && (target.pageStatus === 'held' || target.snapshotHeld)) throw new HeldForAGrownUpError();
}

/**
 * The one rule for what moderation has held back: every page, version and picture that reaches
 * the window passes through here, from bridge results to the picture files the window loads.
 * Only a parent sees or changes held content, and not even a parent on a computer that is signed
 * in to the family as a child: the server would refuse a release from there anyway, and the child
 * may well be that computer's only "parent" profile.
 */
/** Whether this library is signed in to its family as a child: then it is a child's computer, whichever profile is at it. */
export async function signedInToFamilyAsChild(db: Kysely<StoreSchema>): Promise<boolean> {
  const account = await db.selectFrom('sync_account').select('role').where('family_id', 'is not', null).executeTakeFirst();
  return account?.role === 'child-creator';
}

export function createHeldPages(deps: { db: Kysely<StoreSchema>; isParent: () => boolean }) {
  const { db } = deps;

  async function seesHeld(): Promise<boolean> {
    return deps.isParent() && !(await signedInToFamilyAsChild(db));
  }

  /** Every picture a held page or a held snapshot shows (its picture, print copy and thumbnail), and a held page's narration, which speaks its words. */
  async function withheldAssets(): Promise<Set<string>> {
    const heldPages = await db
      .selectFrom('pages')
      .select(['id', 'image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256'])
      .where('generate_status', '=', 'held')
      .where('deleted', '=', 0)
      .execute();
    const heldSnapshots = await db
      .selectFrom('page_versions')
      .select(['image_asset_sha256', 'print_asset_sha256', 'thumbnail_asset_sha256'])
      .where((eb) => eb.or([eb('held', '=', 1), ...(heldPages.length > 0 ? [eb('page_id', 'in', heldPages.map((row) => row.id))] : [])]))
      .execute();
    const narrations =
      heldPages.length > 0
        ? await db
            .selectFrom('page_narrations')
            .select('audio_asset_sha256')
            .where('page_id', 'in', heldPages.map((row) => row.id))
            .execute()
        : [];
    return new Set([
      ...[...heldPages, ...heldSnapshots].flatMap((row) => [row.image_asset_sha256, row.print_asset_sha256, row.thumbnail_asset_sha256]).filter((sha): sha is string => sha !== null),
      ...narrations.map((row) => row.audio_asset_sha256).filter((sha): sha is string => sha !== null),
    ]);
  }

  return {
    seesHeld,

    async page(view: PageView): Promise<PageView> {
      return pageAsSeen(view, await seesHeld());
    },

    async pages(views: PageView[]): Promise<PageView[]> {
      const sees = await seesHeld();
      return views.map((view) => pageAsSeen(view, sees));
    },

    async book(detail: BookDetail): Promise<BookDetail> {
      const sees = await seesHeld();
      return { ...detail, pages: detail.pages.map((view) => pageAsSeen(view, sees)) };
    },

    async history(pageStatus: PageGenerateStatus, entries: HistoryEntry[]): Promise<PageVersionView[]> {
      return historyAsSeen(pageStatus, entries, await seesHeld());
    },

    /** Whether the window may load this picture or narration for whoever is at the computer. */
    async mayShowAsset(sha256: string): Promise<boolean> {
      if (await seesHeld()) return true;
      return !(await withheldAssets()).has(sha256);
    },
  };
}

export type HeldPages = ReturnType<typeof createHeldPages>;
