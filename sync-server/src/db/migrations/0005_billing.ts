import type { Kysely } from 'kysely';
import type { Dialect } from '../database';

/** Subscriptions as in the seed, the Stripe events already handled, and usage per month. */
export function billing(dialect: Dialect) {
  // Unix seconds outgrow PostgreSQL's 32-bit integer in 2038.
  const seconds = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('subscriptions')
        .addColumn('family_id', 'text', (column) => column.primaryKey().references('families.id').onDelete('cascade'))
        .addColumn('stripe_customer_id', 'text', (column) => column.notNull().unique())
        .addColumn('stripe_subscription_id', 'text')
        .addColumn('plan_name', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('next_billing_date', 'text')
        /** When Stripe made the event this row was last set from: an older one arriving late does not win. */
        .addColumn('state_as_of', seconds, (column) => column.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('stripe_events')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('received_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('usage')
        .addColumn('family_id', 'text', (column) => column.notNull().references('families.id').onDelete('cascade'))
        .addColumn('period', 'text', (column) => column.notNull())
        .addColumn('books', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('pictures', 'integer', (column) => column.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('usage_pk', ['family_id', 'period'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['usage', 'stripe_events', 'subscriptions']) await db.schema.dropTable(table).execute();
    },
  };
}
