import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { switchableLink } from '../support/switchable-link';
import { testApp } from '../support/test-app';

type Device = Awaited<ReturnType<typeof testApp>>;

const PASSWORD = 'correct horse battery';

/** What a device shows of the family's books: titles, and each page's words in order. */
async function shelf(device: Device) {
  const books = await device.call('library.list', { view: 'shelf' });
  return Promise.all(
    books
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(async (book) => ({ title: book.title, pages: (await device.call('library.get', { bookId: book.id })).pages.map((page) => page.text) })),
  );
}

describe('three devices and the sync server', () => {
  it('edit offline, reconnect, and end with the same books everywhere; the words that lost a race are in the page’s history', async () => {
    const server = await testSyncServer();
    const link = await switchableLink(await server.listen());
    const [laptop, tablet, childs] = [await testApp(), await testApp(), await testApp()];

    // The parent signs up on the laptop, whose library already has a book and a character.
    const book = await laptop.call('library.create', { title: 'The Moon Jar', pageCount: 4 });
    const face = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c33' } }).png().toBuffer();
    const pip = await laptop.call('characters.create', { name: 'Pip', traits: ['brave'], picture: { base64: face.toString('base64') } });
    await laptop.call('sync.signIn', { serverUrl: link.url, email: 'amara@example.com', password: PASSWORD, signUp: true, fullName: 'Amara' });
    expect((await laptop.call('sync.status', {})).state).toBe('no-family');
    const made = await laptop.call('sync.createFamily', { name: 'The Okafors' });
    expect(made.family).toMatchObject({ name: 'The Okafors', role: 'parent-admin' });
    expect((await laptop.call('family.get', {})).name).toBe('The Okafors');
    expect(await laptop.call('sync.now', {})).toMatchObject({ rejected: 0, picturesUploaded: 2 });
    expect((await laptop.call('sync.status', {})).state).toBe('synced');

    // The same parent on a tablet gets everything; the child joins with an invitation.
    const joined = await tablet.call('sync.signIn', { serverUrl: link.url, email: 'amara@example.com', password: PASSWORD });
    expect(joined.family?.name).toBe('The Okafors');
    expect(await tablet.call('sync.now', {})).toMatchObject({ picturesDownloaded: 2 });
    const { code } = await laptop.call('sync.invite', { role: 'child-creator' });
    await childs.call('sync.signIn', { serverUrl: link.url, email: 'kofi@example.com', password: PASSWORD, signUp: true, fullName: 'Kofi' });
    expect((await childs.call('sync.joinFamily', { code })).family?.role).toBe('child-creator');
    await childs.call('sync.now', {});
    for (const device of [tablet, childs]) {
      expect(await shelf(device)).toEqual(await shelf(laptop));
      const [character] = await device.call('characters.list', {});
      expect(character).toMatchObject({ id: pip.id, name: 'Pip', traits: ['brave'] });
      expect(fs.existsSync(device.core.assets.pathFor(character!.styleRefAssetSha256!)!)).toBe(true);
    }

    // Offline, everyone edits: two of them the same page.
    link.down();
    const [first, second, third, fourth] = book.pages;
    await laptop.call('pages.updateText', { pageId: first!.id, text: 'Once, a jar held the moon. (laptop)' });
    await laptop.call('library.rename', { bookId: book.id, title: 'The Moon in a Jar' });
    await tablet.call('pages.updateText', { pageId: second!.id, text: 'It glowed all night. (tablet)' });
    await tablet.call('pages.updateText', { pageId: first!.id, text: 'Once, a jar held the moon. (tablet)' });
    await childs.call('pages.updateText', { pageId: third!.id, text: 'Kofi peeked inside. (child)' });
    const childBook = await childs.call('library.create', { title: 'Kofi’s Dragon', pageCount: 2 });
    await childs.call('moderation.set', { thresholds: { violence: 0.9 } });
    await expect(laptop.call('sync.now', {})).rejects.toThrow(/cannot be reached/);
    expect(await laptop.call('sync.status', {})).toMatchObject({ state: 'offline', pending: expect.any(Number) });

    // Back online: each syncs, in turn, then once more to hear the others.
    link.up();
    for (const device of [childs, tablet, laptop, childs, tablet, laptop]) await device.call('sync.now', {});

    const expected = await shelf(laptop);
    expect(expected.map((each) => each.title).sort()).toEqual(['Kofi’s Dragon', 'The Moon in a Jar']);
    for (const device of [tablet, childs]) expect(await shelf(device)).toEqual(expected);
    const moon = expected.find((each) => each.title === 'The Moon in a Jar')!;
    expect(moon.pages.slice(1, 3)).toEqual(['It glowed all night. (tablet)', 'Kofi peeked inside. (child)']);
    expect(moon.pages[3]).toBe(fourth!.text);
    expect((await laptop.call('library.get', { bookId: childBook.id })).pages).toHaveLength(2);

    // One of the two first pages won; the other is in the page's history, on every device.
    const winner = moon.pages[0]!;
    const loser = winner.endsWith('(tablet)') ? 'Once, a jar held the moon. (laptop)' : 'Once, a jar held the moon. (tablet)';
    for (const device of [laptop, tablet, childs]) {
      const history = await device.call('pages.versions', { pageId: first!.id });
      expect(history.map((version) => version.text)).toContain(loser);
      expect(history.find((version) => version.text === loser)?.reason).toBe('concurrent-edit');
    }

    // The device whose words lost has the winner's now: changing them again overwrites words it had seen, which keeps no version.
    const editor = winner.endsWith('(tablet)') ? laptop : tablet;
    await editor.call('pages.updateText', { pageId: first!.id, text: 'Once, a jar held the whole moon.' });
    for (const device of [editor, laptop, tablet, childs]) await device.call('sync.now', {});
    for (const device of [laptop, tablet, childs]) {
      const history = await device.call('pages.versions', { pageId: first!.id });
      expect(history.filter((version) => version.reason === 'concurrent-edit').map((version) => version.text)).toEqual([loser]);
      expect((await shelf(device)).find((each) => each.title === 'The Moon in a Jar')!.pages[0]).toBe('Once, a jar held the whole moon.');
    }

    // The child may not loosen the family's limits: the server said no, and the child's device went back.
    const childStatus = await childs.call('sync.status', {});
    expect(childStatus.rejections[0]).toMatchObject({ table: 'moderation_settings', reason: 'only a grown-up of the family may change this' });
    expect((await childs.call('moderation.get', {})).thresholds).toEqual((await laptop.call('moderation.get', {})).thresholds);
    expect((await childs.call('moderation.get', {})).thresholds.violence).toBe(0.4);
    for (const device of [laptop, tablet, childs]) expect((await device.call('sync.status', {})).pending).toBe(0);
  });
});
