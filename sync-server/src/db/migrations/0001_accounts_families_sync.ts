import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/** Accounts, families and the synced fields; the dialect picks the few types that differ. */
export function accountsFamiliesSync(dialect: Dialect) {
  // Sequence numbers outgrow 32 bits on a busy PostgreSQL; SQLite's integer is already 64-bit.
  const counter = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('email', 'text', (column) => column.notNull().unique())
        .addColumn('full_name', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('families')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('sync_seq', counter, (column) => column.notNull().defaultTo(0))
        .addColumn('moderation_json', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('joined_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['family_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_by_user').on('memberships').column('user_id').execute();
      await db.schema
        .createTable('invites')
        .addColumn('code_hash', 'text', (column) => column.primaryKey())
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('accepted_by', 'text')
        .execute();
      await db.schema
        .createTable('sync_fields')
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('table_name', 'text', (column) => column.notNull())
        .addColumn('row_id', 'text', (column) => column.notNull())
        .addColumn('column_name', 'text', (column) => column.notNull())
        .addColumn('value_json', 'text', (column) => column.notNull())
        .addColumn('hlc', 'text', (column) => column.notNull())
        .addColumn('device_id', 'text', (column) => column.notNull())
        .addColumn('seq', counter, (column) => column.notNull())
        .addPrimaryKeyConstraint('sync_fields_pk', ['family_id', 'table_name', 'row_id', 'column_name'])
        .execute();
      await db.schema.createIndex('sync_fields_by_seq').on('sync_fields').columns(['family_id', 'seq']).execute();
      await db.schema
        .createTable('blobs')
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('sha256', 'text', (column) => column.notNull())
        .addColumn('bytes', counter, (column) => column.notNull())
        .addColumn('mime', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('blobs_pk', ['family_id', 'sha256'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['blobs', 'sync_fields', 'invites', 'memberships', 'families', 'sessions', 'users']) await db.schema.dropTable(table).execute();
    },
  };
}
