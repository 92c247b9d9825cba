import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AssetRow, StoreSchema } from '../store/schema';
import { isoNow, type Clock } from '../store/clock';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredAsset {
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

/**
 * Pictures live on disk under the data folder, named by the sha256 of their bytes: the same
 * picture is stored once, a name can be checked against its content, and sync can move files by hash.
 */
export function createAssetStore({ db, clock, dir }: { db: Kysely<StoreSchema>; clock: Clock; dir: string }) {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });

  /** The file for a hash; anything that is not a plain sha256 is refused, so no name can walk out of the folder. */
  function pathFor(sha256: string): string | null {
    if (!SHA256_HEX.test(sha256)) return null;
    const file = path.resolve(root, sha256.slice(0, 2), sha256);
    return file.startsWith(root + path.sep) ? file : null;
  }

  return {
    dir: root,
    pathFor,

    async put(data: Buffer, meta: { mime: string; width: number; height: number }): Promise<StoredAsset> {
      const sha256 = createHash('sha256').update(data).digest('hex');
      const file = pathFor(sha256)!;
      if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Write then rename, so a crash never leaves a half-written file under a valid name.
        const partial = `${file}.${randomUUID()}.partial`;
        await fs.promises.writeFile(partial, data);
        await fs.promises.rename(partial, file);
      }
      const asset: StoredAsset = { sha256, bytes: data.length, mime: meta.mime, width: meta.width, height: meta.height };
      await db
        .insertInto('assets')
        .values({ ...asset, created_at: isoNow(clock) })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return asset;
    },

    /**
     * Takes in a file that another process of the app wrote into this folder and hashed (a print
     * copy the PDF writer made), by renaming it: its bytes never pass through this process.
     */
    async adopt(file: string, asset: StoredAsset): Promise<StoredAsset & { file: string }> {
      const target = pathFor(asset.sha256);
      if (!target) throw new Error(`${asset.sha256} does not name a picture.`);
      if (fs.existsSync(target)) {
        await fs.promises.rm(file, { force: true });
      } else {
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await fs.promises.rename(file, target);
      }
      await db
        .insertInto('assets')
        .values({ ...asset, created_at: isoNow(clock) })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return { ...asset, file: target };
    },

    async find(sha256: string): Promise<(AssetRow & { file: string }) | null> {
      const file = pathFor(sha256);
      if (!file) return null;
      const row = await db.selectFrom('assets').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      if (!row || !fs.existsSync(file)) return null;
      return { ...row, file };
    },
  };
}

export type AssetStore = ReturnType<typeof createAssetStore>;
