import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BridgeEvents, ExportOptions, ExportResult, PreflightReport, PrintPreviewPage } from '../../src-preload/contract';
import type { AssetStore } from '../assets/asset-store';
import type { LibraryService } from '../library/library-service';
import type { Clock } from '../store/clock';
import type { StoreSchema } from '../store/schema';
import { renderForPrint } from '../generation/print-rendition';
import { createProviderCache } from '../generation/provider-cache';
import { isBold, layoutBook, panelBox, wordsAlignment, type LaidOutPage, type PrintPage } from './book-layout';
import { createTextFitter, type TextFitter } from './page-text';
import type { PdfWriter } from './pdf-writer';
import { POINTS_PER_INCH, PRINT_DPI } from './print-geometry';
import { preflight, type PictureResolution } from './preflight';

/** How many pages the print preview shows: the cover and the first spreads. */
const PREVIEW_PAGES = 5;

/** The picture size providers draw, for saying how much a picture was enlarged. */
const DRAWN_PIXELS = 1024;

/**
 * Print-ready PDFs of a family's books. Pictures are the JPEG renditions made at generation
 * time, passed through untouched; only a trim they do not cover at 300 DPI gets a new rendition,
 * kept for the next export.
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
  const renditions = createProviderCache({ db: deps.db, clock: deps.clock, assets: deps.assets });

  /**
   * Lays the book out for `options` and checks it. Pictures the size needs at a higher resolution
   * are made here, page by page (the slow part of an export), unless only a preview is wanted.
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
        picture: usable ? await pictureOf(page.printAssetSha256) : null,
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
    for (const [index, laid] of layout.entries()) {
      making.onProgress?.(index, layout.length);
      if (!laid.page.picture || !laid.pictureBox) continue;
      let ppi = coverPpi(laid.page.picture, laid.pictureBox);
      const original = pages[index]!.originalSha;
      if ((ppi < PRINT_DPI || laid.page.picture.mime !== 'image/jpeg') && original) {
        laid.page.picture = await renditionFor(original, laid.pictureBox);
        ppi = coverPpi(laid.page.picture, laid.pictureBox);
      }
      const longest = Math.max(laid.pictureBox.width, laid.pictureBox.height) / POINTS_PER_INCH;
      resolutions.set(index, { embeddedPpi: ppi, sourcePpi: DRAWN_PIXELS / longest });
    }
    making.onProgress?.(layout.length, layout.length);
    return { book, author, layout, pages, report: preflight(layout, options, resolutions) };
  }

  /** A JPEG covering `box` at 300 DPI from the picture as it was drawn, made once and kept. */
  async function renditionFor(originalSha: string, box: { width: number; height: number }) {
    const inches = { width: box.width / POINTS_PER_INCH, height: box.height / POINTS_PER_INCH };
    const key = renditions.keyOf('print-rendition', { originalSha, ...inches });
    const cached = await renditions.picture(key);
    const asset = cached ? await deps.assets.find(cached.sha256) : null;
    if (asset) return { file: asset.file, width: asset.width, height: asset.height, mime: asset.mime };
    const original = await deps.assets.find(originalSha);
    if (!original) throw new Error(`The picture ${originalSha} is missing from the library folder.`);
    const { print } = await renderForPrint(fs.readFileSync(original.file), inches);
    const sha = await renditions.putPicture(key, 'print-rendition', print, print);
    const stored = (await deps.assets.find(sha))!;
    return { file: stored.file, width: stored.width, height: stored.height, mime: stored.mime };
  }

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
