import type { FittedText, TextFitter } from './page-text';
import { inches, interiorPageGeometry, type Box, type Edges, type PageGeometry, type TrimSize } from './print-geometry';

export type LayoutName = 'full-bleed' | 'picture-above';

/** The pages of a printed interior, in order: a title page, the family's extra pages, the story, and blank pages added for the printer. */
export type PageKind = 'title' | 'belongs-to' | 'dedication' | 'story' | 'end' | 'blank';

/** A picture as it will be embedded: a JPEG sized for its box at 300 DPI or more, embedded as it is. */
export interface PictureFile {
  file: string;
  width: number;
  height: number;
  mime: string;
}

export interface PrintPage {
  kind: PageKind;
  text: string;
  /** The title page's "by …" line. */
  byline?: string;
  picture: PictureFile | null;
}

export interface InteriorSettings {
  trim: TrimSize;
  layout: LayoutName;
  /** The service's bleed per edge (none for a home printer). */
  bleed: Edges;
  safeMargin: number;
  /** Words stay this far from the binding edge, for this book's page count. */
  gutter: number;
  /** Pictures stay inside the margins, framed in white: a home printer cannot print to the edge. */
  bordered: boolean;
}

/** Words as they print: fitted into a box, on an opaque panel where they sit over a picture. */
export interface LaidWords {
  fitted: FittedText;
  box: Box;
  panel: Box | null;
  bold: boolean;
  align: 'left' | 'right' | 'center';
}

export interface LaidOutPage {
  page: PrintPage;
  geometry: PageGeometry;
  pictureBox: Box | null;
  words: LaidWords[];
}

const PANEL_PADDING = 14;
const PICTURE_SHARE_ABOVE_TEXT = 0.64;

/**
 * The panel behind words that sit over a picture: opaque, its colour what the old 90% panel
 * looked like over a light page, so no file carries transparency (PDF/X-1a forbids it, and
 * printers flatten it unpredictably).
 */
export const PANEL_COLOR = '#fffaf2';
export const PANEL_RADIUS = 14;
export const WORDS_COLOR = '#2b2118';

/** Decides where every picture and line of the interior goes, before anything is written, so the preflight can check it. */
export function layoutInterior(pages: PrintPage[], settings: InteriorSettings, fitter: TextFitter): LaidOutPage[] {
  return pages.map((page, index) => {
    const geometry = interiorPageGeometry(settings.trim, settings.bleed, { safe: settings.safeMargin, gutter: settings.gutter }, index);
    const pictureBox = page.picture ? pictureArea(geometry, settings) : null;
    return { page, geometry, pictureBox, words: wordsFor(page, geometry, settings.layout, pictureBox, fitter) };
  });
}

function pictureArea(g: PageGeometry, settings: InteriorSettings): Box {
  const frame = settings.bordered ? g.safe : { x: 0, y: 0, width: g.media.width, height: g.media.height };
  if (settings.layout === 'full-bleed') return frame;
  const textTop = g.trim.y + g.trim.height * PICTURE_SHARE_ABOVE_TEXT;
  return { ...frame, height: textTop - frame.y };
}

const centred = (fitted: FittedText, box: Box, bold: boolean): LaidWords => ({ fitted, box, panel: null, bold, align: 'center' });

function wordsFor(page: PrintPage, g: PageGeometry, layout: LayoutName, pictureBox: Box | null, fitter: TextFitter): LaidWords[] {
  const safe = g.safe;
  const band = (from: number, share: number): Box => ({ x: safe.x, y: safe.y + safe.height * from, width: safe.width, height: safe.height * share });
  switch (page.kind) {
    case 'blank':
      return [];
    case 'title': {
      const title = band(0.18, 0.34);
      const byline = band(0.56, 0.12);
      return [
        centred(fitter.fit(page.text, title, { maxSize: 44, minSize: 18, lineGap: 0.9 }), title, true),
        centred(fitter.fit(page.byline ?? '', byline, { maxSize: 22, minSize: 12 }), byline, false),
      ];
    }
    case 'belongs-to': {
      const box = band(0.36, 0.3);
      return [centred(fitter.fit(`${page.text}\n\n____________________`, box, { maxSize: 28, minSize: 14 }), box, false)];
    }
    case 'dedication': {
      const box = band(0.3, 0.3);
      return [centred(fitter.fit(page.text, box, { maxSize: 22, minSize: 12 }), box, false)];
    }
    case 'end': {
      const box = band(0.4, 0.2);
      return [centred(fitter.fit(page.text, box, { maxSize: 40, minSize: 20 }), box, true)];
    }
    case 'story': {
      if (!page.text.trim()) return [];
      const align = (fitted: FittedText) => (fitted.rightToLeft ? 'right' : 'left');
      if (layout === 'picture-above' || !pictureBox) {
        const top = pictureBox ? Math.max(safe.y, pictureBox.y + pictureBox.height + inches(0.25)) : safe.y;
        const box = { x: safe.x, y: top, width: safe.width, height: safe.y + safe.height - top };
        const fitted = fitter.fit(page.text, box, { maxSize: 28, minSize: 14 });
        return [{ fitted, box, panel: null, bold: false, align: align(fitted) }];
      }
      const maxHeight = safe.height * 0.38;
      const inner = { width: safe.width - 2 * PANEL_PADDING, height: maxHeight - 2 * PANEL_PADDING };
      const fitted = fitter.fit(page.text, inner, { maxSize: 26, minSize: 14 });
      const height = Math.min(fitted.height, inner.height);
      const box = { x: safe.x + PANEL_PADDING, y: safe.y + safe.height - PANEL_PADDING - height, width: inner.width, height };
      return [{ fitted, box, panel: panelAround(box), bold: false, align: align(fitted) }];
    }
  }
}

/** The rounded panel behind words printed over a picture. */
export function panelAround(box: Box): Box {
  return { x: box.x - PANEL_PADDING, y: box.y - PANEL_PADDING, width: box.width + 2 * PANEL_PADDING, height: box.height + 2 * PANEL_PADDING };
}
