import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../../test-support/devices';
import { narrationOf } from '../../test-support/narrations';
import { routeCases, type RouteCase } from '../../test-support/route-cases';
import { testSyncServer } from '../../test-support/sync-test-server';
import type { SyncResult } from './sync-service';

type Server = Awaited<ReturnType<typeof testSyncServer>>;

async function picture(colour: string) {
  const data = await sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer();
  return { data, sha256: createHash('sha256').update(data).digest('hex') };
}

/**
 * A family whose parent's device has pushed a book: page A held for its words, with a picture,
 * print copy, thumbnail and narration; page B let through, read aloud too; A's history with a
 * snapshot taken while held, and an older held picture the parent has since drawn again.
 */
async function familyWithAHeldPage(server: Server) {
  const family = await server.family();
  const parent = deviceClock();
  const ids = { book: randomUUID(), held: randomUUID(), shown: randomUUID(), snapshot: randomUUID(), olderSnapshot: randomUUID(), shownVersion: randomUUID() };
  const [image, print, thumbnail, older, shownImage] = await Promise.all(['#a00', '#b00', '#c00', '#d00', '#0a0'].map(picture));
  for (const each of [image!, print!, thumbnail!, older!, shownImage!]) {
    await server.callOverHttp('PUT', `/api/families/${family.id}/assets/${each.sha256}`, { token: family.parent.token, raw: each.data, contentType: 'image/png' });
  }
  const held = {
    text_content: 'The knight was covered in blood.',
    illustration_brief: 'a knight with a bloody sword',
    held_reason: 'The words on this page went past the family’s limits (violence 0.93 > 0.4).',
  };
  const [heldNarration, shownNarration] = await Promise.all([narrationOf(held.text_content), narrationOf('The pond was calm.')]);
  for (const each of [heldNarration, shownNarration]) {
    await server.callOverHttp('PUT', `/api/families/${family.id}/assets/${each.sha256}`, { token: family.parent.token, raw: each.mp3, contentType: 'audio/mpeg' });
  }
  const fields = (table: string, rowId: string, values: Record<string, string | number | null>) => Object.entries(values).map(([column, value]) => parent.change(table, rowId, column, value));
  const answer = await server.callOverHttp<SyncResult>('POST', `/api/families/${family.id}/sync`, {
    token: family.parent.token,
    body: {
      changes: [
        ...fields('books', ids.book, { title: 'The Knight', status: 'complete' }),
        ...fields('pages', ids.held, { book_id: ids.book, order_index: 0, ...held, image_asset_sha256: image!.sha256, print_asset_sha256: print!.sha256, thumbnail_asset_sha256: thumbnail!.sha256, generate_status: 'held' }),
        ...fields('pages', ids.shown, { book_id: ids.book, order_index: 1, text_content: 'The pond was calm.', image_asset_sha256: shownImage!.sha256, generate_status: 'complete' }),
        ...fields('page_versions', ids.olderSnapshot, { page_id: ids.held, text_content: held.text_content, image_asset_sha256: older!.sha256, reason: 'generated', held: 1 }),
        ...fields('page_versions', ids.snapshot, { page_id: ids.held, text_content: held.text_content, image_asset_sha256: image!.sha256, reason: 'redrawn', held: 1 }),
        ...fields('page_versions', ids.shownVersion, { page_id: ids.shown, text_content: 'The pond was calm.', reason: 'generated', held: 0 }),
        ...fields('page_narrations', ids.held, heldNarration.fields),
        ...fields('page_narrations', ids.shown, shownNarration.fields),
      ],
    },
  });
  expect(answer.body.rejected).toEqual([]);
  return {
    family,
    parent,
    ids,
    pictures: { image: image!, print: print!, thumbnail: thumbnail!, older: older!, shown: shownImage! },
    narrations: { held: heldNarration, shown: shownNarration },
    // The held narration plays and lights the held words: its audio, digest and timings (as JSON carries them) are secrets too.
    secrets: [
      held.text_content,
      held.illustration_brief,
      held.held_reason,
      image!.sha256,
      print!.sha256,
      thumbnail!.sha256,
      older!.sha256,
      heldNarration.sha256,
      heldNarration.fields.text_digest,
      JSON.stringify(heldNarration.fields.words_json).slice(1, -1),
    ],
    pull: (token: string, cursor = 0) => server.callOverHttp<SyncResult>('POST', `/api/families/${family.id}/sync`, { token, body: { cursor, changes: [] } }),
  };
}

const leaksOf = (answer: unknown, secrets: string[]) => secrets.filter((secret) => JSON.stringify(answer).includes(secret));

describe('pages held for a parent, on the sync server', () => {
  it('gives a child account nothing of a held page, its narration or a held snapshot when it pulls, and all the rest', async () => {
    const server = await testSyncServer();
    const { family, ids, secrets, pull } = await familyWithAHeldPage(server);
    const childPull = await pull(family.child.token);
    expect(leaksOf(childPull.body, secrets)).toEqual([]);
    const rows = new Set(childPull.body.changes.map((change) => `${change.table}.${change.column}:${change.rowId}`));
    // The child knows the page is there and waits, in its place in the book.
    for (const column of ['book_id', 'order_index', 'generate_status']) expect(rows).toContain(`pages.${column}:${ids.held}`);
    expect(JSON.stringify(childPull.body)).toContain('The pond was calm.');
    // It learns the held page is read aloud, and nothing it could play or light.
    expect([...rows].filter((row) => row.startsWith('page_narrations.') && row.endsWith(ids.held)).sort()).toEqual(
      ['approved', 'reader_name', 'source', 'timing'].map((column) => `page_narrations.${column}:${ids.held}`),
    );
    for (const column of ['audio_asset_sha256', 'words_json', 'text_digest', 'duration_ms']) expect(rows).toContain(`page_narrations.${column}:${ids.shown}`);
    // A parent gets everything.
    const parentPull = await pull(family.parent.token);
    expect(leaksOf(parentPull.body, secrets)).toEqual(secrets);
  });

  it('gives a child account nothing of a held page from any route of the API, its pictures, its narration’s audio and the book’s share link included', async () => {
    const server = await testSyncServer();
    const { family, ids, pictures, narrations, secrets } = await familyWithAHeldPage(server);
    const shared = await server.callOverHttp<{ url: string }>('POST', `/api/families/${family.id}/books/${ids.book}/share`, { token: family.parent.token, body: {} });
    const sharePath = new URL(shared.body.url).pathname;

    const urlOf = (route: RouteCase, sha256: string) =>
      route.path
        .replace('{id}', family.id)
        .replace('{userId}', family.parent.user.id)
        .replace('{sha256}', sha256)
        .replace('{bookId}', ids.book)
        .replace('{provider}', 'google')
        .replace('{code}', 'not-a-real-invite-code');
    // Every route the API documents, as the child, with the held page's pictures wherever a route takes one.
    for (const route of await routeCases()) {
      for (const sha256 of route.path.includes('{sha256}') ? [pictures.image.sha256, pictures.print.sha256, pictures.thumbnail.sha256, pictures.older.sha256, narrations.held.sha256] : ['']) {
        const answer = await server.callOverHttp(route.method, urlOf(route, sha256), { token: family.child.token, body: route.body, ...(route.raw && { raw: route.raw.data, contentType: route.raw.contentType }) });
        const label = `${route.method} ${urlOf(route, sha256)}`;
        expect(leaksOf(Buffer.isBuffer(answer.body) ? answer.body.toString('latin1') : answer.body, secrets), label).toEqual([]);
        if (route.method === 'GET' && sha256) {
          expect(answer.status, label).toBe(404);
          expect(Buffer.isBuffer(answer.body) && (answer.body.equals(pictures.image.data) || answer.body.equals(narrations.held.mp3))).toBe(false);
        }
      }
    }
    // The picture of the page that was let through still comes.
    const child = await server.person('Second child');
    const invite = await server.callOverHttp<{ code: string }>('POST', `/api/families/${family.id}/invites`, { token: family.parent.token, body: { role: 'child-creator' } });
    await server.callOverHttp('POST', `/api/invites/${invite.body.code}/accept`, { token: child.token });
    expect((await server.callOverHttp('GET', `/api/families/${family.id}/assets/${pictures.shown.sha256}`, { token: child.token })).status).toBe(200);
    expect((await server.callOverHttp('GET', `/api/families/${family.id}/assets/${pictures.image.sha256}`, { token: child.token })).status).toBe(404);
    expect((await server.callOverHttp('GET', `/api/families/${family.id}/assets/${pictures.image.sha256}`, { token: family.parent.token })).status).toBe(200);
    // So does the narration of the page let through; the held page's is the parents' alone.
    expect((await server.callOverHttp('GET', `/api/families/${family.id}/assets/${narrations.shown.sha256}`, { token: child.token })).status).toBe(200);
    expect((await server.callOverHttp('GET', `/api/families/${family.id}/assets/${narrations.held.sha256}`, { token: child.token })).status).toBe(404);
    expect((await server.callOverHttp('GET', `/api/families/${family.id}/assets/${narrations.held.sha256}`, { token: family.parent.token })).body).toEqual(narrations.held.mp3);

    // The book's share link, for anyone: the held page is not in it, nor are its pictures.
    const page = await server.callOverHttp('GET', sharePath);
    expect(leaksOf(page.body.toString(), secrets)).toEqual([]);
    for (const sha256 of [pictures.image.sha256, pictures.thumbnail.sha256]) expect((await server.callOverHttp('GET', `${sharePath}/pictures/${sha256}`)).status).toBe(404);
    expect((await server.callOverHttp('GET', `${sharePath}/audio/${narrations.held.sha256}`)).status).toBe(404);
    expect((await server.callOverHttp('GET', `${sharePath}/audio/${narrations.shown.sha256}`)).status).toBe(200);
  });

  it('sends a child account the page and its narration once a parent lets it through, and keeps the older held picture back', async () => {
    const server = await testSyncServer();
    const { family, parent, ids, pictures, narrations, pull } = await familyWithAHeldPage(server);
    const before = await pull(family.child.token);

    const narrationAudio = () => server.callOverHttp('GET', `/api/families/${family.id}/assets/${narrations.held.sha256}`, { token: family.child.token });
    expect((await narrationAudio()).status).toBe(404);

    const approval = await server.callOverHttp<SyncResult>('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: { changes: [parent.change('pages', ids.held, 'generate_status', 'complete'), parent.change('pages', ids.held, 'held_reason', null), parent.change('page_versions', ids.snapshot, 'held', 0)] },
    });
    expect(approval.body.rejected).toEqual([]);

    const after = await pull(family.child.token, before.body.cursor);
    const got = (table: string, rowId: string) => Object.fromEntries(after.body.changes.filter((change) => change.table === table && change.rowId === rowId).map((change) => [change.column, change.value]));
    expect(got('pages', ids.held)).toMatchObject({
      generate_status: 'complete',
      text_content: 'The knight was covered in blood.',
      illustration_brief: 'a knight with a bloody sword',
      image_asset_sha256: pictures.image.sha256,
      print_asset_sha256: pictures.print.sha256,
      thumbnail_asset_sha256: pictures.thumbnail.sha256,
    });
    const { audio_asset_sha256, words_json, text_digest, duration_ms } = narrations.held.fields;
    expect(got('page_narrations', ids.held)).toEqual({ audio_asset_sha256, words_json, text_digest, duration_ms });
    expect(got('page_versions', ids.snapshot)).toMatchObject({ held: 0, text_content: 'The knight was covered in blood.', image_asset_sha256: pictures.image.sha256 });
    expect(JSON.stringify(after.body)).not.toContain(pictures.older.sha256);
    expect((await narrationAudio()).body).toEqual(narrations.held.mp3);
    // A device that had everything already applies the same fields again and changes nothing.
    expect((await pull(family.parent.token, approval.body.cursor)).body.changes.every((change) => change.table !== 'books')).toBe(true);
  });

  it('refuses a child’s change to a held page’s words, its narration or a held snapshot, but lets a deleted page be wiped', async () => {
    const server = await testSyncServer();
    const { family, ids } = await familyWithAHeldPage(server);
    const child = deviceClock();
    const tries = await server.callOverHttp<SyncResult>('POST', `/api/families/${family.id}/sync`, {
      token: family.child.token,
      body: {
        changes: [
          child.change('pages', ids.held, 'text_content', 'nothing to see'),
          child.change('pages', ids.held, 'image_asset_sha256', null),
          child.change('page_versions', ids.snapshot, 'held', 0),
          child.change('page_versions', ids.snapshot, 'text_content', ''),
          child.change('page_narrations', ids.held, 'audio_asset_sha256', null),
          child.change('page_narrations', ids.held, 'reader_name', 'Kofi'),
        ],
      },
    });
    expect(tries.body.rejected).toEqual([
      { index: 0, reason: 'only a parent may change a page held for a parent' },
      { index: 1, reason: 'only a parent may change a page held for a parent' },
      { index: 2, reason: 'only a parent may change what was held in a page’s history' },
      { index: 3, reason: 'only a parent may change what was held in a page’s history' },
      { index: 4, reason: 'only a parent may change the narration of a page held for a parent' },
      { index: 5, reason: 'only a parent may change the narration of a page held for a parent' },
    ]);
    // A book emptied from the trash wipes its pages on every device, the child's too.
    const purge = await server.callOverHttp<SyncResult>('POST', `/api/families/${family.id}/sync`, {
      token: family.child.token,
      body: { changes: [child.change('pages', ids.held, 'deleted', 1), child.change('pages', ids.held, 'text_content', ''), child.change('pages', ids.held, 'image_asset_sha256', null)] },
    });
    expect(purge.body.rejected).toEqual([]);
  });
});
