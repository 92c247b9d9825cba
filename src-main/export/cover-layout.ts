import { panelAround, type LaidWords, type PictureFile } from './book-layout';
import type { FittedText, TextFitter } from './page-text';
import { inches, type Box, type TrimSize } from './print-geometry';
import type { CoverSpec } from './print-services';

/** The back and spine's colour: the paper of the story pages, a little warmer. */
export const COVER_BACKGROUND = '#f6ecdd';
/** Spine words keep this far from the folds on each side, in inches. */
const SPINE_FOLD_CLEARANCE = 0.0625;

export interface CoverContent {
  title: string;
  byline: string;
  blurb: string;
  /** The front's picture (the book's first), sized for the front at 300 DPI. */
  picture: PictureFile | null;
}

/** The cover as one spread: back, spine and front side by side, with the service's bleed or wrap all round. */
export interface CoverLayout {
  media: { width: number; height: number };
  /** The whole cover as it is cut (or as the boards are), inside the media box. */
  trim: Box;
  back: Box;
  spine: Box;
  front: Box;
  spineWidthInches: number;
  /** Kept clear for the service's barcode, lower right of the back. */
  barcode: Box | null;
  /** The front's picture: it runs from the spine's fold out over the front's bleed. */
  picture: { box: Box; file: PictureFile } | null;
  /** The back and spine's colour, as a box to fill. */
  background: Box;
  words: LaidWords[];
  /** Written along the spine (top to bottom), only where the service allows words there. */
  spineWords: { fitted: FittedText; box: Box } | null;
}

/**
 * The front cover's title and "by …" line, at the top of its safe area, on an opaque panel where
 * they sit over the picture: the printed cover's front, and the ebook's cover page.
 */
export function frontCoverWords(safe: Box, content: Pick<CoverContent, 'title' | 'byline'>, onPicture: boolean, fitter: TextFitter): LaidWords[] {
  const titleBox = { x: safe.x + 14, y: safe.y + 14, width: safe.width - 28, height: safe.height * 0.22 };
  const title = fitter.fit(content.title, titleBox, { maxSize: 44, minSize: 18, lineGap: 0.9 });
  const titleUsed = { ...titleBox, height: Math.min(title.height, titleBox.height) };
  const bylineBox = { x: titleBox.x, y: titleUsed.y + titleUsed.height + 6, width: titleBox.width, height: safe.height * 0.08 };
  const byline = fitter.fit(content.byline, bylineBox, { maxSize: 20, minSize: 11 });
  const bylineUsed = { ...bylineBox, height: Math.min(byline.height, bylineBox.height) };
  const panel = onPicture ? panelAround({ x: titleBox.x, y: titleBox.y, width: titleBox.width, height: bylineUsed.y + bylineUsed.height - titleBox.y }) : null;
  return [
    { fitted: title, box: titleUsed, panel, bold: true, align: 'center' },
    { fitted: byline, box: bylineUsed, panel: null, bold: false, align: 'center' },
  ];
}

/**
 * Lays the cover spread out by the service's cover rules: the spine's width from its formula for
 * this many interior pages, words on the spine only from the page count it allows, the barcode's
 * place left clear, and every word inside the cover's safe margin, away from the folds.
 */
export function layoutCover(spec: CoverSpec, trim: TrimSize, interiorPages: number, content: CoverContent, fitter: TextFitter): CoverLayout {
  // A casewrap's wrap turns over the boards (and covers any bleed); a paperback has bleed. The
  // boards of a casewrap reach a little past the pages on the top, bottom and outside edge.
  const outer = inches(spec.kind === 'casewrap' ? spec.wrap : spec.bleed);
  const hinge = inches(spec.hinge);
  const spineWidthInches = spec.spineWidth(interiorPages);
  const panelWidth = inches(trim.width + spec.boardOverhang);
  const panelHeight = inches(trim.height + 2 * spec.boardOverhang);
  const spineWidth = inches(spineWidthInches);
  const back: Box = { x: outer, y: outer, width: panelWidth, height: panelHeight };
  const spine: Box = { x: back.x + panelWidth + hinge, y: outer, width: spineWidth, height: panelHeight };
  const front: Box = { x: spine.x + spineWidth + hinge, y: outer, width: panelWidth, height: panelHeight };
  const media = { width: front.x + panelWidth + outer, height: panelHeight + 2 * outer };
  const trimBox: Box = { x: outer, y: outer, width: media.width - 2 * outer, height: panelHeight };
  const margin = inches(spec.safeMargin);
  const safeOf = (panel: Box): Box => ({ x: panel.x + margin, y: panel.y + margin, width: panel.width - 2 * margin, height: panel.height - 2 * margin });

  const barcode = spec.barcode
    ? {
        x: back.x + back.width - inches(spec.barcode.fromTrimEdge + spec.barcode.width),
        y: back.y + back.height - inches(spec.barcode.fromTrimEdge + spec.barcode.height),
        width: inches(spec.barcode.width),
        height: inches(spec.barcode.height),
      }
    : null;

  const words = frontCoverWords(safeOf(front), content, content.picture !== null, fitter);

  const backSafe = safeOf(back);
  const blurbBottom = barcode ? Math.min(backSafe.y + backSafe.height, barcode.y - inches(0.25)) : backSafe.y + backSafe.height;
  const blurbBox = { x: backSafe.x, y: backSafe.y + backSafe.height * 0.12, width: backSafe.width, height: blurbBottom - (backSafe.y + backSafe.height * 0.12) };
  if (content.blurb.trim()) {
    const blurb = fitter.fit(content.blurb, blurbBox, { maxSize: 18, minSize: 10 });
    words.push({ fitted: blurb, box: { ...blurbBox, height: Math.min(blurb.height, blurbBox.height) }, panel: null, bold: false, align: blurb.rightToLeft ? 'right' : 'left' });
  }

  let spineWords: CoverLayout['spineWords'] = null;
  const clearance = inches(SPINE_FOLD_CLEARANCE);
  if (spec.spineTextFromPages !== null && interiorPages >= spec.spineTextFromPages && spineWidth > 2 * clearance) {
    // Measured as if the spine lay on its side: its length is the line, its width the line's height.
    const along = { x: spine.x + clearance, y: spine.y + margin, width: panelHeight - 2 * margin, height: spineWidth - 2 * clearance };
    const fitted = fitter.fit(`${content.title} · ${content.byline.replace(/^by\s+/i, '')}`, along, { maxSize: 20, minSize: 6 });
    if (!fitted.overflows && fitted.lines.length === 1) spineWords = { fitted, box: along };
  }

  return {
    media,
    trim: trimBox,
    back,
    spine,
    front,
    spineWidthInches,
    barcode,
    picture: content.picture ? { box: { x: spine.x + spineWidth + hinge, y: 0, width: media.width - (spine.x + spineWidth + hinge), height: media.height }, file: content.picture } : null,
    background: { x: 0, y: 0, width: content.picture ? spine.x + spineWidth + hinge : media.width, height: media.height },
    words,
    spineWords,
  };
}
