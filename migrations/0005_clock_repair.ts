import { sql, type Kysely } from 'kysely';

/**
 * Before pulled stamps were checked to be real moments, a field could arrive stamped
 * "9999-99-99T99:99:99.999Z-…", which sorts above every real clock: this library would then keep
 * that value for good. Every known server stamp more than a day ahead is such a stamp; it is moved
 * back to 1970 (same device), so the field takes the next real value the server sends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const cutoff = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
  const epoch = sql`'1970-01-01T00:00:00.000Z-0000-' || substr(hlc, 31)`;
  await sql`update sync_fields set hlc = ${epoch} where hlc > ${cutoff}`.execute(db);
  await sql`update sync_waiting_pictures set hlc = ${epoch} where hlc > ${cutoff}`.execute(db);
}
