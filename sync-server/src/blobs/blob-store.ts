import fs from 'node:fs';
import path from 'node:path';

/**
 * Pictures by content on disk: one file per SHA-256, shared by every family that has it (which
 * family may read it is the database's business). Written to a temporary name and renamed, so a
 * file is either whole or absent.
 */
export function diskBlobStore(dir: string) {
  const fileOf = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256);
  return {
    async put(sha256: string, data: Buffer): Promise<void> {
      const file = fileOf(sha256);
      if (fs.existsSync(file)) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      await fs.promises.writeFile(partial, data);
      await fs.promises.rename(partial, file);
    },
    async get(sha256: string): Promise<Buffer | null> {
      return fs.promises.readFile(fileOf(sha256)).catch(() => null);
    },
  };
}

export type BlobStore = ReturnType<typeof diskBlobStore>;
