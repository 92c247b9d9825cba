import type { Kysely } from 'kysely';

/**
 * The server looks fields up by family and row id on every push (the fields a change meets, and
 * whether a displaced words' version exists already). The primary key puts the table name before
 * the row id, so without this index both engines read the whole family: 2 ms for a family of a
 * few hundred fields, 40–60 ms for one of 200k, the one SQLite connection held meanwhile.
 */
export function fieldLookups() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('sync_fields_by_row').on('sync_fields').columns(['family_id', 'row_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('sync_fields_by_row').execute();
    },
  };
}
