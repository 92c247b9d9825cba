import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type PDFKit from 'pdfkit';
import { PANEL_COLOR, PANEL_RADIUS, WORDS_COLOR, type LaidWords } from './book-layout';
import { FONT_FILES, type FittedText } from './page-text';
import { parsedFontHandle } from './parsed-fonts';
import type { Box } from './print-geometry';

/** What a page of a PDF shows, already placed: the writer draws, it decides nothing. */
export type DrawElement =
  | { kind: 'picture'; file: string; box: Box }
  | { kind: 'fill'; box: Box; color: string; radius?: number }
  | { kind: 'words'; words: LaidWords }
  /** A line along a book's spine, reading from top to bottom; `box` is the spine area as if it lay on its side. */
  | { kind: 'spine'; fitted: FittedText; box: Box };

export interface DrawnPage {
  elements: DrawElement[];
  /** Where the printer cuts (the TrimBox); null for a page printed as it is, at home. */
  trim: Box | null;
}

/** Everything the PDF writer needs, as plain data: it crosses into the writer process as it is. */
export interface BookPdfJob {
  file: string;
  title: string;
  author: string;
  /** Every page of one file is this size, in points (the BleedBox and MediaBox). */
  pageSize: { width: number; height: number };
  pages: DrawnPage[];
  /** Folders pictures may be read from; pdfmake opens nothing else. */
  allowedDirs: string[];
}

/**
 * Writes laid-out pages with pdfmake: pictures embedded as the JPEGs they are (never re-encoded,
 * never PNG), fonts embedded and subset, nothing drawn with transparency, and TrimBox and
 * BleedBox set on each page before the file is written, so no second pass over a large file is
 * needed. Fonts are read once, when the writer is made, and serve every file it writes.
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
    const images: Record<string, string> = {};
    const content: Content[] = job.pages.map((page, index) => {
      const nodes: Content[] = [{ text: '', pageBreak: index === 0 ? undefined : 'before' }];
      page.elements.forEach((element, position) => {
        if (element.kind === 'picture') {
          const name = `p${index}-${position}`;
          images[name] = element.file;
          nodes.push({ image: name, cover: { width: element.box.width, height: element.box.height }, absolutePosition: { x: element.box.x, y: element.box.y } } as Content);
        } else if (element.kind === 'fill') {
          const { box } = element;
          nodes.push({ canvas: [{ type: 'rect', x: 0, y: 0, w: box.width, h: box.height, r: element.radius ?? 0, color: element.color }], absolutePosition: { x: box.x, y: box.y } });
        } else if (element.kind === 'words') {
          nodes.push(...wordNodes(element.words));
        }
      });
      return { stack: nodes };
    });

    const allowed = job.allowedDirs.map((dir) => path.resolve(dir) + path.sep);
    pdfmake.setLocalAccessPolicy((file) => allowed.some((dir) => path.resolve(file).startsWith(dir)));

    const definition: TDocumentDefinitions = {
      pageSize: job.pageSize,
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
      const page = job.pages[index]!;
      for (const element of page.elements) if (element.kind === 'spine') drawSpineWords(document, element, fontDir);
      // PDF boxes count from the bottom left.
      if (page.trim) {
        const bottom = job.pageSize.height - page.trim.y - page.trim.height;
        document.page.dictionary.data.TrimBox = [page.trim.x, bottom, page.trim.x + page.trim.width, bottom + page.trim.height];
        document.page.dictionary.data.BleedBox = [0, 0, job.pageSize.width, job.pageSize.height];
      }
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

function wordNodes(words: LaidWords): Content[] {
  const nodes: Content[] = [];
  if (words.panel) {
    const rect = words.panel;
    nodes.push({ canvas: [{ type: 'rect', x: 0, y: 0, w: rect.width, h: rect.height, r: PANEL_RADIUS, color: PANEL_COLOR }], absolutePosition: { x: rect.x, y: rect.y } });
  }
  const { fitted, box } = words;
  nodes.push({
    // Lines are broken already; the column is a little wider so pdfmake does not break them again.
    columns: [
      {
        width: box.width + 2,
        text: fitted.lines.join('\n'),
        font: fitted.font,
        fontSize: fitted.fontSize,
        lineHeight: fitted.lineHeight,
        bold: words.bold,
        alignment: words.align,
        color: WORDS_COLOR,
      },
    ],
    absolutePosition: { x: box.x, y: box.y },
  });
  return nodes;
}

/** pdfmake cannot turn text; pdfkit, under it, can: the line runs down the spine, centred across it. */
function drawSpineWords(document: PDFKit.PDFDocument, element: Extract<DrawElement, { kind: 'spine' }>, fontDir: string): void {
  const { fitted, box } = element;
  const line = fitted.lines[0] ?? '';
  const font = parsedFontHandle(path.join(fontDir, FONT_FILES[fitted.font].bold));
  document.save();
  // Rotate a quarter turn clockwise about the spine's top: the text's baseline then runs downwards.
  const spineLeft = box.x;
  const spineTop = box.y;
  document.rotate(90, { origin: [spineLeft, spineTop] });
  document
    .font(font)
    .fontSize(fitted.fontSize)
    .fillColor(WORDS_COLOR)
    // After the turn, x runs down the spine and y runs from its right edge to its left.
    .text(line, spineLeft, spineTop - box.height + (box.height - fitted.fontSize) / 2 - fitted.fontSize * 0.1, { width: box.width, align: 'center', lineBreak: false });
  document.restore();
}
