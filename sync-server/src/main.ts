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

const config = readConfig();
const errors = errorReporting(config.SENTRY_DSN);
const store = await openSyncStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
const blobs = blobStoreFor(config);
const app = await buildSyncServer({ config, store, blobs, errors });
await app.listen({ host: config.HOST, port: config.PORT });

// Daily, and once shortly after start: pictures nothing has used for 90 days go.
const sweep = () =>
  sweepUnreferencedBlobs(store, blobs).then(
    (result) => app.log.info(result, 'swept unreferenced pictures'),
    (error: unknown) => app.log.error({ err: error }, 'sweeping unreferenced pictures failed'),
  );
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
