import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BlobStore } from '../blobs/blob-store';
import type { SyncStore } from '../db/database';
import { notFound } from '../errors';
import { membershipOf } from '../families/family-access';
import { hashSecret, newSecret, nowIso } from '../ids';
import type { PublicAddress } from '../public-address';
import { sendRanged } from '../blobs/byte-ranges';
import { AUDIO_TYPE } from '../blobs/narration-audio';
import { READ_ALONG_SCRIPT, READ_ALONG_SCRIPT_PATH } from './read-along-script';
import { isReadAloud, READ_ALONG_PAGE_CSP, READER_PAGE_CSP, readerPage } from './reader-page';
import { sharedBook } from './shared-book';

const bookParams = z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }), bookId: z.uuid({ error: 'the book id is not an id' }) });
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'not a share link' });

/**
 * Read-only links to one book: a parent makes one (it expires) or revokes them all; anyone with
 * the link sees that book's pages and pictures, hears its narrations, and nothing else of the family.
 */
export const sharingRoutes: FastifyPluginAsyncZod<{ store: SyncStore; blobs: BlobStore; address: PublicAddress }> = async (app, { store, blobs, address }) => {
  const { db } = store;

  app.post(
    '/api/families/:id/books/:bookId/share',
    {
      schema: {
        params: bookParams,
        body: z.strictObject({ expiresInDays: z.number().int().min(1).max(365).default(30) }),
        response: { 201: z.object({ url: z.string(), expiresAt: z.string() }) },
      },
      config: { familyRole: 'parent-admin' },
    },
    async (request, reply) => {
      if (!(await sharedBook(db, request.params.id, request.params.bookId))) throw notFound('That book');
      const secret = newSecret();
      const expiresAt = new Date(Date.now() + request.body.expiresInDays * 86_400_000).toISOString();
      await db
        .insertInto('book_shares')
        .values({ token_hash: hashSecret(secret), family_id: request.params.id, book_id: request.params.bookId, created_by: membershipOf(request).userId, created_at: nowIso(), expires_at: expiresAt, revoked_at: null })
        .execute();
      return reply.code(201).send({ url: `${address.base()}/s/${secret}`, expiresAt });
    },
  );

  // The links themselves cannot be shown again (only their hashes are kept): when they run out.
  app.get(
    '/api/families/:id/books/:bookId/share',
    { schema: { params: bookParams, response: { 200: z.object({ links: z.array(z.object({ createdAt: z.string(), expiresAt: z.string() })) }) } }, config: { familyRole: 'parent-admin' } },
    async (request) => {
      const links = await db
        .selectFrom('book_shares')
        .select(['created_at as createdAt', 'expires_at as expiresAt'])
        .where('family_id', '=', request.params.id)
        .where('book_id', '=', request.params.bookId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', nowIso())
        .orderBy('expires_at')
        .execute();
      return { links };
    },
  );

  app.delete('/api/families/:id/books/:bookId/share', { schema: { params: bookParams, response: { 204: z.null() } }, config: { familyRole: 'parent-admin' } }, async (request, reply) => {
    await db
      .updateTable('book_shares')
      .set({ revoked_at: nowIso() })
      .where('family_id', '=', request.params.id)
      .where('book_id', '=', request.params.bookId)
      .where('revoked_at', 'is', null)
      .execute();
    return reply.code(204).send(null);
  });

  async function liveShare(secret: string) {
    const share = await db
      .selectFrom('book_shares')
      .select(['family_id', 'book_id'])
      .where('token_hash', '=', hashSecret(secret))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso())
      .executeTakeFirst();
    const book = share ? await sharedBook(db, share.family_id, share.book_id) : null;
    return share && book ? { ...share, book } : null;
  }

  const notShared = `<!doctype html><html lang="en"><meta charset="utf-8"><title>StorySprout</title><p>This link does not open a book any more. Ask the family for a new one.</p></html>`;

  app.get('/s/:token', { schema: { params: z.strictObject({ token }), hide: true } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store').type('text/html; charset=utf-8');
    const share = await liveShare(request.params.token);
    if (!share) return reply.code(404).send(notShared);
    reply.header('content-security-policy', isReadAloud(share.book) ? READ_ALONG_PAGE_CSP : READER_PAGE_CSP);
    return readerPage(share.book, { picture: (sha256) => `/s/${request.params.token}/pictures/${sha256}`, audio: (sha256) => `/s/${request.params.token}/audio/${sha256}` });
  });

  // The same for every book, and nothing of any family: anyone may have it.
  app.get(READ_ALONG_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(READ_ALONG_SCRIPT),
  );

  app.get(
    '/s/:token/audio/:sha256',
    { schema: { params: z.strictObject({ token, sha256: z.string().regex(/^[0-9a-f]{64}$/) }), hide: true } },
    async (request, reply) => {
      const share = await liveShare(request.params.token);
      // Only the narrations this book's page plays to anyone: accepted, of the words as they are, of a page not held.
      if (!share || !share.book.pages.some((page) => page.narration?.audioSha256 === request.params.sha256)) throw notFound('That narration');
      const blob = await db.selectFrom('blobs').select('mime').where('family_id', '=', share.family_id).where('sha256', '=', request.params.sha256).executeTakeFirst();
      const data = blob?.mime === AUDIO_TYPE ? await blobs.get(request.params.sha256) : null;
      if (!data) throw notFound('That narration');
      reply.type(AUDIO_TYPE).header('cache-control', 'private, max-age=3600');
      return sendRanged(reply, data, request.headers.range);
    },
  );

  app.get(
    '/s/:token/pictures/:sha256',
    { schema: { params: z.strictObject({ token, sha256: z.string().regex(/^[0-9a-f]{64}$/) }), hide: true } },
    async (request, reply) => {
      const share = await liveShare(request.params.token);
      // Only the pictures of this book's pages, never another of the family's.
      if (!share || !share.book.pages.some((page) => page.pictureSha256 === request.params.sha256)) throw notFound('That picture');
      const blob = await db.selectFrom('blobs').select('mime').where('family_id', '=', share.family_id).where('sha256', '=', request.params.sha256).executeTakeFirst();
      const data = blob ? await blobs.get(request.params.sha256) : null;
      if (!blob || !data) throw notFound('That picture');
      return reply.type(blob.mime).header('cache-control', 'private, max-age=3600').send(data);
    },
  );
};
