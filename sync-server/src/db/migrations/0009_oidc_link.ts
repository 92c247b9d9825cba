import type { Kysely } from 'kysely';

/** A provider's user waiting to be added to an account with a password, once that password is given. */
export function oidcLink() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('oidc_logins').addColumn('link_subject', 'text').execute();
      await db.schema.alterTable('oidc_logins').addColumn('link_hash', 'text').execute();
      await db.schema.createIndex('oidc_logins_by_link').on('oidc_logins').column('link_hash').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('oidc_logins_by_link').execute();
      await db.schema.alterTable('oidc_logins').dropColumn('link_hash').execute();
      await db.schema.alterTable('oidc_logins').dropColumn('link_subject').execute();
    },
  };
}
