import { describe, expect, it } from 'vitest';
import { fakePictures, gatedPictures, generationHarness, until } from '../../tests/support/generation-harness';
import { testApp } from '../../tests/support/test-app';
import { ProviderError } from './providers/provider-errors';
import type { TextProvider } from './providers/provider-types';
import { createWordListModeration } from './providers/word-list-moderation';

describe('making a book', () => {
  it('makes a whole offline book with no key: story, pictures, thumbnails, live progress, and no print copy', async () => {
    const app = await testApp({ runQueue: true });
    const events: { name: string; payload: unknown }[] = [];
    app.core.events.subscribe((message) => events.push(message));

    const started = await app.call('generation.start', { idea: 'a dragon who bakes bread', pageCount: 4, readerAge: 5 });
    expect(started).toMatchObject({ status: 'active', textProvider: 'offline', imageProvider: 'offline', offlineDraft: true });
    const done = await app.core.generation.settled(started.id);
    expect(done).toMatchObject({ status: 'complete', estimatedCostUsd: 0, error: null });

    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book.status).toBe('complete');
    expect(book.title).toMatch(/bakes bread/i);
    expect(book.pages).toHaveLength(4);
    for (const page of book.pages) {
      expect(page).toMatchObject({ generateStatus: 'complete', heldReason: null });
      expect(page.text.length).toBeGreaterThan(10);
      expect(page.seedValue).toBeGreaterThan(0);
      expect(page.printAssetSha256).toBeNull();
      expect(await app.core.assets.find(page.thumbnailAssetSha256!)).toMatchObject({ mime: 'image/webp', width: 512 });
    }
    expect(book.coverAssetSha256).toBe(book.pages[0]!.thumbnailAssetSha256);
    // Print copies wait for an export that names a size: the book stored its pictures and their thumbnails, nothing more.
    const stored = await app.core.store.db.selectFrom('assets').select('sha256').execute();
    expect(new Set(stored.map((asset) => asset.sha256))).toEqual(
      new Set([...book.pages.flatMap((page) => [page.imageAssetSha256, page.thumbnailAssetSha256]), ...book.cast.map((member) => member.portraitAssetSha256)]),
    );
    expect(await app.core.store.db.selectFrom('provider_cache').select('kind').where('kind', '=', 'print-rendition').execute()).toEqual([]);

    const progress = events.filter((event) => event.name === 'generation.progress').map((event) => event.payload as { page: number | null; stage: string; status: string });
    expect(progress).toContainEqual(expect.objectContaining({ page: null, stage: 'story', status: 'done' }));
    for (const page of [1, 2, 3, 4]) {
      expect(progress).toContainEqual(expect.objectContaining({ page, stage: 'picture', status: 'done' }));
      expect(progress).toContainEqual(expect.objectContaining({ page, stage: 'rendition', status: 'done' }));
    }
    expect(progress.at(-1)).toMatchObject({ page: null, stage: 'book', status: 'done' });
    const versions = await app.call('pages.versions', { pageId: book.pages[0]!.id });
    expect(versions.map((version) => version.reason)).toEqual(['generated', 'generated']);
  });

  it('draws pages in parallel up to the provider’s concurrency', async () => {
    const gate = gatedPictures({ concurrency: 3 });
    const harness = await generationHarness({ image: gate.provider });
    const generation = await harness.start({ pageCount: 8 });
    await until(() => gate.waitingCount() === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gate.waitingCount()).toBe(3);
    while ((await harness.service.status(harness.family.id, generation.bookId))?.status === 'active') {
      gate.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(gate.maxInFlight).toBe(3);
    expect(gate.calls).toBe(8);
    expect((await harness.bookOf(generation.bookId)).status).toBe('complete');
  });

  it('keeps a family to five active generations; the sixth waits in line and then runs', async () => {
    const gate = gatedPictures();
    const harness = await generationHarness({ image: gate.provider });
    const started = [];
    for (let index = 0; index < 7; index++) started.push(await harness.start({ idea: `book number ${index}` }));
    expect(started.map((generation) => generation.status)).toEqual(['active', 'active', 'active', 'active', 'active', 'waiting', 'waiting']);
    expect(started.slice(5).map((generation) => generation.ahead)).toEqual([0, 1]);
    expect(harness.events).toContainEqual({
      name: 'generation.progress',
      payload: expect.objectContaining({ bookId: started[5]!.bookId, stage: 'queue', status: 'waiting', message: 'next in line' }),
    });

    let mostActive = 0;
    for (;;) {
      const rows = await harness.store.db.selectFrom('generations').select('status').execute();
      mostActive = Math.max(mostActive, rows.filter((row) => row.status === 'active').length);
      if (rows.every((row) => row.status === 'complete')) break;
      gate.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(mostActive).toBe(5);
  });

  it('retries a busy provider after its retry-after, and the page completes', async () => {
    const flaky = fakePictures((_request, call) => {
      if (call === 1) throw new ProviderError('busy', 'transient', { status: 429, retryAfterMs: 30 });
    });
    const harness = await generationHarness({ image: flaky.provider });
    const generation = await harness.start({ pageCount: 4 });
    const done = await harness.service.settled(generation.id);
    expect(done.status).toBe('complete');
    expect(flaky.calls).toBe(5);
    // Four pages and the cast's portraits are paid for; the refused call is not.
    expect(flaky.portraits).toBeGreaterThan(0);
    expect(done.estimatedCostUsd).toBeCloseTo((4 + flaky.portraits) * 0.05);
    expect(harness.events).toContainEqual({ name: 'generation.progress', payload: expect.objectContaining({ stage: 'picture', status: 'retrying', message: 'busy' }) });
  });

  it('fails a page that cannot be drawn with the reason, and keeps the pages that were', async () => {
    let refusedPrompt = '';
    const refusing = fakePictures((request, call) => {
      if (call !== 2) return;
      refusedPrompt = request.prompt;
      throw new ProviderError('The picture service refused this prompt (HTTP 400).', 'permanent', { status: 400 });
    });
    const harness = await generationHarness({ image: refusing.provider });
    const generation = await harness.start({ pageCount: 4 });
    const done = await harness.service.settled(generation.id);
    expect(done).toMatchObject({ status: 'failed', error: expect.stringMatching(/A page could not be drawn: The picture service refused/) });
    const pages = await harness.pagesOf(generation.bookId);
    expect(pages.map((page) => (refusedPrompt.includes(`Scene: ${page.illustration_brief}.`) ? 'refused' : page.generate_status))).toEqual(
      pages.map((page) => (page.generate_status === 'failed' ? 'refused' : 'complete')),
    );
    expect(pages.filter((page) => page.generate_status === 'failed')).toHaveLength(1);
    expect((await harness.bookOf(generation.bookId)).status).toBe('failed');
  });

  it('reports a story in the wrong shape clearly after retrying, and loses nothing', async () => {
    let calls = 0;
    const confused: TextProvider = {
      id: 'fake',
      model: 'confused',
      consistency: { unavailable: 'a test writer' },
      async writeStory() {
        calls += 1;
        throw new ProviderError('fake wrote 3 pages instead of 4.', 'malformed');
      },
    };
    const harness = await generationHarness({ text: confused });
    const generation = await harness.start({ pageCount: 4 });
    const done = await harness.service.settled(generation.id);
    expect(calls).toBe(3);
    expect(done).toMatchObject({ status: 'failed', error: 'The story could not be written: fake wrote 3 pages instead of 4.' });
    expect((await harness.bookOf(generation.bookId)).status).toBe('failed');
    expect((await harness.pagesOf(generation.bookId)).map((page) => page.text_content)).toEqual(['', '', '', '']);
  });

  it('holds a page whose words cross the family’s limits, hides it from a child, and lets a parent approve it', async () => {
    const app = await testApp({ runQueue: true });
    const started = await app.call('generation.start', { idea: 'a knight covered in blood', pageCount: 4, readerAge: 6 });
    await app.core.generation.settled(started.id);
    const book = await app.call('library.get', { bookId: started.bookId });
    const heldPage = book.pages[0]!;
    expect(heldPage.generateStatus).toBe('held');
    expect(heldPage.heldReason).toMatch(/The words on this page went past the family's limits \(violence 1\.00 > 0\.4\)/);
    expect(book.status).toBe('complete');

    const { member: parent } = await app.call('profile.current', {});
    await app.call('family.setPin', { memberId: parent.id, pin: '4321' });
    const child = await app.call('family.addMember', { displayName: 'Noor', role: 'child-creator' });
    await app.call('profile.switch', { memberId: child.id });
    const childView = await app.call('library.get', { bookId: started.bookId });
    expect(childView.pages[0]).toMatchObject({ text: '', imageAssetSha256: null, heldReason: 'A grown-up needs to look at this page first.' });
    expect(await app.call('pages.versions', { pageId: heldPage.id })).toEqual([]);
    expect(await app.dispatch('review.list', {})).toMatchObject({ ok: false, error: { code: 'parent-only' } });

    await app.call('profile.switch', { memberId: parent.id, pin: '4321' });
    const review = await app.call('review.list', {});
    expect(review).toMatchObject([{ bookId: started.bookId, page: { id: heldPage.id, generateStatus: 'held' } }]);
    expect(await app.call('review.decide', { pageId: heldPage.id, decision: 'approve' })).toMatchObject({ generateStatus: 'complete', heldReason: null });
    expect(await app.call('review.list', {})).toEqual([]);
  });

  it('holds a page whose picture crosses the limits, with the reason', async () => {
    const moderation = { ...createWordListModeration(), checkPicture: async () => ({ violence: 0.9, 'violence/graphic': 0.1 }) };
    const harness = await generationHarness({ moderation });
    const generation = await harness.start({ pageCount: 4 });
    await harness.service.settled(generation.id);
    const pages = await harness.pagesOf(generation.bookId);
    expect(pages.every((page) => page.generate_status === 'held')).toBe(true);
    expect(pages[0]!.held_reason).toBe(
      "The picture on this page went past the family's limits (violence 0.90 > 0.4). A parent should look before a child sees it.",
    );
  });

  it('cancels a book: waiting pictures never start, running ones are dropped, finished pages stay', async () => {
    const gate = gatedPictures({ concurrency: 2 });
    const harness = await generationHarness({ image: gate.provider });
    const generation = await harness.start({ pageCount: 6 });
    await until(() => gate.waitingCount() === 2);
    gate.releaseAll();
    await until(async () => (await harness.pagesOf(generation.bookId)).filter((page) => page.generate_status === 'complete').length === 2);
    await until(() => gate.waitingCount() === 2);

    const cancelled = await harness.service.cancel(harness.family.id, generation.bookId);
    expect(cancelled?.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gate.calls).toBe(4);
    const pages = await harness.pagesOf(generation.bookId);
    expect(pages.map((page) => page.generate_status).sort()).toEqual(['complete', 'complete', 'pending', 'pending', 'pending', 'pending']);
    expect((await harness.bookOf(generation.bookId)).status).toBe('draft');
    const jobs = await harness.store.db.selectFrom('jobs').select('status').where('generation_id', '=', generation.id).execute();
    expect(jobs.filter((job) => job.status === 'queued' || job.status === 'running')).toEqual([]);
  });

  it('draws every page a picture of its own, even pages that ask alike from the book’s one seed', async () => {
    const sameScene: TextProvider = {
      id: 'fake',
      model: 'same-scene',
      consistency: { unavailable: 'a test writer' },
      async writeStory() {
        const page = { text: 'Pip naps.', illustrationBrief: 'Pip asleep under a tree', cast: ['Pip'] };
        return { title: 'Naps', blurb: '', cast: [{ name: 'Pip', look: 'a small red fox' }], pages: [page, page, page, page] };
      },
    };
    const pictures = fakePictures();
    // One picture at a time, so later pages start once earlier ones are kept, and would find them.
    const harness = await generationHarness({ text: sameScene, image: { ...pictures.provider, concurrency: 1 } });
    const generation = await harness.start({ pageCount: 4 });
    expect((await harness.service.settled(generation.id)).status).toBe('complete');
    expect(pictures.calls).toBe(4);
  });

  it('redraws one picture: the same seed is answered from the cache, a new seed draws anew', async () => {
    const counting = fakePictures();
    const harness = await generationHarness({ image: counting.provider });
    const generation = await harness.start({ pageCount: 4 });
    await harness.service.settled(generation.id);
    expect(counting.calls).toBe(4);
    const [page] = await harness.pagesOf(generation.bookId);

    const same = await harness.service.redrawPage({ familyId: harness.family.id, pageId: page!.id, seed: 'same', seesHeld: true });
    expect((await harness.service.settled(same.id)).status).toBe('complete');
    expect(counting.calls).toBe(4);
    const afterSame = (await harness.pagesOf(generation.bookId))[0]!;
    expect(afterSame.seed_value).toBe(page!.seed_value);
    expect(afterSame.image_asset_sha256).toBe(page!.image_asset_sha256);

    const fresh = await harness.service.redrawPage({ familyId: harness.family.id, pageId: page!.id, seed: 'new', seesHeld: true });
    expect((await harness.service.settled(fresh.id)).status).toBe('complete');
    expect(counting.calls).toBe(5);
    const afterNew = (await harness.pagesOf(generation.bookId))[0]!;
    expect(afterNew.seed_value).not.toBe(page!.seed_value);
    expect(afterNew.image_asset_sha256).not.toBe(page!.image_asset_sha256);
    const versions = await harness.store.db.selectFrom('page_versions').select('reason').where('page_id', '=', page!.id).orderBy('version_number').execute();
    expect(versions.map((version) => version.reason)).toEqual(['generated', 'generated', 'redrawn', 'redrawn']);
  });

  it('drops the print copy an earlier version made when a page is drawn again', async () => {
    const harness = await generationHarness();
    const generation = await harness.start({ pageCount: 4 });
    await harness.service.settled(generation.id);
    const [page] = await harness.pagesOf(generation.bookId);
    // Earlier versions made a print copy of every picture as it was drawn; this one stands in for it.
    await harness.store.db.updateTable('pages').set({ print_asset_sha256: page!.thumbnail_asset_sha256 }).where('id', '=', page!.id).execute();
    const redraw = await harness.service.redrawPage({ familyId: harness.family.id, pageId: page!.id, seed: 'new', seesHeld: true });
    expect((await harness.service.settled(redraw.id)).status).toBe('complete');
    const redrawn = (await harness.pagesOf(generation.bookId))[0]!;
    expect(redrawn.image_asset_sha256).not.toBe(page!.image_asset_sha256);
    expect(redrawn.print_asset_sha256).toBeNull();
  });

  it('refuses to redraw while the book is still being made', async () => {
    const gate = gatedPictures();
    const harness = await generationHarness({ image: gate.provider });
    const generation = await harness.start({ pageCount: 4 });
    await until(() => gate.waitingCount() > 0);
    const [page] = await harness.pagesOf(generation.bookId);
    await expect(harness.service.redrawPage({ familyId: harness.family.id, pageId: page!.id, seed: 'new', seesHeld: true })).rejects.toThrow(/still being made/);
    gate.releaseAll();
  });

  it('refuses characters that are not the family’s', async () => {
    const harness = await generationHarness();
    await expect(harness.start({ characterIds: ['01930000-0000-7000-8000-000000000009'] })).rejects.toThrow(/One of those characters was not found/);
  });

  it('puts the family’s characters in every picture prompt', async () => {
    const app = await testApp({ runQueue: true });
    const fox = await app.call('characters.create', { name: 'Pip', traits: ['orange fox', 'green scarf'] });
    const started = await app.call('generation.start', { idea: 'a picnic', pageCount: 4, readerAge: 4, characterIds: [fox.id] });
    await app.core.generation.settled(started.id);
    const book = await app.call('library.get', { bookId: started.bookId });
    expect(book.pages[0]!.text).toContain('Pip');
    const request = JSON.parse((await app.core.store.db.selectFrom('generations').select('request_json').executeTakeFirstOrThrow()).request_json);
    expect(request.characters).toEqual([{ id: fox.id, name: 'Pip', traits: ['orange fox', 'green scarf'], referenceSha256: null }]);
  });
});
