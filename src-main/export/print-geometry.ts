import type { TRIM_NAMES } from '../../src-preload/contract';

/**
 * Sizes of a printed book, in PDF points (1/72 in). A page the PDF carries is the trim size plus
 * the service's bleed: what the printer cuts away so pictures run to the edge.
 */
export const POINTS_PER_INCH = 72;
export const PRINT_DPI = 300;

export type TrimName = (typeof TRIM_NAMES)[number];

/** Inches. */
export interface TrimSize {
  width: number;
  height: number;
}

export const TRIMS: Record<TrimName, TrimSize> = {
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

/** Inches, per edge of an interior page; the inside edge is the one bound into the spine. */
export interface Edges {
  top: number;
  bottom: number;
  outside: number;
  inside: number;
}

export interface PageGeometry {
  /** The whole PDF page (MediaBox and BleedBox). */
  media: { width: number; height: number };
  /** Where the printer cuts, inside the media box; y counts from the top. */
  trim: Box;
  /** Where words stay: the safe margin inside the trim, and the gutter on the binding edge. */
  safe: Box;
}

export const inches = (value: number) => value * POINTS_PER_INCH;

/**
 * The geometry of interior page `index` (0 is the first page, a right-hand page). A right-hand
 * page is bound on its left, a left-hand page on its right: bleed and gutter follow the binding.
 */
export function interiorPageGeometry(trim: TrimSize, bleed: Edges, margins: { safe: number; gutter: number }, index: number): PageGeometry {
  const rightHand = index % 2 === 0;
  const left = inches(rightHand ? bleed.inside : bleed.outside);
  const right = inches(rightHand ? bleed.outside : bleed.inside);
  const top = inches(bleed.top);
  const bottom = inches(bleed.bottom);
  const trimBox = { x: left, y: top, width: inches(trim.width), height: inches(trim.height) };
  const outsideMargin = inches(margins.safe);
  const insideMargin = inches(Math.max(margins.safe, margins.gutter));
  const leftMargin = rightHand ? insideMargin : outsideMargin;
  const rightMargin = rightHand ? outsideMargin : insideMargin;
  return {
    media: { width: left + trimBox.width + right, height: top + trimBox.height + bottom },
    trim: trimBox,
    safe: {
      x: trimBox.x + leftMargin,
      y: trimBox.y + outsideMargin,
      width: trimBox.width - leftMargin - rightMargin,
      height: trimBox.height - 2 * outsideMargin,
    },
  };
}

/** Pixels a picture needs to cover `box` at 300 DPI. */
export const pixelsFor = (box: { width: number; height: number }) => ({
  width: Math.ceil((box.width / POINTS_PER_INCH) * PRINT_DPI),
  height: Math.ceil((box.height / POINTS_PER_INCH) * PRINT_DPI),
});

/** How many pixels per inch a picture of `picture` pixels prints at when it fills `box` (CSS's "cover"). */
export function coverPpi(picture: { width: number; height: number }, box: { width: number; height: number }): number {
  const pointsPerPixel = Math.max(box.width / picture.width, box.height / picture.height);
  return POINTS_PER_INCH / pointsPerPixel;
}
