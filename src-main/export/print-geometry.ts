import type { BLEED_NAMES, TRIM_NAMES } from '../../src-preload/contract';

/**
 * Sizes of a printed book, in PDF points (1/72 in). The page a PDF carries is the trim size plus
 * bleed: what the printer cuts away so pictures run to the edge.
 */
export const POINTS_PER_INCH = 72;
export const PRINT_DPI = 300;
export const BLEED_INCHES = 0.125;
export const SAFE_MARGIN_INCHES = 0.5;

export type TrimName = (typeof TRIM_NAMES)[number];
/**
 * none: a home printer; lulu: 0.125 in on every side (IngramSpark too); kdp: 0.125 in on top,
 * bottom and the outside edge only, so the inside edge of each page has none.
 */
export type BleedName = (typeof BLEED_NAMES)[number];

export const TRIMS: Record<TrimName, { width: number; height: number }> = {
  '8.5x8.5': { width: 8.5, height: 8.5 },
  '8x10': { width: 8, height: 10 },
  '8.25x8.25': { width: 8.25, height: 8.25 },
  '7x10': { width: 7, height: 10 },
  '8.25x11': { width: 8.25, height: 11 },
  a4: { width: 8.27, height: 11.69 },
  letter: { width: 8.5, height: 11 },
};

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageGeometry {
  /** The whole PDF page (MediaBox and BleedBox). */
  media: { width: number; height: number };
  /** Where the printer cuts, inside the media box; y counts from the top. */
  trim: Box;
  /** Where text must stay: 0.5 in inside the trim. */
  safe: Box;
}

/**
 * The geometry of page `index` (0 for the cover, which is a right-hand page). Pages alternate
 * right and left; with KDP bleed, the bleed sits on the outside edge: right on a right-hand page.
 */
export function pageGeometry(trimName: TrimName, bleed: BleedName, index: number): PageGeometry {
  const trim = TRIMS[trimName];
  const b = BLEED_INCHES * POINTS_PER_INCH;
  const trimW = trim.width * POINTS_PER_INCH;
  const trimH = trim.height * POINTS_PER_INCH;
  const rightHand = index % 2 === 0;
  const left = bleed === 'lulu' ? b : bleed === 'kdp' ? (rightHand ? 0 : b) : 0;
  const right = bleed === 'lulu' ? b : bleed === 'kdp' ? (rightHand ? b : 0) : 0;
  const vertical = bleed === 'none' ? 0 : b;
  const margin = SAFE_MARGIN_INCHES * POINTS_PER_INCH;
  const trimBox = { x: left, y: vertical, width: trimW, height: trimH };
  return {
    media: { width: left + trimW + right, height: vertical * 2 + trimH },
    trim: trimBox,
    safe: { x: trimBox.x + margin, y: trimBox.y + margin, width: trimW - 2 * margin, height: trimH - 2 * margin },
  };
}

/** Pixels a picture needs to cover `box` at 300 DPI. */
export const pixelsFor = (box: { width: number; height: number }) => ({
  width: Math.ceil((box.width / POINTS_PER_INCH) * PRINT_DPI),
  height: Math.ceil((box.height / POINTS_PER_INCH) * PRINT_DPI),
});
