import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SyncStore } from '../db/database';
import { badRequest, notFound } from '../errors';
import { membershipOf } from '../families/family-access';
import { nowIso } from '../ids';
import { heldPages } from '../sync/held-pages';
import type { BlobStore } from './blob-store';
import { sendRanged } from './byte-ranges';
import { isMp3 } from '@storysprout/shared/mp3-frames';
import { AUDIO_TYPE, MAX_AUDIO_BYTES } from './narration-audio';
import { isPictureOf, isPictureType, MAX_PICTURE_BYTES, PICTURE_TYPES } from './picture-type';

/** 1000 SHA-256s as JSON come to 67 KB. */
const MISSING_BODY_BYTES = 128 * 1024;

/**
 * A family's files by SHA-256 (pictures, and pages' narrations): uploaded once, checked against
 * their hash and their type, read only by the family.
 */
export const blobRoutes: FastifyPluginAsyncZod<{ store: SyncStore; blobs: BlobStore }> = async (app, { store, blobs }) => {
  // Each type has its own limit, which the route (with no limit of its own) takes from its parser.
  app.addContentTypeParser(PICTURE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PICTURE_BYTES }, (_request, body, done) => done(null, body));
  app.addContentTypeParser(AUDIO_TYPE, { parseAs: 'buffer', bodyLimit: MAX_AUDIO_BYTES }, (_request, body, done) => done(null, body));
  const params = z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }), sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'sha256 is 64 hex digits' }) });

  app.put('/api/families/:id/assets/:sha256', { schema: { params, response: { 204: z.null() } } }, async (request, reply) => {
    const { familyId } = membershipOf(request);
    const mime = request.headers['content-type']?.split(';')[0]?.trim() ?? '';
    if (!(isPictureType(mime) || mime === AUDIO_TYPE) || !Buffer.isBuffer(request.body)) throw badRequest(`A picture is sent as ${PICTURE_TYPES.join(', ')}, a narration as ${AUDIO_TYPE}.`);
    const data = request.body;
    if (createHash('sha256').update(data).digest('hex') !== request.params.sha256) throw badRequest('The file’s bytes do not match its SHA-256.');
    if (mime === AUDIO_TYPE ? !isMp3(data) : !(await isPictureOf(data, mime))) throw badRequest(`Those bytes are not ${mime === AUDIO_TYPE ? 'MP3 audio' : 'a picture'} of type ${mime}, as the request says they are.`);
    await blobs.put(request.params.sha256, data, mime);
    await store.db
      .insertInto('blobs')
      .values({ family_id: familyId, sha256: request.params.sha256, bytes: data.length, mime, created_at: nowIso(), last_referenced_at: null })
      .onConflict((conflict) => conflict.columns(['family_id', 'sha256']).doNothing())
      .execute();
    return reply.code(204).send(null);
  });

  app.post(
    '/api/families/:id/assets/missing',
    {
      schema: {
        params: z.strictObject({ id: params.shape.id }),
        body: z.strictObject({ sha256s: z.array(params.shape.sha256).max(1000, { error: 'ask about at most 1000 pictures at once' }) }),
        response: { 200: z.object({ missing: z.array(z.string()) }) },
      },
      bodyLimit: MISSING_BODY_BYTES,
    },
    async (request) => {
      const { familyId } = membershipOf(request);
      const asked = [...new Set(request.body.sha256s)];
      const held = new Set<string>();
      for (let start = 0; start < asked.length; start += 500) {
        const rows = await store.db.selectFrom('blobs').select('sha256').where('family_id', '=', familyId).where('sha256', 'in', asked.slice(start, start + 500)).execute();
        for (const row of rows) held.add(row.sha256);
      }
      return { missing: asked.filter((sha256) => !held.has(sha256)) };
    },
  );

  // A device that lost its connection halfway through a file asks for the rest with a Range.
  app.get('/api/families/:id/assets/:sha256', { schema: { params } }, async (request, reply) => {
    const { familyId, role } = membershipOf(request);
    const blob = await store.db.selectFrom('blobs').select('mime').where('family_id', '=', familyId).where('sha256', '=', request.params.sha256).executeTakeFirst();
    // A picture or narration held for a parent is not there for a child, exactly as a file that is not there at all.
    const withheld = blob !== undefined && role !== 'parent-admin' && (await heldPages(store.db, familyId).isHeldFile(request.params.sha256));
    const data = blob && !withheld ? await blobs.get(request.params.sha256) : null;
    if (!blob || !data) throw notFound('That file');
    reply.type(blob.mime).header('cache-control', 'private, max-age=31536000, immutable');
    return sendRanged(reply, data, request.headers.range);
  });
};
