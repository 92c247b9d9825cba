/**
 * How long a page's history is kept, on the sync server and on every desktop alike: every version
 * from the last 30 days, and the newest few older ones, so the history stays readable and bounded.
 */
export const RECENT_VERSION_DAYS = 30;
/** Older versions kept per page where nothing else is set (the server's PAGE_VERSIONS_OLDER_KEPT). */
export const OLDER_VERSIONS_KEPT = 20;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface KeptVersion {
  id: string;
  pageId: string;
  /** ISO 8601, as every version's created_at is. */
  createdAt: string;
}

/**
 * The versions the rule lets go: per page, those older than RECENT_VERSION_DAYS beyond the
 * `olderKept` newest of them. Only versions are named here; a page's own words are never among them.
 */
export function versionsPastRetention(versions: readonly KeptVersion[], options: { now: number; olderKept: number }): string[] {
  const cutoff = new Date(options.now - RECENT_VERSION_DAYS * DAY_MS).toISOString();
  const olderByPage = new Map<string, KeptVersion[]>();
  for (const version of versions) {
    if (version.createdAt >= cutoff) continue;
    olderByPage.set(version.pageId, [...(olderByPage.get(version.pageId) ?? []), version]);
  }
  const dropped: string[] = [];
  for (const older of olderByPage.values()) {
    older.sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
    dropped.push(...older.slice(options.olderKept).map((version) => version.id));
  }
  return dropped;
}
