import type { FittedText, TextFitter } from './page-text';
import { pageGeometry, POINTS_PER_INCH, type BleedName, type Box, type PageGeometry, type TrimName } from './print-geometry';

export type LayoutName = 'full-bleed' | 'picture-above';

export interface PrintPage {
  kind: 'cover' | 'story' | 'end' | 'blank';
  text: string;
  /** A JPEG sized for this page at 300 DPI or more; embedded as it is. */
  picture: { file: string; width: number; height: number; mime: string } | null;
}

export interface PrintSettings {
  trim: TrimName;
  bleed: BleedName;
  layout: LayoutName;
}

const PANEL_PADDING = 14;
const PICTURE_SHARE_ABOVE_TEXT = 0.64;

export interface LaidOutPage {
  page: PrintPage;
  geometry: PageGeometry;
  pictureBox: Box | null;
  words: { fitted: FittedText; box: Box; panel: boolean } | null;
}

/** Decides where every picture and line goes, before anything is written, so the preflight can check it. */
export function layoutBook(pages: PrintPage[], settings: PrintSettings, fitter: TextFitter): LaidOutPage[] {
  return pages.map((page, index) => {
    const geometry = pageGeometry(settings.trim, settings.bleed, index);
    const pictureBox = page.picture ? pictureArea(page, geometry, settings.layout) : null;
    return { page, geometry, pictureBox, words: wordsFor(page, geometry, settings.layout, pictureBox !== null, fitter) };
  });
}

function pictureArea(page: PrintPage, g: PageGeometry, layout: LayoutName): Box {
  if (page.kind !== 'story' || layout === 'full-bleed') return { x: 0, y: 0, width: g.media.width, height: g.media.height };
  return { x: 0, y: 0, width: g.media.width, height: g.trim.y + g.trim.height * PICTURE_SHARE_ABOVE_TEXT };
}

function wordsFor(page: PrintPage, g: PageGeometry, layout: LayoutName, hasPicture: boolean, fitter: TextFitter) {
  const safe = g.safe;
  switch (page.kind) {
    case 'blank':
      return null;
    case 'cover': {
      const box = { x: safe.x + PANEL_PADDING, y: safe.y + PANEL_PADDING, width: safe.width - 2 * PANEL_PADDING, height: safe.height * 0.3 };
      return { fitted: fitter.fit(page.text, box, { maxSize: 44, minSize: 20, lineGap: 0.9 }), box, panel: hasPicture };
    }
    case 'end': {
      const box = { x: safe.x, y: safe.y + safe.height * 0.4, width: safe.width, height: safe.height * 0.2 };
      return { fitted: fitter.fit(page.text, box, { maxSize: 40, minSize: 20 }), box, panel: false };
    }
    case 'story': {
      if (!page.text.trim()) return null;
      if (layout === 'picture-above' || !hasPicture) {
        const top = hasPicture ? g.trim.y + g.trim.height * PICTURE_SHARE_ABOVE_TEXT + 0.25 * POINTS_PER_INCH : safe.y;
        const box = { x: safe.x, y: top, width: safe.width, height: safe.y + safe.height - top };
        return { fitted: fitter.fit(page.text, box, { maxSize: 28, minSize: 14 }), box, panel: false };
      }
      const maxHeight = safe.height * 0.38;
      const inner = { width: safe.width - 2 * PANEL_PADDING, height: maxHeight - 2 * PANEL_PADDING };
      const fitted = fitter.fit(page.text, inner, { maxSize: 26, minSize: 14 });
      const height = Math.min(fitted.height, inner.height);
      const box = { x: safe.x + PANEL_PADDING, y: safe.y + safe.height - PANEL_PADDING - height, width: inner.width, height };
      return { fitted, box, panel: true };
    }
  }
}

/** The rounded panel behind words printed over a picture. */
export function panelBox(fitted: FittedText, box: Box): Box {
  return { x: box.x - PANEL_PADDING, y: box.y - PANEL_PADDING, width: box.width + 2 * PANEL_PADDING, height: Math.min(fitted.height, box.height) + 2 * PANEL_PADDING };
}

/** How a page's words line up: stories by their script's direction, covers and end pages centred. */
export function wordsAlignment(fitted: FittedText, kind: PrintPage['kind']): 'left' | 'right' | 'center' {
  return kind === 'story' ? (fitted.rightToLeft ? 'right' : 'left') : 'center';
}

export const PANEL_COLOR = '#fffaf2';
export const PANEL_OPACITY = 0.9;
export const PANEL_RADIUS = 14;
export const WORDS_COLOR = '#2b2118';

export const isBold = (kind: PrintPage['kind']) => kind === 'cover' || kind === 'end';
