import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../../test-support/devices';
import { testSyncServer } from '../../test-support/sync-test-server';
import { sweepHistory } from './history-retention';
import type { FieldChange, SyncResult } from './sync-service';

const DAY_MS = 24 * 60 * 60 * 1000;

async function familyOnServer() {
  const server = await testSyncServer();
  const family = await server.family();
  const sync = (changes: FieldChange[], cursor = 0) => server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { cursor, changes } });
  /** Everything the family has on the server, as a new device would pull it. */
  async function everything() {
    const pulled: SyncResult['changes'] = [];
    for (let cursor = 0, more = true; more; ) {
      const answer = (await sync([], cursor)).body;
      pulled.push(...answer.changes);
      ({ cursor, more } = answer);
    }
    return pulled;
  }
  return { server, family, sync, everything };
}

const versionFields = (device: ReturnType<typeof deviceClock>, pageId: string, text: string, createdAt: Date) => {
  const versionId = randomUUID();
  return [
    device.change('page_versions', versionId, 'page_id', pageId),
    device.change('page_versions', versionId, 'text_content', text),
    device.change('page_versions', versionId, 'reason', 'edit'),
    device.change('page_versions', versionId, 'created_at', createdAt.toISOString()),
  ];
};

describe('the daily sweep of families’ histories', () => {
  it('keeps every version of the last 30 days and the newest N older ones of each page, and never the page’s own words', async () => {
    const { server, sync, everything } = await familyOnServer();
    const now = new Date();
    const device = deviceClock();
    const [long, short] = [randomUUID(), randomUUID()];
    await sync([device.change('pages', long, 'text_content', 'The words on the page now.'), device.change('pages', short, 'text_content', 'A short history.')]);
    // 6 versions in the last 30 days and 12 older, one a day back from day 40; the other page has 2 old ones.
    const recent = Array.from({ length: 6 }, (_, day) => versionFields(device, long, `recent ${day}`, new Date(now.getTime() - (day * 5 + 1) * DAY_MS)));
    const older = Array.from({ length: 12 }, (_, day) => versionFields(device, long, `older ${day}`, new Date(now.getTime() - (40 + day) * DAY_MS)));
    const fewOld = Array.from({ length: 2 }, (_, day) => versionFields(device, short, `few ${day}`, new Date(now.getTime() - (100 + day) * DAY_MS)));
    await sync([...recent, ...older, ...fewOld].flat());

    expect(await sweepHistory(server.store, { olderVersionsKept: 4, now })).toEqual({ versionsRemoved: 8, fieldsCompacted: 0 });
    const after = await everything();
    const texts = after.filter((change) => change.table === 'page_versions' && change.column === 'text_content').map((change) => change.value);
    expect(texts.sort()).toEqual([...Array.from({ length: 6 }, (_, day) => `recent ${day}`), 'older 0', 'older 1', 'older 2', 'older 3', 'few 0', 'few 1'].sort());
    // Versions go whole: no field of a removed one is left behind.
    const versionIds = new Set(after.filter((change) => change.table === 'page_versions').map((change) => change.rowId));
    expect(versionIds.size).toBe(12);
    expect(after.filter((change) => change.table === 'pages').map((change) => change.value)).toEqual(['The words on the page now.', 'A short history.']);
    // A second sweep finds nothing more to do.
    expect(await sweepHistory(server.store, { olderVersionsKept: 4, now })).toEqual({ versionsRemoved: 0, fieldsCompacted: 0 });
  });

  it('keeps only the tombstone of a page deleted more than 30 days ago, and drops its history and narration; a page deleted since stays whole', async () => {
    const { server, sync, everything } = await familyOnServer();
    const now = new Date();
    // A device whose clock said 45 days ago deleted one page; another, last week, deleted the other.
    const then = deviceClock(undefined, () => now.getTime() - 45 * DAY_MS);
    const lastWeek = deviceClock(undefined, () => now.getTime() - 7 * DAY_MS);
    const [bookId, gone, recentlyGone] = [randomUUID(), randomUUID(), randomUUID()];
    await sync([
      then.change('pages', gone, 'book_id', bookId),
      then.change('pages', gone, 'text_content', 'Old words.'),
      ...versionFields(then, gone, 'an old version', new Date(now.getTime() - 50 * DAY_MS)),
      then.change('page_narrations', gone, 'audio_asset_sha256', 'a'.repeat(64)),
      then.change('page_narrations', gone, 'approved', 1),
      then.change('pages', recentlyGone, 'book_id', bookId),
      then.change('pages', recentlyGone, 'text_content', 'Newer words.'),
      then.change('page_narrations', recentlyGone, 'audio_asset_sha256', 'b'.repeat(64)),
    ]);
    await sync([then.change('pages', gone, 'deleted', 1), lastWeek.change('pages', recentlyGone, 'deleted', 1)]);

    expect(await sweepHistory(server.store, { olderVersionsKept: 20, now })).toEqual({ versionsRemoved: 0, fieldsCompacted: 8 });
    const fieldsOf = (changes: SyncResult['changes'], rowId: string) => Object.fromEntries(changes.filter((change) => change.rowId === rowId).map((change) => [change.column, change.value]));
    const after = await everything();
    expect(fieldsOf(after, gone)).toEqual({ deleted: 1 });
    expect(fieldsOf(after, recentlyGone)).toEqual({ book_id: bookId, text_content: 'Newer words.', deleted: 1, audio_asset_sha256: 'b'.repeat(64) });
    expect(after.filter((change) => change.table === 'page_versions')).toEqual([]);
  });
});
