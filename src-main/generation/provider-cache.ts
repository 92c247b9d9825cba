import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AssetStore } from '../assets/asset-store';
import { isoNow, type Clock } from '../store/clock';
import type { StoreSchema } from '../store/schema';
import type { Picture, SpokenAudio } from './providers/provider-types';

/**
 * Answers already paid for. An identical request (same provider, model, prompt, seed; for a
 * narration, the words, voice and pace) is answered from here; a picture or a narration is written here the moment it arrives, before anything else can
 * fail, so a crash after a paid call never pays for it again. Work that is only slow is kept here
 * the same way: the print copies of pictures, by picture and size.
 */
export function createProviderCache({ db, clock, assets }: { db: Kysely<StoreSchema>; clock: Clock; assets: AssetStore }) {
  const keyOf = (kind: string, request: unknown) => createHash('sha256').update(JSON.stringify([kind, request])).digest('hex');

  /** The stored picture or narration that answers `key`, without reading it; null when none does (or its file is gone). */
  async function storedAsset(key: string) {
    const row = await db.selectFrom('provider_cache').select('asset_sha256').where('request_key', '=', key).executeTakeFirst();
    return row?.asset_sha256 ? assets.find(row.asset_sha256) : null;
  }

  /** Records a picture or narration already in the asset store as the answer to `key`. */
  async function rememberAsset(key: string, kind: string, sha256: string): Promise<void> {
    await db
      .insertInto('provider_cache')
      .values({ request_key: key, kind, result_json: null, asset_sha256: sha256, created_at: isoNow(clock) })
      .onConflict((oc) => oc.column('request_key').doUpdateSet({ asset_sha256: sha256 }))
      .execute();
  }

  return {
    keyOf,

    async text<T>(key: string): Promise<T | undefined> {
      const row = await db.selectFrom('provider_cache').select('result_json').where('request_key', '=', key).executeTakeFirst();
      return row?.result_json ? (JSON.parse(row.result_json) as T) : undefined;
    },

    async putText(key: string, kind: string, value: unknown): Promise<void> {
      await db
        .insertInto('provider_cache')
        .values({ request_key: key, kind, result_json: JSON.stringify(value), asset_sha256: null, created_at: isoNow(clock) })
        .onConflict((oc) => oc.column('request_key').doNothing())
        .execute();
    },

    storedAsset,

    async picture(key: string): Promise<(Picture & { sha256: string }) | undefined> {
      const asset = await storedAsset(key);
      if (!asset) return undefined;
      return { data: await readFile(asset.file), mime: asset.mime, sha256: asset.sha256 };
    },

    async putPicture(key: string, kind: string, picture: Picture, size: { width: number; height: number }): Promise<string> {
      const stored = await assets.put(picture.data, { mime: picture.mime, ...size });
      await rememberAsset(key, kind, stored.sha256);
      return stored.sha256;
    },

    rememberAsset,

    /** A page's narration already paid for, as it is kept: an MP3 in the asset store. */
    async audio(key: string): Promise<(SpokenAudio & { sha256: string }) | undefined> {
      const asset = await storedAsset(key);
      if (!asset || asset.mime !== 'audio/mpeg') return undefined;
      return { data: await readFile(asset.file), mime: 'audio/mpeg', sha256: asset.sha256 };
    },

    async putAudio(key: string, kind: string, audio: SpokenAudio): Promise<string> {
      const stored = await assets.put(audio.data, { mime: audio.mime, width: 0, height: 0 });
      await rememberAsset(key, kind, stored.sha256);
      return stored.sha256;
    },
  };
}

export type ProviderCache = ReturnType<typeof createProviderCache>;
