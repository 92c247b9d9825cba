import type { ServiceContext } from '../app/context';
import { isoNow } from '../store/clock';

/** Small preferences kept as JSON by key. */
export function createSettingsStore({ db, clock }: ServiceContext) {
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const row = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value_json) as T) : undefined;
    },
    async set(key: string, value: unknown): Promise<void> {
      const value_json = JSON.stringify(value);
      const updated_at = isoNow(clock);
      await db
        .insertInto('settings')
        .values({ key, value_json, updated_at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at }))
        .execute();
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
