import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type PDFKit from 'pdfkit';
import { isBold, panelBox, PANEL_COLOR, PANEL_OPACITY, PANEL_RADIUS, wordsAlignment, WORDS_COLOR, type LaidOutPage, type PrintPage } from './book-layout';
import { FONT_FILES, type FittedText } from './page-text';
import { parsedFontHandle } from './parsed-fonts';
import type { Box } from './print-geometry';

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
