import { sql, type Kysely } from 'kysely';

/** A stamp that loses to every real one: 1970, the same device. */
const EPOCH = '1970-01-01T00:00:00.000Z-0000-';

/**
 * Before stamps were checked to be real moments, one such as "9999-99-99T99:99:99.999Z-…" was
 * taken, and it sorts above every real clock, so its field could never be changed again. Every
 * stored stamp more than a day ahead is such a stamp (real ones more than five minutes ahead were
 * always refused): it is moved back to 1970, so the next real edit of its field wins. Malformed
 * stamps that sort below today already lose to every edit.
 */
export function clockRepair() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const cutoff = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
      await sql`update sync_fields set hlc = ${EPOCH} || device_id where hlc > ${cutoff}`.execute(db);
    },
    async down(): Promise<void> {
      // The stamps it replaced named no real moment; there is nothing to go back to.
    },
  };
}
