import type { Migration } from 'kysely';
import * as familyLibrary from './0001_family_library';
import * as generation from './0002_generation';
import * as sync from './0003_sync';
import * as heldSnapshots from './0004_held_snapshots';
import * as clockRepair from './0005_clock_repair';
import * as bookBlurb from './0006_book_blurb';
import * as bookCast from './0007_book_cast';
import * as seenStamps from './0008_seen_stamps';
import * as pageNarrations from './0009_page_narrations';
import * as narrationSync from './0010_narration_sync';

/**
 * Every migration, imported statically: a bundled app has no migrations folder to read at run time.
 * Names sort in the order they run; never rename or reorder one that has shipped.
 */
export const storeMigrations: Record<string, Migration> = {
  '0001_family_library': familyLibrary,
  '0002_generation': generation,
  '0003_sync': sync,
  '0004_held_snapshots': heldSnapshots,
  '0005_clock_repair': clockRepair,
  '0006_book_blurb': bookBlurb,
  '0007_book_cast': bookCast,
  '0008_seen_stamps': seenStamps,
  '0009_page_narrations': pageNarrations,
  '0010_narration_sync': narrationSync,
};
