import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type PDFKit from 'pdfkit';
import { FONT_FILES, type FittedText, type TextFitter } from './page-text';
import { parsedFontHandle } from './parsed-fonts';
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

/** Everything the PDF writer needs, as plain data: it crosses into the writer process as it is. */
export interface BookPdfJob {
  file: string;
  title: string;
  author: string;
  layout: LaidOutPage[];
  /** Folders pictures may be read from; pdfmake opens nothing else. */
  allowedDirs: string[];
}

/**
 * Writes laid-out books with pdfmake: every page trim plus bleed, pictures embedded as the JPEGs
 * they are (never re-encoded, never PNG), fonts embedded and subset, and TrimBox and BleedBox set
 * on each page before the file is written, so no second pass over a large file is needed. Fonts
 * are read once, when the writer is made, and serve every book it writes.
 */
export function createBookPdfWriter(fontDir: string) {
  const { virtualfs } = pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Buffer): void } };
  for (const [role, files] of Object.entries(FONT_FILES)) {
    virtualfs.writeFileSync(`${role}-normal`, parsedFontHandle(path.join(fontDir, files.normal)));
    virtualfs.writeFileSync(`${role}-bold`, parsedFontHandle(path.join(fontDir, files.bold)));
  }
  pdfmake.setFonts(
    Object.fromEntries(
      Object.keys(FONT_FILES).map((role) => [role, { normal: `${role}-normal`, bold: `${role}-bold`, italics: `${role}-normal`, bolditalics: `${role}-bold` }]),
    ),
  );
  pdfmake.setUrlAccessPolicy(() => false);

  return async function writeBookPdf(job: BookPdfJob): Promise<void> {
    const media = job.layout[0]!.geometry.media;
    const images: Record<string, string> = {};
    const content: Content[] = job.layout.map(({ page, pictureBox, words }, index) => {
      const nodes: Content[] = [{ text: '', pageBreak: index === 0 ? undefined : 'before' }];
      if (page.picture && pictureBox) {
        images[`p${index}`] = page.picture.file;
        nodes.push({ image: `p${index}`, cover: { width: pictureBox.width, height: pictureBox.height }, absolutePosition: { x: pictureBox.x, y: pictureBox.y } } as Content);
      }
      if (words) nodes.push(...textNodes(words.fitted, words.box, page.kind, words.panel));
      return { stack: nodes };
    });

    const allowed = job.allowedDirs.map((dir) => path.resolve(dir) + path.sep);
    pdfmake.setLocalAccessPolicy((file) => allowed.some((dir) => path.resolve(file).startsWith(dir)));

    const definition: TDocumentDefinitions = {
      pageSize: { width: media.width, height: media.height },
      pageMargins: 0,
      info: { title: job.title, author: job.author, creator: 'StorySprout', producer: 'StorySprout' },
      defaultStyle: { font: 'story' },
      images,
      content,
    };
    const output = pdfmake.createPdf(definition, { bufferPages: true } as never);
    const document = (await (output as unknown as { getStream(): Promise<PDFKit.PDFDocument> }).getStream()) as PDFKit.PDFDocument & {
      page: { dictionary: { data: Record<string, unknown> } };
    };
    const range = document.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      document.switchToPage(index);
      const g = job.layout[index]!.geometry;
      // PDF boxes count from the bottom left.
      const bottom = g.media.height - g.trim.y - g.trim.height;
      document.page.dictionary.data.TrimBox = [g.trim.x, bottom, g.trim.x + g.trim.width, bottom + g.trim.height];
      document.page.dictionary.data.BleedBox = [0, 0, g.media.width, g.media.height];
    }
    await new Promise<void>((resolve, reject) => {
      const sink = fs.createWriteStream(job.file);
      sink.on('finish', resolve);
      sink.on('error', reject);
      document.on('error', reject);
      document.pipe(sink);
      document.end();
    });
  };
}

export type WriteBookPdf = ReturnType<typeof createBookPdfWriter>;

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

function textNodes(fitted: FittedText, box: Box, kind: PrintPage['kind'], panel: boolean): Content[] {
  const nodes: Content[] = [];
  if (panel) {
    const rect = panelBox(fitted, box);
    nodes.push({
      canvas: [{ type: 'rect', x: 0, y: 0, w: rect.width, h: rect.height, r: PANEL_RADIUS, color: PANEL_COLOR, fillOpacity: PANEL_OPACITY }],
      absolutePosition: { x: rect.x, y: rect.y },
    });
  }
  nodes.push({
    // Lines are broken already; the column is a little wider so pdfmake does not break them again.
    columns: [
      {
        width: box.width + 2,
        text: fitted.lines.join('\n'),
        font: fitted.font,
        fontSize: fitted.fontSize,
        lineHeight: fitted.lineHeight,
        bold: isBold(kind),
        alignment: wordsAlignment(fitted, kind),
        color: WORDS_COLOR,
      },
    ],
    absolutePosition: { x: box.x, y: box.y },
  });
  return nodes;
}

export const isBold = (kind: PrintPage['kind']) => kind === 'cover' || kind === 'end';
