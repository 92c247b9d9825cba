import fs from 'node:fs';
import { pageWords } from '@storysprout/shared/page-words';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { testApp } from '../support/test-app';

type Device = Awaited<ReturnType<typeof testApp>>;

const PASSWORD = 'correct horse battery';
const RATE = 16_000;

/** A member reading `text` into the window's microphone, as `narration.record` takes it: a tone a word (its pitch from the word), 16-bit PCM. */
function readAloud(text: string): { sampleRate: number; pcm16: string } {
  const words = pageWords(text);
  const pcm = Buffer.alloc(Math.round((0.3 + words.length * 0.45) * RATE) * 2);
  for (const [index, word] of words.entries()) {
    const hz = 200 + ([...word].reduce((sum, char) => sum + char.codePointAt(0)!, 0) % 300);
    const from = Math.round((0.15 + index * 0.45) * RATE);
    for (let at = from; at < from + 0.3 * RATE; at++) pcm.writeInt16LE(Math.round(12_000 * Math.sin((2 * Math.PI * hz * at) / RATE)), at * 2);
  }
  return { sampleRate: RATE, pcm16: pcm.toString('base64') };
}

/** A device's narration of each page of a book, by page id. */
async function narrationsOn(device: Device, bookId: string) {
  return new Map((await device.call('narration.book', { bookId })).pages.map((page) => [page.pageId, page]));
}

describe('narrations across a family’s devices', () => {
  it('a page read aloud on the laptop plays on the tablet; a child’s device gets nothing of a held page’s until a parent lets it through; a child’s recording reaches the parents waiting', async () => {
    const server = await testSyncServer();
    const url = await server.listen();
    const [laptop, tablet, childs] = [await testApp(), await testApp(), await testApp()];

    // On the laptop, before it ever syncs: a book read aloud, one page of it held for a grown-up.
    const book = await laptop.call('library.create', { title: 'The Moon Jar', pageCount: 3 });
    const texts = ['The moon fell into a jar.', 'Kofi held the jar up high.', 'The jar broke and cut his hand.'];
    const [first, second, held] = book.pages.map((page) => page.id) as [string, string, string];
    for (const [index, pageId] of [first, second, held].entries()) await laptop.call('pages.updateText', { pageId, text: texts[index]! });
    const read = await laptop.call('narration.record', { pageId: first, ...readAloud(texts[0]!) });
    const heldReading = await laptop.call('narration.record', { pageId: held, ...readAloud(texts[2]!) });
    if (read.state !== 'ready' || heldReading.state !== 'ready') throw new Error(`the laptop's recordings are ${read.state} and ${heldReading.state}`);
    await laptop.core.store.db.updateTable('pages').set({ generate_status: 'held', held_reason: 'The words on this page went past the family’s limits.' }).where('id', '=', held).execute();

    await laptop.call('sync.signIn', { serverUrl: url, email: 'amara@example.com', password: PASSWORD, signUp: true, fullName: 'Amara' });
    await laptop.call('sync.createFamily', { name: 'The Okafors' });
    expect(await laptop.call('sync.now', {})).toMatchObject({ rejected: 0, picturesUploaded: 2 });

    // The same parent's tablet: the page is ready to play, with the same words, and its audio is here.
    await tablet.call('sync.signIn', { serverUrl: url, email: 'amara@example.com', password: PASSWORD });
    expect(await tablet.call('sync.now', {})).toMatchObject({ rejected: 0, picturesDownloaded: 2 });
    const onTablet = await narrationsOn(tablet, book.id);
    expect(onTablet.get(first)).toEqual(read);
    expect(onTablet.get(held)).toEqual(heldReading);
    const audioOnTablet = tablet.core.assets.pathFor(read.audioAssetSha256);
    expect(audioOnTablet && fs.readFileSync(audioOnTablet)).toEqual(fs.readFileSync(laptop.core.assets.pathFor(read.audioAssetSha256)!));

    // A child's own computer: the page read aloud plays; of the held page's narration, nothing to play, light or fetch.
    const { code } = await laptop.call('sync.invite', { role: 'child-creator' });
    await childs.call('sync.signIn', { serverUrl: url, email: 'kofi@example.com', password: PASSWORD, signUp: true, fullName: 'Kofi' });
    await childs.call('sync.joinFamily', { code });
    expect(await childs.call('sync.now', {})).toMatchObject({ rejected: 0 });
    const onChilds = await narrationsOn(childs, book.id);
    expect(onChilds.get(first)).toEqual(read);
    expect(onChilds.get(held)).toEqual({ pageId: held, state: 'none' });
    const keptForChild = await childs.core.store.db.selectFrom('page_narrations').selectAll().where('page_id', '=', held).executeTakeFirst();
    expect(keptForChild).toMatchObject({ audio_asset_sha256: null, words_json: '[]', text_digest: '' });
    expect(await childs.core.assets.find(heldReading.audioAssetSha256)).toBeFalsy();

    // Kofi reads page 2 on his computer: it reaches his parents waiting for them.
    await childs.call('family.addMember', { displayName: 'Kofi', role: 'child-creator' });
    const kofi = (await childs.call('family.get', {})).members.find((member) => member.displayName === 'Kofi')!;
    await childs.call('profile.switch', { memberId: kofi.id });
    const kofisReading = await childs.call('narration.record', { pageId: second, ...readAloud(texts[1]!) });
    expect(kofisReading).toMatchObject({ state: 'ready', source: 'recorded', readerName: 'Kofi', approved: false });
    expect(await childs.call('sync.now', {})).toMatchObject({ rejected: 0, picturesUploaded: 1 });
    for (const parentDevice of [laptop, tablet]) {
      await parentDevice.call('sync.now', {});
      expect((await narrationsOn(parentDevice, book.id)).get(second)).toEqual(kofisReading);
    }

    // A parent accepts it, and lets the held page through: Kofi's computer hears both.
    await laptop.call('narration.approve', { pageId: second });
    await laptop.call('review.decide', { pageId: held, decision: 'approve' });
    expect(await laptop.call('sync.now', {})).toMatchObject({ rejected: 0 });
    expect(await childs.call('sync.now', {})).toMatchObject({ rejected: 0 });
    const afterwards = await narrationsOn(childs, book.id);
    expect(afterwards.get(second)).toEqual({ ...kofisReading, approved: true });
    expect(afterwards.get(held)).toEqual(heldReading);
    expect(await childs.core.assets.find(heldReading.audioAssetSha256)).toBeTruthy();
  });
});
