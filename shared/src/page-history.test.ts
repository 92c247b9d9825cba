import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECENT_VERSION_DAYS, versionsPastRetention, type KeptVersion } from './page-history';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

const versionsOfPages = fc.uniqueArray(
  fc.record({
    id: fc.uuid(),
    pageId: fc.constantFrom('page-a', 'page-b', 'page-c'),
    createdAt: fc.integer({ min: 0, max: 400 * DAY_MS }).map((age) => new Date(NOW - age).toISOString()),
  }),
  { maxLength: 80, selector: (version) => version.id },
);

describe('how long a page’s history is kept', () => {
  it('keeps every version of the last 30 days and the newest N before them, per page, and lets the rest go', () => {
    fc.assert(
      fc.property(versionsOfPages, fc.integer({ min: 0, max: 10 }), (versions: KeptVersion[], olderKept) => {
        const dropped = new Set(versionsPastRetention(versions, { now: NOW, olderKept }));
        const recentFrom = new Date(NOW - RECENT_VERSION_DAYS * DAY_MS).toISOString();
        for (const pageId of new Set(versions.map((version) => version.pageId))) {
          const ofPage = versions.filter((version) => version.pageId === pageId);
          const recent = ofPage.filter((version) => version.createdAt >= recentFrom);
          const older = ofPage.filter((version) => version.createdAt < recentFrom).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
          expect(recent.filter((version) => dropped.has(version.id))).toEqual([]);
          const keptOlder = older.filter((version) => !dropped.has(version.id));
          expect(keptOlder).toHaveLength(Math.min(olderKept, older.length));
          // The older ones kept are the newest of them.
          if (keptOlder.length > 0 && keptOlder.length < older.length) {
            const oldestKept = keptOlder.at(-1)!.createdAt;
            expect(older.filter((version) => dropped.has(version.id)).every((version) => version.createdAt <= oldestKept)).toBe(true);
          }
        }
      }),
    );
  });

  it('lets an old version go only past the N older ones kept, N = 0 keeping none', () => {
    const versions = [{ id: 'v1', pageId: 'p', createdAt: '2020-01-01T00:00:00.000Z' }];
    expect(versionsPastRetention(versions, { now: NOW, olderKept: 0 })).toEqual(['v1']);
    expect(versionsPastRetention(versions, { now: NOW, olderKept: 1 })).toEqual([]);
  });
});
