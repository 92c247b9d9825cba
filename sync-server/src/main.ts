/**
 * `npm run sync-server`: the StorySprout sync server on HOST:PORT, its data under DATA_DIR (SQLite
 * and pictures) or in PostgreSQL when DATABASE_URL is set. Stops cleanly on SIGINT and SIGTERM,
 * finishing the requests in flight.
 */
import { readConfig } from './config';
import { errorReporting } from './ops/error-reporting';
import { openSyncStore } from './db/database';
import { sweepUnreferencedBlobs } from './blobs/blob-lifecycle';
import { blobStoreFor } from './blobs/blob-store-for';
import { buildSyncServer } from './server';
import { sweepHistory } from './sync/history-retention';

const config = readConfig();
const errors = await errorReporting(config.SENTRY_DSN);
const store = await openSyncStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const blobs = blobStoreFor(config);
const app = await buildSyncServer({ config, store, blobs, errors });
await app.listen({ host: config.HOST, port: config.PORT });

// Daily, and once shortly after start: page versions past the retention rule and the fields of rows
// deleted long ago go, then pictures nothing has used for 90 days (those versions' among them, in time).
const sweep = async () => {
  try {
    app.log.info(await sweepHistory(store, { olderVersionsKept: config.PAGE_VERSIONS_OLDER_KEPT }), 'swept page histories and deleted rows');
  } catch (error) {
    app.log.error({ err: error }, 'sweeping page histories failed');
  }
  try {
    app.log.info(await sweepUnreferencedBlobs(store, blobs), 'swept unreferenced pictures');
  } catch (error) {
    app.log.error({ err: error }, 'sweeping unreferenced pictures failed');
  }
};
setTimeout(() => void sweep(), 60_000).unref();
setInterval(() => void sweep(), 24 * 60 * 60 * 1000).unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'stopping');
    void app
      .close()
      .then(() => store.close())
      .then(() => errors.flush())
      .then(() => process.exit(0));
  });
}
