import type { Kysely } from 'kysely';

/** Generations under way through the AI proxy, counted across every instance for the family limit. */
export function activeGenerations() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('active_generations')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (column) => column.notNull())
        .addColumn('started_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('active_generations_by_family').on('active_generations').column('family_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('active_generations').execute();
    },
  };
}
