import type { PageView, PageVersionView } from '../../src-preload/contract';
import { readCastIds } from '../characters/book-cast';
import type { PageRow, PageVersionRow } from '../store/schema';

export const toPageView = (row: PageRow): PageView => ({
  id: row.id,
  orderIndex: row.order_index,
  text: row.text_content,
  illustrationBrief: row.illustration_brief,
  imageAssetSha256: row.image_asset_sha256,
  generateStatus: row.generate_status,
  seedValue: row.seed_value,
  heldReason: row.held_reason,
  printAssetSha256: row.print_asset_sha256,
  thumbnailAssetSha256: row.thumbnail_asset_sha256,
  updatedAt: row.updated_at,
  cast: readCastIds(row.cast_json),
  consistencyNote: row.consistency_note,
});

export const toPageVersionView = (row: PageVersionRow): PageVersionView => ({
  id: row.id,
  pageId: row.page_id,
  versionNumber: row.version_number,
  text: row.text_content,
  imageAssetSha256: row.image_asset_sha256,
  reason: row.reason,
  createdAt: row.created_at,
});
