import type { Kysely } from 'kysely';
import type { CastMemberView } from '../../src-preload/contract';
import type { StoreSchema } from '../store/schema';

/** The book's cast as the window shows it, with whether a portrait is being drawn for each. */
export async function castOf(db: Kysely<StoreSchema>, bookId: string): Promise<CastMemberView[]> {
  const [cast, drawing] = await Promise.all([
    db.selectFrom('book_cast').selectAll().where('book_id', '=', bookId).where('deleted', '=', 0).orderBy('order_index').execute(),
    db.selectFrom('jobs').select('payload_json').where('book_id', '=', bookId).where('kind', 'like', 'portrait:%').where('status', 'in', ['queued', 'running']).execute(),
  ]);
  const drawn = new Set(drawing.map((job) => (JSON.parse(job.payload_json) as { castId: string }).castId));
  return cast.map((member) => ({
    id: member.id,
    name: member.name,
    look: member.look,
    characterId: member.character_id,
    portraitAssetSha256: member.portrait_asset_sha256,
    portraitProblem: member.portrait_problem,
    drawing: drawn.has(member.id),
  }));
}

/** A page's cast ids; a damaged value (a device's bug) reads as nobody rather than stopping the page. */
export function readCastIds(castJson: string): string[] {
  try {
    const parsed: unknown = JSON.parse(castJson);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
