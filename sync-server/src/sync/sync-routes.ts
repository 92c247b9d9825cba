import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SyncStore } from '../db/database';
import { membershipOf } from '../families/family-access';
import { syncFamily, type SyncResult } from './sync-service';

const change = z.strictObject({
  table: z.string().min(1).max(40),
  rowId: z.uuid({ error: 'rowId is not an id' }),
  column: z.string().min(1).max(60),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  hlc: z.string().max(64),
  deviceId: z.string().regex(/^[0-9a-f]{16}$/, { error: 'deviceId is 16 hex digits' }),
  seen: z.string().max(64).nullable().optional(),
});
const pulled = change.omit({ seen: true }).extend({ seq: z.number() });

/**
 * The most a batch needs: 5000 changes each carrying a field at its longest (5000 characters of a
 * page's words) come to 26 MB, and the desktop's own batch of 1000 in a script of three bytes a
 * character to 15 MB (measured in sync-routes.test.ts).
 */
export const SYNC_BODY_BYTES = 32 * 1024 * 1024;

/** The one sync call: push a batch of field changes, pull what happened since the cursor. */
export const syncRoutes: FastifyPluginAsyncZod<{ store: SyncStore; onSynced(familyId: string, result: SyncResult, sent: number): Promise<void> }> = async (app, { store, onSynced }) => {
  app.post(
    '/api/families/:id/sync',
    {
      schema: {
        params: z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }) }),
        body: z.strictObject({ cursor: z.number().int().min(0).default(0), changes: z.array(change).max(5000, { error: 'send at most 5000 changes at once' }).default([]) }),
        response: {
          200: z.object({
            accepted: z.number(),
            rejected: z.array(z.object({ index: z.number(), reason: z.string() })),
            changes: z.array(pulled),
            cursor: z.number(),
            more: z.boolean(),
          }),
        },
      },
      bodyLimit: SYNC_BODY_BYTES,
    },
    async (request) => {
      const { role } = membershipOf(request);
      const result = await syncFamily(store, { familyId: request.params.id, role, cursor: request.body.cursor, changes: request.body.changes });
      await onSynced(request.params.id, result, request.body.changes.length);
      return result;
    },
  );
};
