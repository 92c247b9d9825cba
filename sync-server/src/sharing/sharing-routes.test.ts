import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../../test-support/devices';
import { pictureOf } from '../../test-support/pictures';
import { testSyncServer } from '../../test-support/sync-test-server';

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
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const html = page.body;
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
});
