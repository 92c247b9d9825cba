import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SERVER_DEVICE_ID, stampProblem } from '@storysprout/shared/clock-stamps';
import { deviceClock } from '../../test-support/devices';
import { narrationOf } from '../../test-support/narrations';
import { testSyncServer } from '../../test-support/sync-test-server';
import { clockRepair } from '../db/migrations/0007_clock_repair';
import { SYNC_BODY_BYTES } from './sync-routes';
import type { SyncResult } from './sync-service';

/** A fresh family on a fresh server, and one sync by a member of it: push `changes`, pull from `cursor`. */
async function familyToSync() {
  const server = await testSyncServer();
  const family = await server.family();
  const sync = (token: string, cursor: number, changes: unknown[]) => server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token, body: { cursor, changes } });
  return { server, family, sync };
}

describe('sync', () => {
  it('keeps the latest write of each field, gives every device what it has not seen, and pulls from a cursor', async () => {
    const { family, sync } = await familyToSync();
    const laptop = deviceClock();
    // The tablet's edits come a second after the laptop's.
    const tablet = deviceClock(undefined, () => Date.now() + 1000);
    const bookId = randomUUID();

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

  it('keeps words that lose to a concurrent edit of the same page as a page version, from a device that does not say what it had seen', async () => {
    const { family, sync } = await familyToSync();
    const laptop = deviceClock();
    const tablet = deviceClock();
    const pageId = randomUUID();
    const laptopEdit = laptop.change('pages', pageId, 'text_content', 'The fox jumped over the moon.');
    const tabletEdit = tablet.change('pages', pageId, 'text_content', 'The fox sat and watched the moon.');
    await sync(family.parent.token, 0, [tabletEdit]);
    const result = await sync(family.child.token, 0, [laptopEdit]);
    const page = result.body.changes.find((change) => change.table === 'pages');
    const winner = laptopEdit.hlc > tabletEdit.hlc ? laptopEdit : tabletEdit;
    const loser = winner === laptopEdit ? tabletEdit : laptopEdit;
    expect(page).toMatchObject({ value: winner.value });
    const versions = result.body.changes.filter((change) => change.table === 'page_versions');
    expect(Object.fromEntries(versions.map((change) => [change.column, change.value]))).toMatchObject({ page_id: pageId, text_content: loser.value, reason: 'concurrent-edit' });
  });

  it('makes no version when a device edits words it had pulled', async () => {
    const { family, sync } = await familyToSync();
    const laptop = deviceClock();
    const tablet = deviceClock();
    const pageId = randomUUID();
    const written = laptop.change('pages', pageId, 'text_content', 'The fox jumped over the moon.');
    await sync(family.parent.token, 0, [written]);
    const pulled = (await sync(family.child.token, 0, [])).body.changes.find((change) => change.column === 'text_content')!;
    tablet.receive(pulled.hlc);
    const edit = { ...tablet.change('pages', pageId, 'text_content', 'The fox jumped over the big moon.'), seen: pulled.hlc };
    const result = await sync(family.child.token, 0, [edit]);
    expect(result.body).toMatchObject({ accepted: 1, rejected: [] });
    expect(result.body.changes.filter((change) => change.table === 'page_versions')).toEqual([]);
    expect(result.body.changes.find((change) => change.column === 'text_content')).toMatchObject({ value: edit.value });
  });

  it('makes exactly one version when two devices edit the same words without seeing each other, however often each sends', async () => {
    const { family, sync } = await familyToSync();
    const laptop = deviceClock();
    const tablet = deviceClock();
    const pageId = randomUUID();
    const first = laptop.change('pages', pageId, 'text_content', 'Once upon a time.');
    await sync(family.parent.token, 0, [first]);
    tablet.receive(first.hlc);
    // Both devices had the first words, and each changes them before hearing of the other's change.
    const laptopEdit = { ...laptop.change('pages', pageId, 'text_content', 'Once upon a starry time.'), seen: first.hlc };
    const tabletEdit = { ...tablet.change('pages', pageId, 'text_content', 'Once upon a rainy time.'), seen: first.hlc };
    await sync(family.parent.token, 0, [laptopEdit]);
    await sync(family.child.token, 0, [tabletEdit]);
    // A device whose answer was lost sends the same change again; the other syncs on.
    await sync(family.child.token, 0, [tabletEdit]);
    const everything = (await sync(family.parent.token, 0, [laptopEdit])).body.changes;
    const versions = everything.filter((change) => change.table === 'page_versions' && change.column === 'text_content');
    const loser = laptopEdit.hlc > tabletEdit.hlc ? tabletEdit : laptopEdit;
    expect(versions.map((version) => version.value)).toEqual([loser.value]);
  });

  it('refuses a change whose seen stamp is no stamp, or not before the change, and takes the rest', async () => {
    const { family, sync } = await familyToSync();
    const tablet = deviceClock();
    const pageId = randomUUID();
    const change = tablet.change('pages', pageId, 'text_content', 'A brave knight.');
    const result = await sync(family.parent.token, 0, [{ ...change, seen: 'yesterday' }, { ...change, seen: change.hlc }, { ...tablet.change('pages', pageId, 'order_index', 1), seen: null }]);
    expect(result.body.rejected).toEqual([
      { index: 0, reason: 'seen is not a hybrid logical clock timestamp' },
      { index: 1, reason: 'seen is not earlier than the change it was seen before' },
    ]);
    expect(result.body.accepted).toBe(1);
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
      { index: 5, reason: 'only a parent may change a page held for a parent' },
    ]);
    expect(result.body.accepted).toBe(0);
    // The child hears that the page is held, and nothing of why.
    const fields = Object.fromEntries(result.body.changes.filter((change) => change.table === 'pages').map((change) => [change.column, change.value]));
    expect(fields).toEqual({ generate_status: 'held' });
    // A parent may let it through.
    const approved = await server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [parentDevice.change('pages', pageId, 'generate_status', 'complete')] } });
    expect(approved.body.rejected).toEqual([]);
  });

  it('takes the largest batches devices send, and refuses a bigger body with 413', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const device = deviceClock();
    // Every change a page's words at their longest (5000 characters): the server's 5000, and the desktop's own 1000 in a script of three bytes a character.
    const batch = (count: number, words: string) => ({ cursor: Number.MAX_SAFE_INTEGER, changes: Array.from({ length: count }, () => device.change('page_versions', randomUUID(), 'text_content', words)) });
    for (const body of [batch(5000, 'a'.repeat(5000)), batch(1000, '猫'.repeat(5000))]) {
      expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(SYNC_BODY_BYTES);
      const answer = await server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, { token: family.child.token, body });
      expect(answer.status).toBe(200);
      expect(answer.body.accepted).toBe(body.changes.length);
    }
    const tooBig = await server.app.inject({
      method: 'POST',
      url: `/api/families/${family.id}/sync`,
      headers: { authorization: `Bearer ${family.child.token}`, 'content-type': 'application/json' },
      payload: Buffer.alloc(SYNC_BODY_BYTES + 1, 0x20),
    });
    expect(tooBig.statusCode).toBe(413);
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

describe('what a device cannot be trusted with', () => {
  const push = (server: Awaited<ReturnType<typeof testSyncServer>>, familyId: string, token: string, changes: unknown[]) =>
    server.callOverHttp<SyncResult>('POST', `/api/families/${familyId}/sync`, { token, body: { cursor: 0, changes } });

  it('refuses a stamp that is no real moment, names another device or the server, so it cannot win over every later edit', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const parent = deviceClock();
    const child = deviceClock();
    const bookId = randomUUID();
    await push(server, family.id, family.parent.token, [parent.change('books', bookId, 'title', 'Owl Night'), parent.change('books', bookId, 'deleted', 0)]);

    const stamped = (hlc: string, deviceId = child.deviceId) => ({ ...child.change('books', bookId, 'deleted', 1), hlc, deviceId });
    const forged = await push(server, family.id, family.child.token, [
      stamped(`9999-99-99T99:99:99.999Z-0000-${child.deviceId}`),
      stamped(`2026-02-30T10:00:00.000Z-0000-${child.deviceId}`),
      stamped(child.now().replace(/[0-9a-f]{16}$/, parent.deviceId)),
      stamped(child.now().replace(/[0-9a-f]{16}$/, '0000000000000000'), '0000000000000000'),
    ]);
    expect(forged.status).toBe(200);
    expect(forged.body.rejected.map((refusal) => refusal.reason)).toEqual([
      'hlc is not a hybrid logical clock timestamp',
      'hlc is not a hybrid logical clock timestamp',
      'hlc names another device than the change',
      'hlc names the server’s own device id',
    ]);

    // The book is still there, and the next real edit of it is what every device gets.
    const rename = parent.change('books', bookId, 'title', 'Owl Morning');
    const after = await push(server, family.id, family.parent.token, [rename]);
    const book = Object.fromEntries(after.body.changes.filter((change) => change.rowId === bookId).map((change) => [change.column, change.value]));
    expect(book).toEqual({ title: 'Owl Morning', deleted: 0 });
  });

  it('checks every value against its column before keeping it, and answers a name such as __proto__ with a reason, not a crash', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const device = deviceClock();
    const characterId = randomUUID();
    const answer = await push(server, family.id, family.parent.token, [
      device.change('characters', characterId, 'traits_json', 'not json'),
      device.change('characters', characterId, 'traits_json', '[1, 2]'),
      device.change('family_settings', family.id, 'moderation_thresholds_json', '{"violence": 2}'),
      device.change('books', characterId, 'created_at', '9999-99-99T99:99:99.999Z'),
      device.change('books', characterId, 'status', 'published'),
      device.change('pages', characterId, 'book_id', 'not-an-id'),
      device.change('__proto__', characterId, 'title', 'x'),
      device.change('books', characterId, '__proto__', 'x'),
      device.change('books', characterId, 'constructor', 'x'),
      device.change('characters', characterId, 'traits_json', '["brave", "kind"]'),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.rejected).toEqual([
      { index: 0, reason: 'characters.traits_json: not a list of at most 12 traits' },
      { index: 1, reason: 'characters.traits_json: not a list of at most 12 traits' },
      { index: 2, reason: 'family_settings.moderation_thresholds_json: not a set of limits from 0 to 1' },
      { index: 3, reason: 'books.created_at: not a date and time such as 2026-11-29T12:00:00.000Z' },
      { index: 4, reason: expect.stringMatching(/^books\.status: /) },
      { index: 5, reason: expect.stringMatching(/^pages\.book_id: /) },
      { index: 6, reason: '__proto__ is not a table that syncs' },
      { index: 7, reason: 'books.__proto__ is not a column that syncs' },
      { index: 8, reason: 'books.constructor is not a column that syncs' },
    ]);
    expect(answer.body.changes).toEqual([expect.objectContaining({ column: 'traits_json', value: '["brave", "kind"]' })]);
  });

  it('moves a stamp taken before stamps were checked back to 1970, so the next real edit of its field wins', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const parent = deviceClock();
    const bookId = randomUUID();
    // As the server kept it before the fix: a child's delete under a stamp that sorts above every real clock.
    await server.store.db
      .insertInto('sync_fields')
      .values({ family_id: family.id, table_name: 'books', row_id: bookId, column_name: 'deleted', value_json: '1', hlc: '9999-99-99T99:99:99.999Z-0000-00000000000000aa', device_id: '00000000000000aa', seq: 1 })
      .execute();
    await server.store.db.updateTable('families').set({ sync_seq: 1 }).where('id', '=', family.id).execute();
    const undo = parent.change('books', bookId, 'deleted', 0);
    expect((await push(server, family.id, family.parent.token, [undo])).body.changes).toEqual([expect.objectContaining({ column: 'deleted', value: 1 })]);

    await clockRepair().up(server.store.db as Kysely<unknown>);
    const again = await push(server, family.id, family.parent.token, [parent.change('books', bookId, 'deleted', 0)]);
    expect(again.body.changes).toEqual([expect.objectContaining({ column: 'deleted', value: 0, deviceId: parent.deviceId })]);
  });
});

describe('narrations a child sends', () => {
  /** A family whose parent has pushed two pages, one held for a parent, each read aloud and accepted. */
  async function familyWithNarratedPages() {
    const { family, sync } = await familyToSync();
    // The parent's device stamps its narrations' audio ten seconds ago, and accepts the shown page's now.
    const parentBefore = deviceClock(undefined, () => Date.now() - 10_000);
    const parent = deviceClock();
    const [shown, held] = [randomUUID(), randomUUID()];
    const narration = await narrationOf('The fox ran home.');
    const changes = [
      parent.change('pages', shown, 'text_content', 'The fox ran home.'),
      parent.change('pages', held, 'generate_status', 'held'),
      ...Object.entries(narration.fields)
        .filter(([column]) => column !== 'approved')
        .map(([column, value]) => parentBefore.change('page_narrations', shown, column, value)),
      parent.change('page_narrations', shown, 'approved', 1),
      ...Object.entries(narration.fields).map(([column, value]) => parentBefore.change('page_narrations', held, column, value)),
    ];
    const pushed = await sync(family.parent.token, 0, changes);
    expect(pushed.body.rejected).toEqual([]);
    const narrationOfPage = async (pageId: string) => {
      const fields = (await sync(family.parent.token, 0, [])).body.changes.filter((change) => change.table === 'page_narrations' && change.rowId === pageId);
      return Object.fromEntries(fields.map((change) => [change.column, change]));
    };
    return { family, sync, ids: { shown, held }, narrationOfPage };
  }

  it('refuses a child’s acceptance of a narration and any change to a held page’s, and takes a child’s recording as waiting for a parent', async () => {
    const { family, sync, ids, narrationOfPage } = await familyWithNarratedPages();
    const child = deviceClock();
    const recording = await narrationOf('The fox ran home.', { readerName: 'Kofi', approved: 0 });
    const answer = await sync(family.child.token, 0, [
      child.change('page_narrations', ids.shown, 'approved', 1),
      child.change('page_narrations', ids.shown, 'approved', true),
      child.change('page_narrations', ids.held, 'approved', 0),
      child.change('page_narrations', ids.held, 'audio_asset_sha256', recording.sha256),
      child.change('page_narrations', ids.held, 'words_json', '[]'),
      child.change('page_narrations', ids.shown, 'words_json', '[{"word":"The","startMs":-1,"endMs":2}]'),
      child.change('page_narrations', ids.shown, '__proto__', 1),
      ...Object.entries(recording.fields).map(([column, value]) => child.change('page_narrations', ids.shown, column, value)),
    ]);
    expect(answer.body.rejected).toEqual([
      { index: 0, reason: 'only a parent may accept a narration' },
      { index: 1, reason: expect.stringMatching(/^page_narrations\.approved: /) },
      { index: 2, reason: 'only a parent may change the narration of a page held for a parent' },
      { index: 3, reason: 'only a parent may change the narration of a page held for a parent' },
      { index: 4, reason: 'only a parent may change the narration of a page held for a parent' },
      { index: 5, reason: 'page_narrations.words_json: not word timings' },
      { index: 6, reason: 'page_narrations.__proto__ is not a column that syncs' },
    ]);
    const shown = await narrationOfPage(ids.shown);
    expect(shown).toMatchObject({ audio_asset_sha256: { value: recording.sha256 }, approved: { value: 0, deviceId: child.deviceId } });
    expect((await narrationOfPage(ids.held)).audio_asset_sha256).not.toMatchObject({ value: recording.sha256 });

    // A new narration a child's device sent as accepted (its "Parent" profile made it) arrives waiting, on that device too.
    const fresh = randomUUID();
    const accepted = await sync(family.child.token, 0, Object.entries(recording.fields).map(([column, value]) => child.change('page_narrations', fresh, column, column === 'approved' ? 1 : value)));
    expect(accepted.body.rejected).toEqual([{ index: Object.keys(recording.fields).indexOf('approved'), reason: 'only a parent may accept a narration' }]);
    expect(accepted.body.changes.find((change) => change.rowId === fresh && change.column === 'approved')).toMatchObject({ value: 0, deviceId: SERVER_DEVICE_ID });

    // A parent hears it and accepts it.
    const parent = deviceClock();
    parent.receive(shown.approved!.hlc);
    expect((await sync(family.parent.token, 0, [parent.change('page_narrations', ids.shown, 'approved', 1)])).body.rejected).toEqual([]);
    expect((await narrationOfPage(ids.shown)).approved).toMatchObject({ value: 1, deviceId: parent.deviceId });
  });

  it('keeps what a child puts in an accepted narration waiting for a parent, even stamped before the acceptance', async () => {
    const { family, sync, ids, narrationOfPage } = await familyWithNarratedPages();
    const accepted = (await narrationOfPage(ids.shown)).approved!;
    // Stamped between the parent's audio and their acceptance: the audio would win, and the child's "waiting" lose.
    const child = deviceClock(undefined, () => Date.now() - 5_000);
    const forged = await narrationOf('The fox ran all the way home.');
    const answer = await sync(family.child.token, 0, [
      child.change('page_narrations', ids.shown, 'audio_asset_sha256', forged.sha256),
      child.change('page_narrations', ids.shown, 'approved', 0),
    ]);
    expect(answer.body.rejected).toEqual([]);
    const after = await narrationOfPage(ids.shown);
    expect(after.audio_asset_sha256).toMatchObject({ value: forged.sha256, deviceId: child.deviceId });
    // The server's own "waiting" wins over the acceptance on every device.
    expect(after.approved).toMatchObject({ value: 0, deviceId: SERVER_DEVICE_ID });
    expect(after.approved!.hlc > accepted.hlc).toBe(true);
    expect(stampProblem(after.approved!.hlc, SERVER_DEVICE_ID, Date.now(), 'server')).toBeNull();
  });
});
