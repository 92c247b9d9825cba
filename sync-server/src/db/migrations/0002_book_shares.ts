import type { Kysely } from 'kysely';

/** Read-only links to one book, for grandparents; only the token's hash is kept. */
export function bookShares() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('book_shares')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('book_id', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('book_shares_by_book').on('book_shares').columns(['family_id', 'book_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('book_shares').execute();
    },
  };
}
