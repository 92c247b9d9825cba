import type { Migration } from 'kysely';
import type { Dialect } from '../database';
import { accountsFamiliesSync } from './0001_accounts_families_sync';
import { bookShares } from './0002_book_shares';
import { blobReferences } from './0003_blob_references';
import { openIdConnect } from './0004_oidc';
import { billing } from './0005_billing';
import { activeGenerations } from './0006_active_generations';
import { clockRepair } from './0007_clock_repair';
import { oidcBrowserBinding } from './0008_oidc_browser_binding';
import { oidcLink } from './0009_oidc_link';
import { pendingSignups } from './0010_pending_signups';
import { fieldLookups } from './0011_field_lookups';
import { referenceLookups } from './0012_reference_lookups';
import { narrationAudioLookups } from './0013_narration_audio_lookups';

/**
 * Every migration, imported statically (bundlers and tests see them all) and given the dialect,
 * so one set serves SQLite and PostgreSQL — as atproto's PDS does.
 */
export const syncMigrations = (dialect: Dialect): Record<string, Migration> => ({
  '0001_accounts_families_sync': accountsFamiliesSync(dialect),
  '0002_book_shares': bookShares(),
  '0003_blob_references': blobReferences(),
  '0004_oidc': openIdConnect(),
  '0005_billing': billing(dialect),
  '0006_active_generations': activeGenerations(),
  '0007_clock_repair': clockRepair(),
  '0008_oidc_browser_binding': oidcBrowserBinding(),
  '0009_oidc_link': oidcLink(),
  '0010_pending_signups': pendingSignups(),
  '0011_field_lookups': fieldLookups(),
  '0012_reference_lookups': referenceLookups(),
  '0013_narration_audio_lookups': narrationAudioLookups(),
});
