import type { Kysely } from 'kysely';
import type { StoreSchema } from '../store/schema';
import type { Clock } from '../store/clock';

/** What every domain service is built from: the store and the time. */
export interface ServiceContext {
  db: Kysely<StoreSchema>;
  clock: Clock;
}
