import { createHash, randomUUID } from 'node:crypto';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../../test-support/devices';
import { narrationOf } from '../../test-support/narrations';
import { pictureOf } from '../../test-support/pictures';
import { testSyncServer } from '../../test-support/sync-test-server';
import type { SyncResult } from '../sync/sync-service';
import { READ_ALONG_SCRIPT_PATH } from './read-along-script';
import { READ_ALONG_PAGE_CSP, READER_PAGE_CSP } from './reader-page';

const shaOf = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A family with a synced two-page book (one page held for a parent) and another book. */
async function familyWithBooks() {
  const server = await testSyncServer();
  const family = await server.family();
  const device = deviceClock();
  const [bookId, otherBookId, page1, page2, heldPage, otherPage] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [shown, held, other] = await Promise.all([pictureOf(1), pictureOf(2), pictureOf(3)]);
  const change = device.change.bind(device);
  await server.call('POST', `/api/families/${family.id}/sync`, {
    token: family.parent.token,
    body: {
      changes: [
        change('books', bookId, 'title', 'Grandma <3 Foxes'),
        change('pages', page1, 'book_id', bookId),
        change('pages', page1, 'order_index', 1),
        change('pages', page1, 'text_content', 'The fox said <b>hello</b>.'),
        change('pages', page1, 'image_asset_sha256', shaOf(shown)),
        change('pages', page2, 'book_id', bookId),
        change('pages', page2, 'order_index', 0),
        change('pages', page2, 'text_content', 'Once upon a time.'),
        change('pages', heldPage, 'book_id', bookId),
        change('pages', heldPage, 'order_index', 2),
        change('pages', heldPage, 'text_content', 'Held words'),
        change('pages', heldPage, 'generate_status', 'held'),
        change('pages', heldPage, 'image_asset_sha256', shaOf(held)),
        change('books', otherBookId, 'title', 'Private Diary'),
        change('pages', otherPage, 'book_id', otherBookId),
        change('pages', otherPage, 'image_asset_sha256', shaOf(other)),
      ],
    },
  });
  for (const data of [shown, held, other]) await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(data)}`, { token: family.parent.token, raw: data, contentType: 'image/jpeg' });
  return { server, family, bookId, shown, held, other };
}

describe('sharing a book', () => {
  it('serves one book to anyone with the link: its pages in order, its pictures, and nothing else', async () => {
    const { server, family, bookId, shown, held, other } = await familyWithBooks();
    const made = await server.call<{ url: string; expiresAt: string }>('POST', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token, body: { expiresInDays: 7 } });
    expect(made.status).toBe(201);
    const path = new URL(made.body.url).pathname;

    const page = await server.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    // A book nobody has read aloud: no script and no sound, as before narrations.
    expect(page.headers['content-security-policy']).toBe(READER_PAGE_CSP);
    const html = page.body;
    expect(html).not.toMatch(/<script|<audio/);
    expect(html).toContain('Grandma &#60;3 Foxes');
    expect(html).toContain('The fox said &#60;b&#62;hello&#60;/b&#62;.');
    expect(html.indexOf('Once upon a time.')).toBeLessThan(html.indexOf('The fox said'));
    expect(html).not.toContain('Held words');
    expect(html).not.toContain('Private Diary');

    const picture = (data: Buffer) => server.app.inject({ method: 'GET', url: `${path}/pictures/${shaOf(data)}` });
    expect((await picture(shown)).rawPayload).toEqual(shown);
    expect((await picture(held)).statusCode).toBe(404);
    expect((await picture(other)).statusCode).toBe(404);
  });

  it('lets only a parent share, and stops every link of a book when revoked or expired', async () => {
    const { server, family, bookId } = await familyWithBooks();
    expect((await server.call('POST', `/api/families/${family.id}/books/${bookId}/share`, { token: family.child.token, body: {} })).status).toBe(403);
    expect((await server.call('POST', `/api/families/${family.id}/books/${randomUUID()}/share`, { token: family.parent.token, body: {} })).status).toBe(404);
    const links = [];
    for (let count = 0; count < 2; count++) links.push((await server.call<{ url: string }>('POST', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token, body: {} })).body.url);
    const open = () => server.call<{ links: { expiresAt: string }[] }>('GET', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token });
    expect((await open()).body.links).toHaveLength(2);
    expect(JSON.stringify((await open()).body)).not.toContain(new URL(links[0]!).pathname.slice(3));
    expect((await server.call('DELETE', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token })).status).toBe(204);
    for (const link of links) expect((await server.app.inject({ method: 'GET', url: new URL(link).pathname })).statusCode).toBe(404);
    expect((await open()).body.links).toEqual([]);

    const fresh = (await server.call<{ url: string }>('POST', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token, body: {} })).body.url;
    await server.store.db.updateTable('book_shares').set({ expires_at: '2020-01-01T00:00:00.000Z' }).where('revoked_at', 'is', null).execute();
    const expired = await server.app.inject({ method: 'GET', url: new URL(fresh).pathname });
    expect(expired.statusCode).toBe(404);
    expect(expired.body).toMatch(/does not open a book any more/);
    expect((await server.app.inject({ method: 'GET', url: '/s/not-a-token' })).statusCode).toBe(400);
  });

  it('plays a page’s narration to anyone with the link only when a parent accepted it and it reads the page’s words as they are, lighting each word from a script of the server’s own', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const parent = deviceClock();
    const ids = { book: randomUUID(), other: randomUUID(), read: randomUUID(), childs: randomUUID(), changed: randomUUID(), held: randomUUID(), mistimed: randomUUID(), plain: randomUUID(), otherPage: randomUUID() };
    const texts = { read: 'The fox said <b>hello</b>.', childs: 'Kofi read this page.', changed: 'The words changed since.', held: 'Held words', mistimed: 'Its timings are for other words.' };
    const narrations = {
      read: await narrationOf(texts.read),
      childs: await narrationOf(texts.childs, { readerName: 'Kofi', approved: 0 }),
      // As many words as the page has now, so only its digest says they are other words.
      changed: await narrationOf('The words changed again.'),
      held: await narrationOf(texts.held),
      mistimed: await narrationOf('Other words.'),
      other: await narrationOf('Private diary words.'),
    };
    narrations.mistimed.fields.text_digest = shaOf(Buffer.from(texts.mistimed));
    const picture = await pictureOf(4);
    const page = (id: string, order: number, text: string) => [parent.change('pages', id, 'book_id', ids.book), parent.change('pages', id, 'order_index', order), parent.change('pages', id, 'text_content', text)];
    const narrated = (id: string, narration: { fields: Record<string, string | number> }) => Object.entries(narration.fields).map(([column, value]) => parent.change('page_narrations', id, column, value));
    const pushed = await server.call<SyncResult>('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: {
        changes: [
          parent.change('books', ids.book, 'title', 'Read to Me'),
          ...page(ids.read, 0, texts.read),
          parent.change('pages', ids.read, 'image_asset_sha256', shaOf(picture)),
          ...narrated(ids.read, narrations.read),
          ...page(ids.childs, 1, texts.childs),
          ...narrated(ids.childs, narrations.childs),
          ...page(ids.changed, 2, texts.changed),
          ...narrated(ids.changed, narrations.changed),
          ...page(ids.held, 3, texts.held),
          parent.change('pages', ids.held, 'generate_status', 'held'),
          ...narrated(ids.held, narrations.held),
          ...page(ids.mistimed, 4, texts.mistimed),
          ...narrated(ids.mistimed, narrations.mistimed),
          ...page(ids.plain, 5, 'Nobody read this one.'),
          parent.change('books', ids.other, 'title', 'Private Diary'),
          parent.change('pages', ids.otherPage, 'book_id', ids.other),
          parent.change('pages', ids.otherPage, 'text_content', 'Private diary words.'),
          ...narrated(ids.otherPage, narrations.other),
        ],
      },
    });
    expect(pushed.body.rejected).toEqual([]);
    await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(picture)}`, { token: family.parent.token, raw: picture, contentType: 'image/jpeg' });
    for (const { mp3 } of Object.values(narrations)) await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(mp3)}`, { token: family.parent.token, raw: mp3, contentType: 'audio/mpeg' });
    const link = await server.call<{ url: string }>('POST', `/api/families/${family.id}/books/${ids.book}/share`, { token: family.parent.token, body: {} });
    const path = new URL(link.body.url).pathname;

    const shown = await server.app.inject({ method: 'GET', url: path });
    expect(shown.headers['content-security-policy']).toBe(READ_ALONG_PAGE_CSP);
    const html = shown.body;
    // One script, by address on this server, and none written into the page.
    expect([...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, body]) => ({ attributes, body }))).toEqual([{ attributes: ` src="${READ_ALONG_SCRIPT_PATH}" defer`, body: '' }]);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // The page read aloud and accepted: its audio, "Listen", and each word in a span with when it is said.
    expect([...html.matchAll(/<audio [^>]*>/g)].map(([tag]) => tag)).toEqual([`<audio id="narration-1" src="${path}/audio/${narrations.read.sha256}" controls preload="none">`]);
    expect(html).toContain('<button type="button" class="listen" data-audio="narration-1" aria-label="Listen to page 1"');
    const spans = [...html.matchAll(/<span class="word" data-start-ms="(\d+)">([^<]*)<\/span>/g)].map(([, startMs, word]) => ({ startMs: Number(startMs), word }));
    expect(spans).toEqual(narrations.read.words.map(({ word, startMs }) => ({ startMs, word: word.replace(/[<>]/g, (char) => `&#${char.charCodeAt(0)};`) })));
    expect(html).toContain('<p class="words" data-audio="narration-1"><span class="word" data-start-ms="100">The</span> <span');
    // The rest are words alone: a child's recording no parent has accepted, a narration of words since changed, one whose timings do not fit.
    for (const text of [texts.childs, texts.changed, texts.mistimed, 'Nobody read this one.']) expect(html).toContain(`<p>${text}</p>`);
    expect(html).not.toContain(texts.held);

    const audio = (sha256: string, options: { link?: string; range?: string } = {}) =>
      server.app.inject({ method: 'GET', url: `${options.link ?? path}/audio/${sha256}`, headers: options.range ? { range: options.range } : {} });
    const played = await audio(narrations.read.sha256);
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/mpeg');
    expect(played.rawPayload).toEqual(narrations.read.mp3);
    const firstBytes = await audio(narrations.read.sha256, { range: 'bytes=0-1' });
    expect(firstBytes.statusCode).toBe(206);
    expect(firstBytes.rawPayload).toEqual(narrations.read.mp3.subarray(0, 2));
    for (const sha256 of [narrations.childs.sha256, narrations.changed.sha256, narrations.held.sha256, narrations.mistimed.sha256, narrations.other.sha256, shaOf(picture), 'f'.repeat(64)]) {
      expect((await audio(sha256)).statusCode, sha256).toBe(404);
    }
    expect((await audio(narrations.read.sha256, { link: `/s/${'A'.repeat(43)}` })).statusCode).toBe(404);

    // Once a parent accepts the child's recording, the link plays it too.
    await server.call('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [parent.change('page_narrations', ids.childs, 'approved', 1)] } });
    expect((await audio(narrations.childs.sha256)).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: path })).body).toContain(`src="${path}/audio/${narrations.childs.sha256}"`);
    // A revoked link plays nothing.
    await server.call('DELETE', `/api/families/${family.id}/books/${ids.book}/share`, { token: family.parent.token });
    expect((await audio(narrations.read.sha256)).statusCode).toBe(404);

    const script = await server.app.inject({ method: 'GET', url: READ_ALONG_SCRIPT_PATH });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(() => new vm.Script(script.body)).not.toThrow();
  });
});
