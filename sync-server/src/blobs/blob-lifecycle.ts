import type { SyncStore } from '../db/database';
import type { BlobStore } from './blob-store';

/** The seed's rule: a picture nothing has referenced for 90 days is removed. */
export const UNREFERENCED_DAYS = 90;

/**
 * Marks every family's pictures that a synced field points at as referenced now, forgets a
 * family's pictures unreferenced for UNREFERENCED_DAYS, and removes a stored picture once no
 * family has it. Run daily by the server; safe to run on several instances at once.
 */
export async function sweepUnreferencedBlobs(store: SyncStore, blobs: BlobStore, now = new Date()): Promise<{ forgotten: number; removed: number }> {
  const { db } = store;
  const referenced = await db
    .selectFrom('sync_fields')
    .select(['family_id', 'value_json'])
    .where('column_name', 'like', '%asset_sha256')
    .where('value_json', '!=', 'null')
    .execute();
  const stamp = now.toISOString();
  const byFamily = new Map<string, string[]>();
  for (const field of referenced) byFamily.set(field.family_id, [...(byFamily.get(field.family_id) ?? []), JSON.parse(field.value_json) as string]);
  for (const [familyId, shas] of byFamily) {
    for (let start = 0; start < shas.length; start += 500) {
      await db.updateTable('blobs').set({ last_referenced_at: stamp }).where('family_id', '=', familyId).where('sha256', 'in', shas.slice(start, start + 500)).execute();
    }
  }

  const cutoff = new Date(now.getTime() - UNREFERENCED_DAYS * 86_400_000).toISOString();
  const stale = await db
    .selectFrom('blobs')
    .select(['family_id', 'sha256'])
    .where((where) => where.or([where('last_referenced_at', '<', cutoff), where.and([where('last_referenced_at', 'is', null), where('created_at', '<', cutoff)])]))
    .execute();
  let removed = 0;
  for (const blob of stale) {
    await db.deleteFrom('blobs').where('family_id', '=', blob.family_id).where('sha256', '=', blob.sha256).execute();
    const stillHeld = await db.selectFrom('blobs').select('family_id').where('sha256', '=', blob.sha256).executeTakeFirst();
    if (!stillHeld) {
      await blobs.remove(blob.sha256);
      removed += 1;
    }
  }
  return { forgotten: stale.length, removed };
}
