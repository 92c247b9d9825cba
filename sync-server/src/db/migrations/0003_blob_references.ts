import type { Kysely } from 'kysely';

/** When each family's picture was last seen referenced, for removing pictures nothing uses any more. */
export function blobReferences() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('blobs').addColumn('last_referenced_at', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('blobs').dropColumn('last_referenced_at').execute();
    },
  };
}
