import type { Kysely } from 'kysely';

/**
 * Signups waiting for the code mailed to their address: one per address, the newest. The code is
 * kept only as its hash; the name and password hash become the account once the code comes back.
 */
export function pendingSignups() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('pending_signups')
        .addColumn('email', 'text', (column) => column.primaryKey())
        .addColumn('full_name', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('code_hash', 'text', (column) => column.notNull())
        .addColumn('tries', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('pending_signups_by_expiry').on('pending_signups').column('expires_at').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('pending_signups').execute();
    },
  };
}
