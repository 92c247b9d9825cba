import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BridgeEvents, ExportOptions, ExportResult, PreflightReport, PrintPreviewPage } from '../../src-preload/contract';
import type { AssetStore } from '../assets/asset-store';
import type { LibraryService } from '../library/library-service';
import type { Clock } from '../store/clock';
import type { StoreSchema } from '../store/schema';
import { isBold, layoutBook, panelBox, wordsAlignment, type LaidOutPage, type PrintPage } from './book-layout';
import { createTextFitter, type TextFitter } from './page-text';
import type { PdfWriter } from './pdf-writer';
import { POINTS_PER_INCH } from './print-geometry';
import { preflight, type PictureResolution } from './preflight';
import { createRenditions } from './renditions';

/** How many pages the print preview shows: the cover and the first spreads. */
const PREVIEW_PAGES = 5;

/** The picture size providers draw, for saying how much a picture was enlarged. */
const DRAWN_PIXELS = 1024;

/**
 * Print-ready PDFs of a family's books. Pictures are JPEG renditions at 300 DPI for their box,
 * made from the pictures as drawn when an export first needs them, and kept for the next.
 */
export function createExportService(deps: {
  db: Kysely<StoreSchema>;
  clock: Clock;
  assets: AssetStore;
  library: LibraryService;
  familyName: (familyId: string) => Promise<string>;
  fontDir: string;
  exportDir: string;
  writer: PdfWriter;
}) {
  // Reading the fonts takes a moment: only when the first book is exported, not at start-up.
  let fitter: TextFitter | null = null;
  const textFitter = () => (fitter ??= createTextFitter(deps.fontDir));
  const renditions = createRenditions({ db: deps.db, clock: deps.clock, assets: deps.assets, writer: deps.writer });

  /**
   * Lays the book out for `options` and checks it. The pictures' print copies for this size are
   * made here (the slow part of an export), unless only a preview is wanted.
   */
  async function prepare(familyId: string, options: ExportOptions, making: { renditions: boolean; onProgress?: (done: number, total: number) => void }) {
    const book = await deps.library.get(familyId, options.bookId);
    const author = `by ${await deps.familyName(familyId)}`;
    const pictureOf = async (sha: string | null) => {
      const asset = sha ? await deps.assets.find(sha) : null;
      return asset ? { file: asset.file, width: asset.width, height: asset.height, mime: asset.mime } : null;
    };
    type SourcedPage = PrintPage & { originalSha: string | null; smallSha: string | null };
    const storyPages: SourcedPage[] = [];
    for (const page of book.pages) {
      // A page held for a parent prints only once a parent has let it through.
      const usable = page.generateStatus !== 'held';
      storyPages.push({
        kind: 'story',
        text: usable ? page.text : '',
        picture: usable ? await pictureOf(page.imageAssetSha256) : null,
        originalSha: usable ? page.imageAssetSha256 : null,
        smallSha: usable ? (page.thumbnailAssetSha256 ?? page.imageAssetSha256) : null,
      });
    }
    const coverSource = storyPages.find((page) => page.picture) ?? null;
    const pages: SourcedPage[] = [
      { kind: 'cover', text: `${book.title}\n${author}`, picture: coverSource?.picture ?? null, originalSha: coverSource?.originalSha ?? null, smallSha: coverSource?.smallSha ?? null },
      ...storyPages,
    ];
    const blank = { text: '', picture: null, originalSha: null, smallSha: null };
    if (options.endPage) pages.push({ kind: 'end', ...blank, text: 'The End' });
    if (pages.length % 2 !== 0) pages.push({ kind: 'blank', ...blank });

    const layout = layoutBook(pages, options, textFitter());
    if (!making.renditions) return { book, author, layout, pages, report: null };
    const resolutions = new Map<number, PictureResolution>();
    let done = 0;
    making.onProgress?.(done, layout.length);
    // Every page asks at once: the renditions are made as many at a time as there are cores, and
    // each page counts as ready the moment its picture is.
    await Promise.all(
      layout.map(async (laid, index) => {
        const original = pages[index]!.originalSha;
        if (laid.page.picture && laid.pictureBox && original) {
          laid.page.picture = await renditionFor(original, laid.pictureBox);
          const longest = Math.max(laid.pictureBox.width, laid.pictureBox.height) / POINTS_PER_INCH;
          resolutions.set(index, { embeddedPpi: coverPpi(laid.page.picture, laid.pictureBox), sourcePpi: DRAWN_PIXELS / longest });
        }
        making.onProgress?.(++done, layout.length);
      }),
    );
    return { book, author, layout, pages, report: preflight(layout, options, resolutions) };
  }

  /** A JPEG covering `box` (in points) at 300 DPI from the picture as it was drawn, made once and kept. */
  const renditionFor = (originalSha: string, box: { width: number; height: number }) =>
    renditions.forBox(originalSha, { widthIn: box.width / POINTS_PER_INCH, heightIn: box.height / POINTS_PER_INCH });

  return {
    async preflight(familyId: string, options: ExportOptions): Promise<PreflightReport> {
      // Someone looking at print settings is likely to export next: have the writer ready.
      deps.writer.warmUp();
      return (await prepare(familyId, options, { renditions: true })).report!;
    },

    /** The first pages as they will print, laid out exactly as the PDF will be, with small pictures. */
    async preview(familyId: string, options: ExportOptions, pageCount = PREVIEW_PAGES): Promise<PrintPreviewPage[]> {
      deps.writer.warmUp();
      const { layout, pages } = await prepare(familyId, options, { renditions: false });
      return layout.slice(0, pageCount).map(({ page, geometry, pictureBox, words }, index) => {
        const smallSha = pages[index]!.smallSha;
        return {
          kind: page.kind,
          width: geometry.media.width,
          height: geometry.media.height,
          trim: geometry.trim,
          safe: geometry.safe,
          picture: smallSha && pictureBox ? { assetSha256: smallSha, box: pictureBox } : null,
          words: words && {
            lines: words.fitted.lines,
            font: words.fitted.font,
            bold: isBold(page.kind),
            fontSize: words.fitted.fontSize,
            lineAdvance: words.fitted.lines.length > 0 ? words.fitted.height / words.fitted.lines.length : 0,
            ascent: words.fitted.ascent,
            align: wordsAlignment(words.fitted, page.kind),
            box: words.box,
            panel: words.panel ? panelBox(words.fitted, words.box) : null,
          },
        };
      });
    },

    /**
     * Writes the PDF (to `file`, or into the exports folder) and returns what the preflight found.
     * Progress goes to `onProgress`: pictures made ready page by page, then the file.
     */
    async exportPdf(
      familyId: string,
      options: ExportOptions,
      file?: string,
      onProgress: (progress: Omit<BridgeEvents['export.progress'], 'bookId'>) => void = () => {},
    ): Promise<ExportResult & { file: string; writerPeakRssMb: number }> {
      const { book, author, layout, report } = await prepare(familyId, options, {
        renditions: true,
        onProgress: (done, total) => onProgress({ stage: 'pictures', done, total }),
      });
      onProgress({ stage: 'writing', done: 0, total: 1 });
      const exportId = `${book.id}-${options.trim}-${options.bleed}-${options.layout}.pdf`;
      const target = file ?? path.join(deps.exportDir, exportId);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      let peakRssMb: number;
      try {
        ({ peakRssMb } = await deps.writer.write({ file: partial, title: book.title, author, layout, allowedDirs: [deps.assets.dir] }));
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw error;
      }
      // Replacing an earlier export frees its blocks, which takes a while on a big file: off the main thread.
      await fs.promises.rename(partial, target);
      onProgress({ stage: 'finished', done: 1, total: 1 });
      return {
        exportId,
        fileName: `${safeFileName(book.title)}.pdf`,
        bytes: (await fs.promises.stat(target)).size,
        pageCount: layout.length,
        preflight: report!,
        file: target,
        writerPeakRssMb: peakRssMb,
      };
    },

    /** The file of an earlier export, by the id `exportPdf` returned; null for anything else. */
    exportFile(exportId: string): string | null {
      if (!/^[0-9a-f-]{36}-[a-z0-9.]+-[a-z]+-[a-z-]+\.pdf$/.test(exportId)) return null;
      const file = path.join(deps.exportDir, exportId);
      return fs.existsSync(file) ? file : null;
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;

function coverPpi(picture: { width: number; height: number }, box: LaidOutPage['pictureBox'] & object): number {
  // "cover" scales the picture until it fills the box in both directions.
  const pointsPerPixel = Math.max(box.width / picture.width, box.height / picture.height);
  return POINTS_PER_INCH / pointsPerPixel;
}

function safeFileName(title: string): string {
  return title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'StorySprout book';
}
