import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../../test-support/devices';
import { testSyncServer } from '../../test-support/sync-test-server';
import type { SyncResult } from './sync-service';

describe('sync', () => {
  it('keeps the latest write of each field, gives every device what it has not seen, and pulls from a cursor', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const laptop = deviceClock();
    // The tablet's edits come a second after the laptop's.
    const tablet = deviceClock(undefined, () => Date.now() + 1000);
    const bookId = randomUUID();
    const sync = (token: string, cursor: number, changes: unknown[]) => server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token, body: { cursor, changes } });

    const first = await sync(family.parent.token, 0, [laptop.change('books', bookId, 'title', 'The Moon Fox'), laptop.change('books', bookId, 'status', 'draft')]);
    expect(first.body).toMatchObject({ accepted: 2, rejected: [], cursor: 2, more: false });
    // The tablet renames the book later; the laptop's older rename of the same field loses.
    const older = laptop.change('books', bookId, 'title', 'Fox and Moon');
    const newer = tablet.change('books', bookId, 'title', 'The Fox Who Caught the Moon');
    const fromTablet = await sync(family.child.token, 0, [newer]);
    expect(fromTablet.body.changes.find((change) => change.column === 'title')).toMatchObject({ value: 'The Fox Who Caught the Moon' });
    const fromLaptop = await sync(family.parent.token, first.body.cursor, [older]);
    expect(fromLaptop.body.accepted).toBe(1);
    expect(fromLaptop.body.changes).toEqual([expect.objectContaining({ column: 'title', value: 'The Fox Who Caught the Moon', deviceId: tablet.deviceId })]);
    // Sending the same change again changes nothing.
    const repeat = await sync(family.child.token, fromLaptop.body.cursor, [newer]);
    expect(repeat.body).toMatchObject({ accepted: 1, changes: [], cursor: fromLaptop.body.cursor });
  });

  it('keeps words that lose to a concurrent edit of the same page as a page version', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const laptop = deviceClock();
    const tablet = deviceClock();
    const pageId = randomUUID();
    const sync = (token: string, changes: unknown[]) => server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token, body: { cursor: 0, changes } });
    const laptopEdit = laptop.change('pages', pageId, 'text_content', 'The fox jumped over the moon.');
    const tabletEdit = tablet.change('pages', pageId, 'text_content', 'The fox sat and watched the moon.');
    await sync(family.parent.token, [tabletEdit]);
    const result = await sync(family.child.token, [laptopEdit]);
    const page = result.body.changes.find((change) => change.table === 'pages');
    const winner = laptopEdit.hlc > tabletEdit.hlc ? laptopEdit : tabletEdit;
    const loser = winner === laptopEdit ? tabletEdit : laptopEdit;
    expect(page).toMatchObject({ value: winner.value });
    const versions = result.body.changes.filter((change) => change.table === 'page_versions');
    expect(Object.fromEntries(versions.map((change) => [change.column, change.value]))).toMatchObject({ page_id: pageId, text_content: loser.value, reason: 'concurrent-edit' });
  });

  it('refuses, with reasons, what a member may not change, and applies the rest of the batch', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const parentDevice = deviceClock();
    const childDevice = deviceClock();
    const pageId = randomUUID();
    await server.call('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: { changes: [parentDevice.change('pages', pageId, 'generate_status', 'held'), parentDevice.change('pages', pageId, 'held_reason', 'violence')] },
    });
    const future = { ...childDevice.change('pages', pageId, 'text_content', 'from the future'), hlc: `2099-01-01T00:00:00.000Z-0000-${childDevice.deviceId}` };
    const result = await server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, {
      token: family.child.token,
      body: {
        changes: [
          childDevice.change('pages', pageId, 'generate_status', 'complete'),
          childDevice.change('family_settings', family.id, 'moderation_thresholds_json', '{"violence":1}'),
          childDevice.change('users', pageId, 'email', 'x@example.com'),
          childDevice.change('pages', pageId, 'order_index', -1),
          future,
          childDevice.change('pages', pageId, 'text_content', 'A brave knight.'),
        ],
      },
    });
    expect(result.body.rejected).toEqual([
      { index: 0, reason: 'only a parent may let a held page through' },
      { index: 1, reason: 'only a parent may change family_settings.moderation_thresholds_json' },
      { index: 2, reason: 'users is not a table that syncs' },
      { index: 3, reason: expect.stringMatching(/^pages.order_index: /) },
      { index: 4, reason: 'hlc is in the future: this device’s clock is wrong' },
    ]);
    expect(result.body.accepted).toBe(1);
    const fields = Object.fromEntries(result.body.changes.filter((change) => change.table === 'pages').map((change) => [change.column, change.value]));
    expect(fields).toEqual({ generate_status: 'held', held_reason: 'violence', text_content: 'A brave knight.' });
    // A parent may let it through.
    const approved = await server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [parentDevice.change('pages', pageId, 'generate_status', 'complete')] } });
    expect(approved.body.rejected).toEqual([]);
  });

  it('says what is wrong with a malformed batch', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const answer = await server.call<{ error: { message: string } }>('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: { cursor: -1, changes: [{ table: 'books', rowId: 'not-an-id', column: 'title', value: { nested: true }, hlc: 'x', deviceId: 'zz' }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/cursor/);
    expect(answer.body.error.message).toMatch(/rowId is not an id/);
    expect(answer.body.error.message).toMatch(/deviceId is 16 hex digits/);
  });
});
