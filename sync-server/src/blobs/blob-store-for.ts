import path from 'node:path';
import type { SyncServerConfig } from '../config';
import { diskBlobStore, s3BlobStore, type BlobStore } from './blob-store';

/** S3 when a bucket is configured, the data folder otherwise. */
export function blobStoreFor(config: SyncServerConfig): BlobStore {
  if (!config.S3_BUCKET) return diskBlobStore(path.join(config.DATA_DIR, 'blobs'));
  return s3BlobStore({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
  });
}
