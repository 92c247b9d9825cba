import { createHash } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { clockRepair } from '../../sync-server/src/db/migrations/0007_clock_repair';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { fakeSpeech } from '../../tests/fakes/openai-server';
import { interruptingProxy } from '../../tests/support/interrupting-proxy';
import { asRecorded } from '../../tests/support/recording';
import { manualClock, testApp } from '../../tests/support/test-app';

const PASSWORD = 'correct horse battery';

async function familyOfTwo() {
  const server = await testSyncServer();
  const url = await server.listen();
  const [first, second] = [await testApp(), await testApp()];
  await first.call('sync.signIn', { serverUrl: url, email: 'rosa@example.com', password: PASSWORD, signUp: true });
  await first.call('sync.createFamily', { name: 'The Parks' });
  await second.call('sync.signIn', { serverUrl: url, email: 'rosa@example.com', password: PASSWORD });
  return { server, url, first, second };
}

describe('the sync engine', () => {
  it('lets a page wait for a picture the server does not have yet, and fills it in when the picture arrives', async () => {
    const { server, first, second } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Red Kite', pageCount: 1 });
    const picture = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#e11' } }).png().toBuffer();
    const stored = await first.core.assets.put(picture, { mime: 'image/png', width: 32, height: 32 });
    await first.core.store.db.updateTable('pages').set({ image_asset_sha256: stored.sha256 }).where('id', '=', book.pages[0]!.id).execute();
    // The picture's file is gone from the first device before it could be sent.
    fs.rmSync(first.core.assets.pathFor(stored.sha256)!);
    await first.call('sync.now', {});

    await second.call('sync.now', {});
    expect((await second.call('library.get', { bookId: book.id })).pages[0]!.imageAssetSha256).toBeNull();
    expect(await second.core.store.db.selectFrom('sync_waiting_pictures').select('sha256').execute()).toEqual([{ sha256: stored.sha256 }]);

    // Another device sends the same picture later.
    const familyId = (await second.call('sync.status', {})).family!.id;
    const token = second.core.secrets.get('sync-session-token')!;
    expect(createHash('sha256').update(picture).digest('hex')).toBe(stored.sha256);
    await server.call('PUT', `/api/families/${familyId}/assets/${stored.sha256}`, { token, raw: picture, contentType: 'image/png' });
    expect(await second.call('sync.now', {})).toMatchObject({ picturesDownloaded: 1 });
    expect((await second.call('library.get', { bookId: book.id })).pages[0]!.imageAssetSha256).toBe(stored.sha256);
    expect(await second.core.store.db.selectFrom('sync_waiting_pictures').selectAll().execute()).toEqual([]);
  });

  it('takes a page’s narration to the family’s other device, its audio with it', async () => {
    const { first, second } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Moon Song', pageCount: 1 });
    const pageId = book.pages[0]!.id;
    const words = 'The moon sang softly to the sleepy sea.';
    await first.call('pages.updateText', { pageId, text: words });
    const recorded = await first.call('narration.record', { pageId, ...(await asRecorded((await fakeSpeech(words)).mp3, { quietMs: 400 })) });
    expect(await first.call('sync.now', {})).toMatchObject({ rejected: 0, picturesUploaded: 1 });

    expect(await second.call('sync.now', {})).toMatchObject({ picturesDownloaded: 1 });
    const there = (await second.call('narration.book', { bookId: book.id })).pages[0]!;
    expect(there).toEqual(recorded);
    expect(there.state === 'ready' && fs.existsSync(second.core.assets.pathFor(there.audioAssetSha256)!)).toBe(true);
  });

  it('rolls a refused change back to the family’s value and keeps the reason to show', async () => {
    const { url, first } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Storm Night', pageCount: 1 });
    const pageId = book.pages[0]!.id;
    await first.core.store.db.updateTable('pages').set({ generate_status: 'held', held_reason: 'violence 0.6 over 0.4' }).where('id', '=', pageId).execute();
    await first.call('sync.now', {});
    const { code } = await first.call('sync.invite', { role: 'child-creator' });

    const child = await testApp();
    await child.call('sync.signIn', { serverUrl: url, email: 'min@example.com', password: PASSWORD, signUp: true });
    await child.call('sync.joinFamily', { code });
    await child.call('sync.now', {});
    // A child's device lets the held page through; only a parent may.
    await child.core.store.db.updateTable('pages').set({ generate_status: 'complete' }).where('id', '=', pageId).execute();
    expect(await child.call('sync.now', {})).toMatchObject({ rejected: 1 });

    // Held again, and the child's computer never had the reason.
    const page = await child.core.store.db.selectFrom('pages').select(['generate_status', 'held_reason']).where('id', '=', pageId).executeTakeFirstOrThrow();
    expect(page).toEqual({ generate_status: 'held', held_reason: null });
    const status = await child.call('sync.status', {});
    expect(status).toMatchObject({ state: 'synced', pending: 0 });
    expect(status.rejections).toEqual([expect.objectContaining({ table: 'pages', rowId: pageId, column: 'generate_status', reason: 'only a grown-up of the family may let a held page through' })]);
  });

  it('carries the words for a book’s back cover to the family’s other devices, as long as the back cover has room', async () => {
    const { first, second } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Moon Cat', pageCount: 1 });
    await first.call('library.setBlurb', { bookId: book.id, blurb: 'A cat who naps on the moon, and the night it wakes up.' });
    await first.call('sync.now', {});
    await second.call('sync.now', {});
    expect((await second.call('library.get', { bookId: book.id })).blurb).toBe('A cat who naps on the moon, and the night it wakes up.');

    // Written past the limit by a device that did not check it, the server turns it back.
    await second.core.store.db.updateTable('books').set({ blurb: 'x'.repeat(401) }).where('id', '=', book.id).execute();
    expect(await second.call('sync.now', {})).toMatchObject({ rejected: 1 });
    expect((await second.call('library.get', { bookId: book.id })).blurb).toBe('A cat who naps on the moon, and the night it wakes up.');
    expect((await second.call('sync.status', {})).rejections).toEqual([expect.objectContaining({ table: 'books', column: 'blurb' })]);
  });

  it('keeps every book after signing out, and carries on from where it was after signing back in', async () => {
    const { url, first } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Quiet Pond', pageCount: 2 });
    await first.call('sync.now', {});
    const cursor = (await first.core.store.db.selectFrom('sync_account').select('cursor').executeTakeFirstOrThrow()).cursor;

    expect((await first.call('sync.signOut', {})).state).toBe('signed-out');
    expect(first.core.secrets.get('sync-session-token')).toBeUndefined();
    await first.call('library.rename', { bookId: book.id, title: 'Quiet Pond at Dusk' });
    await expect(first.call('sync.now', {})).rejects.toThrow(/Sign in to a sync server first/);
    expect((await first.call('sync.status', {})).pending).toBeGreaterThan(0);

    const back = await first.call('sync.signIn', { serverUrl: url, email: 'rosa@example.com', password: PASSWORD });
    expect(back.family?.name).toBe('The Parks');
    expect((await first.core.store.db.selectFrom('sync_account').select('cursor').executeTakeFirstOrThrow()).cursor).toBe(cursor);
    expect(await first.call('sync.now', {})).toMatchObject({ pushed: 2 });
  });

  it('keeps every change when this computer’s clock is ahead, and says to set it right', async () => {
    const server = await testSyncServer();
    const url = await server.listen();
    const ahead = manualClock(new Date(Date.now() + 60 * 60_000));
    const device = await testApp({ clock: ahead });
    const book = await device.call('library.create', { title: 'Tomorrow’s Tale', pageCount: 2 });
    await device.call('sync.signIn', { serverUrl: url, email: 'tess@example.com', password: PASSWORD, signUp: true });
    await device.call('sync.createFamily', { name: 'The Early Birds' });
    const waiting = (await device.call('sync.status', {})).pending;
    await expect(device.call('sync.now', {})).rejects.toThrow(/clock is more than five minutes ahead[\s\S]*nothing is lost/);
    expect(await device.call('sync.status', {})).toMatchObject({ state: 'error', pending: waiting, rejections: [] });
    expect((await device.call('library.get', { bookId: book.id })).title).toBe('Tomorrow’s Tale');

    // Set right, the clock stamps the waiting changes again and they go.
    ahead.advanceMinutes(-60);
    expect(await device.call('sync.now', {})).toMatchObject({ pushed: waiting, rejected: 0 });
    expect(await device.call('sync.status', {})).toMatchObject({ state: 'synced', pending: 0 });
    const familyId = (await device.call('sync.status', {})).family!.id;
    const title = await server.store.db.selectFrom('sync_fields').select('value_json').where('family_id', '=', familyId).where('row_id', '=', book.id).where('column_name', '=', 'title').executeTakeFirstOrThrow();
    expect(JSON.parse(title.value_json)).toBe('Tomorrow’s Tale');
  });

  it('shows as signed out, keeping everything, when the server no longer knows the session', async () => {
    const { server, first } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Lost Key', pageCount: 2 });
    await server.call('POST', '/api/auth/logout', { token: first.core.secrets.get('sync-session-token')! });
    await expect(first.call('sync.now', {})).rejects.toThrow();
    const status = await first.call('sync.status', {});
    expect(status).toMatchObject({ state: 'signed-out', account: { signedIn: false }, family: { name: 'The Parks' } });
    expect(status.pending).toBeGreaterThan(0);
    expect(first.core.secrets.get('sync-session-token')).toBeUndefined();
    expect((await first.call('library.get', { bookId: book.id })).title).toBe('Lost Key');
  });

  it('refuses a server address that is not one, and says when a server is not a StorySprout sync server', async () => {
    const device = await testApp();
    await expect(device.call('sync.signIn', { serverUrl: 'sync.example.com', email: 'a@example.com', password: 'x' })).rejects.toThrow(/web address/);
    await expect(device.call('sync.signIn', { serverUrl: 'http://127.0.0.1:9', email: 'a@example.com', password: 'x' })).rejects.toThrow(/cannot be reached/);
  });

  it('leaves alone what a pulled stamp that is no real moment, or years ahead, would have won, and keeps its clock on time', async () => {
    const { server, first, second } = await familyOfTwo();
    const book = await first.call('library.create', { title: 'Kite Day', pageCount: 1 });
    await first.call('sync.now', {});
    const familyId = (await first.call('sync.status', {})).family!.id;
    // What the server kept before stamps and values were checked, as a dishonest device sent it.
    const characterId = '01930000-0000-7000-8000-00000000c0de';
    const family = await server.store.db.selectFrom('families').select('sync_seq').where('id', '=', familyId).executeTakeFirstOrThrow();
    let seq = Number(family.sync_seq);
    const planted = [
      { table_name: 'books', row_id: book.id, column_name: 'title', value_json: '"Taken over"', hlc: '9999-99-99T99:99:99.999Z-0000-00000000000000aa' },
      { table_name: 'books', row_id: book.id, column_name: 'status', value_json: '"failed"', hlc: '2099-01-01T00:00:00.000Z-0000-00000000000000aa' },
      { table_name: 'characters', row_id: characterId, column_name: 'name', value_json: '"Ghost"', hlc: '2026-01-01T00:00:00.000Z-0000-00000000000000aa' },
      { table_name: 'characters', row_id: characterId, column_name: 'traits_json', value_json: '"not json"', hlc: '2026-01-01T00:00:00.000Z-0000-00000000000000aa' },
    ];
    await server.store.db
      .insertInto('sync_fields')
      .values(planted.map((field) => ({ ...field, family_id: familyId, device_id: '00000000000000aa', seq: ++seq })))
      .onConflict((conflict) => conflict.columns(['family_id', 'table_name', 'row_id', 'column_name']).doUpdateSet((excluded) => ({ value_json: excluded.ref('excluded.value_json'), hlc: excluded.ref('excluded.hlc'), seq: excluded.ref('excluded.seq') })))
      .execute();
    await server.store.db.updateTable('families').set({ sync_seq: seq }).where('id', '=', familyId).execute();

    await second.call('sync.now', {});
    // The forged title and status are not taken (the book waits for a real one), the broken traits neither.
    expect(await second.call('library.get', { bookId: book.id })).toMatchObject({ title: '', status: 'draft' });
    expect(await second.call('characters.list', {})).toEqual([expect.objectContaining({ id: characterId, name: 'Ghost', traits: [], damaged: false })]);
    expect(second.core.store.changes.clock.now().slice(0, 4)).toBe(new Date().toISOString().slice(0, 4));

    // Once the server has moved such stamps back (its migration), the family's next real edit reaches it.
    await clockRepair().up(server.store.db as Kysely<unknown>);
    await first.call('library.rename', { bookId: book.id, title: 'Kite Evening' });
    await first.call('sync.now', {});
    await second.call('sync.now', {});
    expect(await second.call('library.get', { bookId: book.id })).toMatchObject({ title: 'Kite Evening' });
  });

  it('sends every waiting change of a row in the same request, so a page’s words never arrive ahead of its hold', async () => {
    const server = await testSyncServer();
    const direct = await server.listen();
    const relay = await interruptingProxy(direct, () => 'relay', () => undefined);
    const library = await testApp();
    // Enough pages that joining takes several requests.
    for (let book = 0; book < 12; book++) await library.call('library.create', { title: `Book ${book}`, pageCount: 32 });
    await library.call('sync.signIn', { serverUrl: relay.url, email: 'ines@example.com', password: PASSWORD, signUp: true });
    await library.call('sync.createFamily', { name: 'The Silvas' });
    await library.call('sync.now', {});

    const pushes = relay.seen.filter((request) => request.url.endsWith('/sync')).map((request) => JSON.parse(request.body.toString()) as { changes: { table: string; rowId: string }[] });
    expect(pushes.filter((push) => push.changes.length > 0).length).toBeGreaterThan(1);
    const requestOf = new Map<string, number>();
    for (const [index, push] of pushes.entries()) {
      expect(push.changes.length).toBeLessThanOrEqual(5000);
      for (const change of push.changes) {
        const row = `${change.table}:${change.rowId}`;
        expect(requestOf.get(row) ?? index, `${row} is split over two requests`).toBe(index);
        requestOf.set(row, index);
      }
    }
    expect(await library.call('sync.status', {})).toMatchObject({ state: 'synced', pending: 0 });
  });
});
