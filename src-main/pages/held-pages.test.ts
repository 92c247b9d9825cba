import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callNames, type BookDetail, type BridgeResponse, type CallArgs, type CallName, type PageVersionView } from '../../src-preload/contract';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../host/browser-host';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { fakeSpeech } from '../../tests/fakes/openai-server';
import { HELD_FOR_A_GROWN_UP } from './held-pages';
import { tempDir } from '../../tests/support/temp-dir';
import { testHost } from '../../tests/support/test-host';
import { zipEntries } from '../../tests/support/zip-entries';

type Host = Awaited<ReturnType<typeof testHost>>;

const PARENT_PIN = '4321';

function valueOf<T>(response: BridgeResponse): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

/**
 * A family whose new book has a page held for its words ("a knight covered in blood"), drawn
 * with its picture and thumbnail, and a print copy as earlier versions made one; a parent with a
 * PIN, a child, and whatever a window would have heard while the book was made.
 */
async function familyWithAHeldPage() {
  const world = await testHost({ runQueue: true });
  const heard: string[] = [];
  const events = new WebSocket(`${world.origin.replace('http', 'ws')}/api/events`, [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${world.token}`]);
  events.on('message', (data) => heard.push(String(data)));
  await new Promise((resolve) => events.once('open', resolve));

  const started = valueOf<{ id: string; bookId: string }>(await world.call('generation.start', { idea: 'a knight covered in blood', pageCount: 4, readerAge: 6 }));
  await world.app.core.generation.settled(started.id);
  // Libraries from before print copies were made at export keep one per page, made as it was drawn.
  const printCopy = await world.app.core.assets.put(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#400' } }).jpeg().toBuffer(), { mime: 'image/jpeg', width: 8, height: 8 });
  await world.app.core.store.db.updateTable('pages').set({ print_asset_sha256: printCopy.sha256 }).where('book_id', '=', started.bookId).where('order_index', '=', 0).execute();
  const book = valueOf<BookDetail>(await world.call('library.get', { bookId: started.bookId }));
  const held = book.pages[0]!;
  const shown = book.pages[1]!;
  expect(held.generateStatus).toBe('held');
  expect(held.imageAssetSha256 && held.printAssetSha256 && held.thumbnailAssetSha256).toBeTruthy();
  const heldVersions = valueOf<PageVersionView[]>(await world.call('pages.versions', { pageId: held.id }));
  // The held page was read aloud before it was held: its narration speaks the held words.
  const narration = await world.app.core.assets.put((await fakeSpeech(held.text)).mp3, { mime: 'audio/mpeg', width: 0, height: 0 });
  const spoken = held.text.split(/\s+/).map((word, index) => ({ word, startMs: index * 400, endMs: index * 400 + 300 }));
  await world.app.core.store.db
    .insertInto('page_narrations')
    .values({
      page_id: held.id,
      audio_asset_sha256: narration.sha256,
      source: 'recorded',
      provider: null,
      voice: null,
      speed: null,
      reader_member_id: null,
      reader_name: 'Grandpa',
      text_digest: 'read before it was held',
      duration_ms: spoken.length * 400,
      words_json: JSON.stringify(spoken),
      timing: 'syllables',
      created_at: held.updatedAt,
      updated_at: held.updatedAt,
    })
    .execute();

  const parent = valueOf<{ member: { id: string } }>(await world.call('profile.current', {})).member;
  valueOf(await world.call('family.setPin', { memberId: parent.id, pin: PARENT_PIN }));
  const child = valueOf<{ id: string }>(await world.call('family.addMember', { displayName: 'Noor', role: 'child-creator' }));
  events.close();
  return {
    ...world,
    book,
    held,
    shown,
    heldVersionId: heldVersions[0]!.id,
    narrationSha256: narration.sha256,
    heard,
    parentId: parent.id,
    childId: child.id,
    /** Everything of the held page a child must never get back, in any answer. */
    secrets: [held.text, held.illustrationBrief, held.heldReason!, held.imageAssetSha256!, held.printAssetSha256!, held.thumbnailAssetSha256!, narration.sha256, JSON.stringify(spoken[0])],
    asChild: async () => valueOf(await world.call('profile.switch', { memberId: child.id })),
    asParent: async () => valueOf(await world.call('profile.switch', { memberId: parent.id, pin: PARENT_PIN })),
  };
}

const leaksOf = (answer: unknown, secrets: string[]) => secrets.filter((secret) => JSON.stringify(answer).includes(secret));

/** The picture as the host serves it to whoever is at the computer now. */
const pictureStatus = async (world: Host, sha256: string) => (await fetch(`${world.origin}/assets/${sha256}`, { headers: world.auth })).status;

describe('pages held for a grown-up', () => {
  it('gives a child profile nothing of a held page from any bridge call, picture or export', async () => {
    const family = await familyWithAHeldPage();
    const { book, held, shown, secrets } = family;
    const other = valueOf<{ id: string }>(await family.call('characters.create', { name: 'Pip', traits: ['brave'] }));
    await family.asChild();

    // One request per call the window can make, with the held page wherever the call takes a page:
    // a new call cannot be added without deciding here what a child may get from it.
    const walk: { [N in CallName]: CallArgs<N> } = {
      'library.list': { view: 'shelf' },
      'library.get': { bookId: book.id },
      'library.create': { title: 'Mine', pageCount: 2 },
      'library.rename': { bookId: book.id, title: 'The knight' },
      'library.setBlurb': { bookId: book.id, blurb: 'A brave knight and a very long day.' },
      'library.trash': { bookId: book.id },
      'library.restore': { bookId: book.id },
      'pages.updateText': { pageId: held.id, text: 'I can see you' },
      'pages.reorder': { bookId: book.id, pageIds: [...book.pages].reverse().map((page) => page.id) },
      'pages.versions': { pageId: held.id },
      'pages.restoreVersion': { versionId: family.heldVersionId },
      'characters.list': {},
      'characters.create': { name: 'Bea', traits: [] },
      'characters.update': { characterId: other.id, name: 'Pippa' },
      'characters.remove': { characterId: other.id },
      'family.get': {},
      'family.rename': { name: 'Us' },
      'family.addMember': { displayName: 'Sneaky', role: 'parent-admin' },
      'family.setPin': { memberId: family.parentId, pin: '0000' },
      'profile.current': {},
      'profile.switch': { memberId: family.childId },
      'generation.start': { idea: 'a calm pond at night', pageCount: 4, readerAge: 5 },
      'generation.status': { bookId: book.id },
      'generation.cancel': { bookId: book.id },
      'generation.redrawPage': { pageId: held.id, seed: 'new' },
      'generation.drawBook': { bookId: book.id },
      'narration.book': { bookId: book.id },
      'narration.narrate': { bookId: book.id },
      'narration.record': { pageId: held.id, sampleRate: 8000, pcm16: Buffer.alloc(16_000, 1).toString('base64') },
      'narration.approve': { pageId: held.id },
      'cast.redraw': { castId: held.id },
      'cast.updateLook': { castId: held.id, look: 'a knight in shining armour' },
      'cast.saveAsCharacter': { castId: held.id },
      'review.list': {},
      'review.decide': { pageId: held.id, decision: 'approve' },
      'settings.get': {},
      'settings.setProviders': {},
      'settings.setPrices': { prices: {} },
      'moderation.get': {},
      'moderation.set': { thresholds: { violence: 1 } },
      'export.services': {},
      'export.booklet': { bookId: book.id },
      'export.preflight': { bookId: book.id },
      'export.preview': { bookId: book.id },
      'export.pdf': { bookId: book.id },
      'export.epub': { bookId: book.id },
      'export.audio': { bookId: book.id },
      'export.save': { exportId: `${book.id}-interior-lulu-paperback-8.5x8.5-full-bleed.pdf`, fileName: 'The knight.pdf' },
      'backups.list': {},
      'backups.create': {},
      'backups.restoreOnNextStart': { name: null },
      'sync.status': {},
      'sync.now': {},
      'sync.signIn': { serverUrl: 'http://127.0.0.1:9', email: 'kid@example.com', password: 'let me in please' },
      'sync.confirmSignUp': { code: '1234 5678' },
      'sync.sendSignUpCodeAgain': {},
      'sync.startBrowserSignIn': { serverUrl: 'http://127.0.0.1:9', provider: 'google' },
      'sync.signOut': {},
      'sync.createFamily': { name: 'Mine' },
      'sync.joinFamily': { code: 'not-a-real-code' },
      'sync.invite': { role: 'parent-admin' },
      'sync.share': { bookId: book.id },
      'sync.shareLinks': { bookId: book.id },
      'sync.unshare': { bookId: book.id },
      'sync.billing': {},
      'sync.checkout': { plan: 'family' },
      'sync.billingPortal': {},
      'update.status': {},
      'update.restart': {},
      'secrets.status': {},
      'secrets.allowWeakStorage': { allow: true },
      'secrets.set': { name: 'openai-api-key', value: 'sk-mine' },
    };
    expect(Object.keys(walk).sort()).toEqual([...callNames].sort());

    const answers = new Map<CallName, BridgeResponse>();
    for (const name of callNames) {
      const answer = await family.call(name, walk[name] as never);
      answers.set(name, answer);
      expect(leaksOf(answer, secrets), `${name} answered ${JSON.stringify(answer)}`).toEqual([]);
    }

    // Changes a child may not make to a held page were refused, not quietly made.
    for (const name of ['pages.updateText', 'pages.restoreVersion', 'generation.redrawPage', 'review.list', 'review.decide', 'narration.record', 'narration.approve'] as const) {
      expect(answers.get(name), name).toMatchObject({ ok: false, error: { code: 'parent-only' } });
    }
    for (const sha256 of [held.imageAssetSha256!, held.printAssetSha256!, held.thumbnailAssetSha256!, family.narrationSha256]) {
      expect(await pictureStatus(family, sha256)).toBe(404);
    }
    expect(await pictureStatus(family, shown.imageAssetSha256!)).toBe(200);

    // The PDF a child saves prints the pages that are let through, and not the held one.
    const exported = answers.get('export.pdf') as { ok: true; value: { interior: { exportId: string } } };
    const pdf = await fetch(`${family.origin}/exports/${exported.value.interior.exportId}`, { headers: family.auth });
    const file = path.join(tempDir(), 'book.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const printed = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(printed).toContain(shown.text.split(/\s+/).slice(0, 4).join(' '));
    expect(printed).not.toContain(held.text.split(/\s+/).slice(0, 4).join(' '));

    // The ebook a child saves has no held page at all: not its words, its picture or its narration.
    const ebook = answers.get('export.epub') as { ok: true; value: { exportId: string } };
    const epubFile = path.join(tempDir(), 'book.epub');
    fs.writeFileSync(epubFile, Buffer.from(await (await fetch(`${family.origin}/exports/${ebook.value.exportId}`, { headers: family.auth })).arrayBuffer()));
    const carried = await zipEntries(epubFile);
    const pagesCarried = carried.filter((entry) => /^EPUB\/page-\d+\.xhtml$/.test(entry.name)).map((entry) => [...entry.data.toString('utf8').matchAll(/<span id="[^"]+">([^<]*)<\/span>/g)].map((match) => match[1]).join(' '));
    expect(pagesCarried).toHaveLength(book.pages.length - 1);
    expect(pagesCarried.join('\n')).toContain(shown.text.split(/\s+/).slice(0, 4).join(' '));
    expect(pagesCarried.join('\n')).not.toContain(held.text.split(/\s+/).slice(0, 4).join(' '));
    expect(carried.filter((entry) => entry.name.endsWith('.mp3'))).toEqual([]);

    // While the book was made, every window heard that a page waits, and never why.
    expect(family.heard.some((message) => message.includes('"status":"held"'))).toBe(true);
    expect(leaksOf(family.heard, secrets)).toEqual([]);

    // A parent still has all of it, unchanged by what the child tried.
    await family.asParent();
    const afterwards = valueOf<BookDetail>(await family.call('library.get', { bookId: book.id })).pages.find((page) => page.id === held.id)!;
    expect(afterwards).toMatchObject({ generateStatus: 'held', text: held.text, heldReason: held.heldReason, imageAssetSha256: held.imageAssetSha256 });
    expect(await pictureStatus(family, held.imageAssetSha256!)).toBe(200);
    expect(await pictureStatus(family, family.narrationSha256)).toBe(200);
    const narration = valueOf<{ pages: { pageId: string; state: string }[] }>(await family.call('narration.book', { bookId: book.id }));
    expect(narration.pages.find((page) => page.pageId === held.id)).toMatchObject({ state: 'out-of-date', readerName: 'Grandpa' });
  });

  it('keeps a page held when a child presses New picture, and when a parent redraws it', async () => {
    const family = await familyWithAHeldPage();
    await family.asChild();
    const refused = await family.call('generation.redrawPage', { pageId: family.held.id, seed: 'new' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'parent-only', message: 'This page is waiting for a grown-up to look at it first.' } });

    await family.asParent();
    const redraw = valueOf<{ id: string }>(await family.call('generation.redrawPage', { pageId: family.held.id, seed: 'new' }));
    const redrawing = valueOf<BookDetail>(await family.call('library.get', { bookId: family.book.id })).pages[0]!;
    expect(redrawing).toMatchObject({ generateStatus: 'held', heldReason: family.held.heldReason });
    await family.app.core.generation.settled(redraw.id);

    const redrawn = valueOf<BookDetail>(await family.call('library.get', { bookId: family.book.id })).pages[0]!;
    expect(redrawn.imageAssetSha256).not.toBe(family.held.imageAssetSha256);
    expect(redrawn).toMatchObject({ generateStatus: 'held', heldReason: family.held.heldReason, text: family.held.text });
    await family.asChild();
    expect(valueOf<BookDetail>(await family.call('library.get', { bookId: family.book.id })).pages[0]).toMatchObject({ text: '', imageAssetSha256: null });
  });

  it('keeps what moderation held out of a child’s history once a parent has redrawn the page and let it through', async () => {
    const family = await familyWithAHeldPage();
    const redraw = valueOf<{ id: string }>(await family.call('generation.redrawPage', { pageId: family.held.id, seed: 'new' }));
    await family.app.core.generation.settled(redraw.id);
    valueOf(await family.call('review.decide', { pageId: family.held.id, decision: 'approve' }));
    const approved = valueOf<BookDetail>(await family.call('library.get', { bookId: family.book.id })).pages[0]!;
    const firstPicture = family.held.imageAssetSha256!;
    expect(approved.imageAssetSha256).not.toBe(firstPicture);
    const parentHistory = valueOf<PageVersionView[]>(await family.call('pages.versions', { pageId: family.held.id }));
    const heldSnapshot = parentHistory.find((version) => version.imageAssetSha256 === firstPicture)!;

    await family.asChild();
    const childHistory = valueOf<PageVersionView[]>(await family.call('pages.versions', { pageId: family.held.id }));
    expect(childHistory.some((version) => version.imageAssetSha256 === approved.imageAssetSha256)).toBe(true);
    expect(childHistory.map((version) => version.id)).not.toContain(heldSnapshot.id);
    expect(await family.call('pages.restoreVersion', { versionId: heldSnapshot.id })).toMatchObject({ ok: false, error: { code: 'parent-only' } });
    expect(await pictureStatus(family, firstPicture)).toBe(404);
    expect(await pictureStatus(family, approved.imageAssetSha256!)).toBe(200);
  });

  it('keeps held pages from everyone at a computer signed in to the family as a child, its own "parent" profile too', async () => {
    const server = await testSyncServer();
    const url = await server.listen();
    const family = await familyWithAHeldPage();
    valueOf(await family.call('sync.signIn', { serverUrl: url, email: 'dana@example.com', password: 'correct horse battery', signUp: true }));
    valueOf(await family.call('sync.createFamily', { name: 'The Okoyes' }));
    valueOf(await family.call('sync.now', {}));
    const { code } = valueOf<{ code: string }>(await family.call('sync.invite', { role: 'child-creator' }));

    // The child's own computer: its only profile is the "Parent" a new library starts with.
    const childsComputer = await testHost();
    valueOf(await childsComputer.call('sync.signIn', { serverUrl: url, email: 'kid@example.com', password: 'correct horse battery', signUp: true }));
    valueOf(await childsComputer.call('sync.joinFamily', { code }));
    valueOf(await childsComputer.call('sync.now', {}));
    expect(valueOf<{ member: { role: string } }>(await childsComputer.call('profile.current', {})).member.role).toBe('parent-admin');

    const book = valueOf<BookDetail>(await childsComputer.call('library.get', { bookId: family.book.id }));
    expect(book.pages.find((page) => page.id === family.held.id)).toMatchObject({ generateStatus: 'held', text: '', imageAssetSha256: null, heldReason: HELD_FOR_A_GROWN_UP });
    expect(await childsComputer.call('review.list', {})).toMatchObject({ ok: false, error: { code: 'parent-only' } });
    expect(await childsComputer.call('review.decide', { pageId: family.held.id, decision: 'approve' })).toMatchObject({ ok: false, error: { code: 'parent-only' } });
    expect(await childsComputer.call('generation.redrawPage', { pageId: family.held.id, seed: 'new' })).toMatchObject({ ok: false, error: { code: 'parent-only' } });
    // Nor is anything of it in the library file on that computer: the server never sent it.
    const stored = await childsComputer.app.core.store.db.selectFrom('pages').select(['text_content', 'held_reason', 'image_asset_sha256']).where('id', '=', family.held.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ text_content: '', held_reason: null, image_asset_sha256: null });
  });
});
