/**
 * `npm run sync-server`: the StorySprout sync server on HOST:PORT, its data under DATA_DIR (SQLite
 * and pictures) or in PostgreSQL when DATABASE_URL is set. Stops cleanly on SIGINT and SIGTERM,
 * finishing the requests in flight.
 */
import { readConfig } from './config';
import { openSyncStore } from './db/database';
import { buildSyncServer } from './server';

const config = readConfig();
const store = await openSyncStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const app = await buildSyncServer({ config, store });
await app.listen({ host: config.HOST, port: config.PORT });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'stopping');
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}
