import type { Kysely } from 'kysely';

/** Sign-in with Google and Apple: which account each provider's user is, and logins under way. */
export function openIdConnect() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('identities')
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('identities_pk', ['provider', 'subject'])
        .execute();
      await db.schema
        .createTable('oidc_logins')
        .addColumn('state', 'text', (column) => column.primaryKey())
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('code_verifier', 'text', (column) => column.notNull())
        .addColumn('nonce', 'text', (column) => column.notNull())
        .addColumn('return_to', 'text')
        .addColumn('app_state', 'text')
        .addColumn('app_challenge', 'text')
        .addColumn('handoff_hash', 'text')
        .addColumn('user_id', 'text')
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('oidc_logins_by_handoff').on('oidc_logins').column('handoff_hash').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('oidc_logins').execute();
      await db.schema.dropTable('identities').execute();
    },
  };
}
