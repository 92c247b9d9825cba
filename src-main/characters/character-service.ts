import { readFile } from 'node:fs/promises';
import type { CharacterView } from '../../src-preload/contract';
import type { ServiceContext } from '../app/context';
import type { AssetStore } from '../assets/asset-store';
import { NotFoundError } from '../errors';
import { isoNow } from '../store/clock';
import { newId } from '../store/ids';
import type { CharacterRow } from '../store/schema';
import { prepareReferencePicture } from './reference-picture';
import { readTraits, traitsFromLook } from './traits';

export function createCharacterService({ db, clock, assets }: ServiceContext & { assets: AssetStore }) {
  /** Checks the picture before anything is written, so a bad file leaves no half-made character. */
  async function storeReferencePicture(upload: Buffer): Promise<{ styleRef: string; thumbnail: string }> {
    const prepared = await prepareReferencePicture(upload);
    const styleRef = await assets.put(prepared.picture.data, prepared.picture);
    const thumbnail = await assets.put(prepared.thumbnail.data, prepared.thumbnail);
    return { styleRef: styleRef.sha256, thumbnail: thumbnail.sha256 };
  }

  async function findCharacter(familyId: string, characterId: string): Promise<CharacterRow> {
    const row = await db
      .selectFrom('characters')
      .selectAll()
      .where('id', '=', characterId)
      .where('family_id', '=', familyId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('That character');
    return row;
  }

  return {
    async list(familyId: string): Promise<CharacterView[]> {
      const rows = await db
        .selectFrom('characters')
        .selectAll()
        .where('family_id', '=', familyId)
        .where('deleted', '=', 0)
        .orderBy('name')
        .execute();
      return rows.map(toCharacterView);
    },

    async create(input: { familyId: string; name: string; traits: string[]; picture?: Buffer }): Promise<CharacterView> {
      const pictures = input.picture ? await storeReferencePicture(input.picture) : null;
      const id = newId();
      const now = isoNow(clock);
      await db
        .insertInto('characters')
        .values({
          id,
          family_id: input.familyId,
          name: input.name,
          traits_json: JSON.stringify(input.traits),
          style_ref_asset_sha256: pictures?.styleRef ?? null,
          thumbnail_asset_sha256: pictures?.thumbnail ?? null,
          embedding_vector: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return toCharacterView(await findCharacter(input.familyId, id));
    },

    /**
     * A book's cast member kept for other books: its look becomes its traits (the phrases between
     * commas, as traits are kept), its portrait its reference picture.
     */
    async saveFromPortrait(input: { familyId: string; name: string; look: string; portraitSha256: string | null }): Promise<CharacterView> {
      const portrait = input.portraitSha256 ? await assets.find(input.portraitSha256) : null;
      return this.create({ familyId: input.familyId, name: input.name, traits: traitsFromLook(input.look), picture: portrait ? await readFile(portrait.file) : undefined });
    },

    /** Changes what is given; a new picture replaces the reference picture and its thumbnail. */
    async update(input: { familyId: string; characterId: string; name?: string; traits?: string[]; picture?: Buffer }): Promise<CharacterView> {
      await findCharacter(input.familyId, input.characterId);
      const pictures = input.picture ? await storeReferencePicture(input.picture) : null;
      await db
        .updateTable('characters')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.traits !== undefined && { traits_json: JSON.stringify(input.traits) }),
          ...(pictures && { style_ref_asset_sha256: pictures.styleRef, thumbnail_asset_sha256: pictures.thumbnail }),
          updated_at: isoNow(clock),
        })
        .where('id', '=', input.characterId)
        .execute();
      return toCharacterView(await findCharacter(input.familyId, input.characterId));
    },

    async remove(familyId: string, characterId: string): Promise<void> {
      await findCharacter(familyId, characterId);
      await db
        .updateTable('characters')
        .set({ deleted: 1, updated_at: isoNow(clock) })
        .where('id', '=', characterId)
        .execute();
    },
  };
}

export type CharacterService = ReturnType<typeof createCharacterService>;

function toCharacterView(row: CharacterRow): CharacterView {
  const traits = readTraits(row.traits_json);
  return {
    id: row.id,
    name: row.name,
    traits: traits ?? [],
    damaged: traits === null,
    styleRefAssetSha256: row.style_ref_asset_sha256,
    thumbnailAssetSha256: row.thumbnail_asset_sha256,
    updatedAt: row.updated_at,
  };
}
