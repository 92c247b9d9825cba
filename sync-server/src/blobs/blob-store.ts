import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Pictures by content, shared by every family that has the same one; which family may read one is the database's business. */
export interface BlobStore {
  put(sha256: string, data: Buffer, mime: string): Promise<void>;
  get(sha256: string): Promise<Buffer | null>;
  remove(sha256: string): Promise<void>;
}

/** On disk: written to a temporary name and renamed, so a file is whole or absent. */
export function diskBlobStore(dir: string): BlobStore {
  const fileOf = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256);
  return {
    async put(sha256, data) {
      const file = fileOf(sha256);
      if (fs.existsSync(file)) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      await fs.promises.writeFile(partial, data);
      await fs.promises.rename(partial, file);
    },
    get: (sha256) => fs.promises.readFile(fileOf(sha256)).catch(() => null),
    remove: (sha256) => fs.promises.rm(fileOf(sha256), { force: true }),
  };
}

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** MinIO and s3rver want bucket names in the path; AWS and Spaces take either. */
  forcePathStyle?: boolean;
}

/** In S3-compatible storage (AWS, DigitalOcean Spaces, MinIO), one object per SHA-256 under `blobs/`. */
export function s3BlobStore(settings: S3Settings): BlobStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey && { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }),
  });
  const key = (sha256: string) => `blobs/${sha256.slice(0, 2)}/${sha256}`;
  const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound || (error as { name?: string }).name === 'NotFound';
  return {
    async put(sha256, data, mime) {
      const exists = await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: key(sha256) })).then(
        () => true,
        (error: unknown) => {
          if (missing(error)) return false;
          throw error;
        },
      );
      if (!exists) await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: key(sha256), Body: data, ContentType: mime }));
    },
    async get(sha256) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key(sha256) }));
        return Buffer.from(await object.Body!.transformToByteArray());
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async remove(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key(sha256) }));
    },
  };
}
