import type { Kysely } from 'kysely';

/** A sign-in under way is bound to the browser that started it: the hash of a cookie set there. */
export function oidcBrowserBinding() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('oidc_logins').addColumn('browser_hash', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('oidc_logins').dropColumn('browser_hash').execute();
    },
  };
}
