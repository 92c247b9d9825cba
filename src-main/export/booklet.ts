import type { TrimSize } from './print-geometry';

export const BOOKLET_PAPERS = ['letter', 'a4'] as const;
export type BookletPaper = (typeof BOOKLET_PAPERS)[number];

/** The sheet, lying on its side, and the page size it folds into: half of it. */
export const BOOKLET_SHEETS: Record<BookletPaper, { sheet: TrimSize; page: TrimSize }> = {
  letter: { sheet: { width: 11, height: 8.5 }, page: { width: 5.5, height: 8.5 } },
  a4: { sheet: { width: 11.69, height: 8.27 }, page: { width: 5.845, height: 8.27 } },
};

/** One side of a printed sheet: the page numbers (from 1) on its left and right halves. */
export interface SheetSide {
  left: number;
  right: number;
}

/** Pages a booklet needs: folded sheets hold four pages each. */
export const bookletPageCount = (pages: number) => Math.ceil(pages / 4) * 4;

/**
 * Saddle-stitch order: printed on both sides (flipped on the short edge), stacked, folded in half
 * and stapled, the sheets read 1, 2, 3… The outermost sheet carries the first and last pages.
 */
export function saddleStitchOrder(pageCount: number): SheetSide[] {
  if (pageCount % 4 !== 0) throw new Error(`a booklet has a multiple of 4 pages, not ${pageCount}`);
  const sides: SheetSide[] = [];
  for (let sheet = 0; sheet < pageCount / 4; sheet++) {
    sides.push({ left: pageCount - 2 * sheet, right: 2 * sheet + 1 });
    sides.push({ left: 2 * sheet + 2, right: pageCount - 2 * sheet - 1 });
  }
  return sides;
}
