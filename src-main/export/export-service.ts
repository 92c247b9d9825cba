import fs from 'node:fs';
import path from 'node:path';
import {
  EXPORT_ID_PATTERN,
  type BookDetail,
  type BookletOptions,
  type BridgeEvents,
  type ExportFile,
  type ExportOptions,
  type ExportResult,
  type PreflightProblem,
  type PreflightReport,
  type PreviewWords,
  type PrintPreviewPage,
} from '../../src-preload/contract';
import type { AssetStore } from '../assets/asset-store';
import type { LibraryService } from '../library/library-service';
import { layoutInterior, type LaidOutPage, type LaidWords, type PictureFile, type PrintPage } from './book-layout';
import type { BookPdfJob } from './book-pdf';
import { BOOKLET_SHEETS, bookletPageCount } from './booklet';
import { COVER_BACKGROUND, layoutCover, type CoverLayout } from './cover-layout';
import { drawBooklet, drawCover, drawInterior } from './drawing';
import { describePadding, interiorPages, padInterior, type InteriorPage } from './interior-pages';
import type { TextFitter } from './page-text';
import type { PdfWriter } from './pdf-writer';
import { coverProblems, interiorProblems, type PictureResolution } from './preflight';
import { coverPpi, inches, POINTS_PER_INCH, PRINT_DPI, TRIMS, type Box, type TrimSize } from './print-geometry';
import { PRINT_SERVICES, type PrintService } from './print-services';
import type { Renditions } from './renditions';
import { convertToPdfx, findPdfxTool, type PdfxTool } from './pdfx';
import { replaceWhenWritten, safeFileName } from './export-files';
import { pagesToReach, serviceVerdicts, type BookFacts } from './service-verdicts';
import { UserFacingError } from '../errors';

/** How many interior pages the print preview shows after the cover. */
const PREVIEW_PAGES = 4;
/** The picture size providers draw, for saying how much a picture was enlarged. */
const DRAWN_PIXELS = 1024;
/** A home printer's paper cannot be printed to its edge; a booklet's pages keep this far in. */
const HOME_MARGIN = 0.375;
const NO_BLEED = { top: 0, bottom: 0, outside: 0, inside: 0 };

type ProgressListener = (progress: Omit<BridgeEvents['export.progress'], 'bookId'>) => void;

/** A book laid out for one service: its interior and cover, the pages added, and what to check. */
interface PreparedBook {
  book: BookDetail;
  trimName: ExportOptions['trim'];
  author: string;
  service: PrintService;
  interior: LaidOutPage[];
  sources: InteriorPage[];
  cover: CoverLayout | null;
  coverSource: InteriorPage | null;
  added: PreflightReport['added'];
}

/**
 * Print-ready files of a family's books, by the rules of the service that will print them: an
 * interior and a separate wrap-around cover (print-services.ts says every size, bleed, margin and
 * spine), or a fold-and-staple booklet for the home printer. Pictures are JPEG renditions at
 * 300 DPI for their box, made from the pictures as drawn and kept for the next export.
 */
export function createExportService(deps: {
  assets: AssetStore;
  library: LibraryService;
  familyName: (familyId: string) => Promise<string>;
  textFitter: () => TextFitter;
  /** The CMYK press profile PDF/X files are separated with (resources/icc). */
  pressProfile: string;
  exportDir: string;
  writer: PdfWriter;
  renditions: Renditions;
}) {
  const { textFitter, renditions } = deps;

  async function originalPicture(sha: string | null): Promise<PictureFile | null> {
    const asset = sha ? await deps.assets.find(sha) : null;
    return asset ? { file: asset.file, width: asset.width, height: asset.height, mime: asset.mime } : null;
  }

  async function toPrintPages(sources: InteriorPage[]): Promise<PrintPage[]> {
    return Promise.all(sources.map(async (source) => ({ kind: source.kind, text: source.text, byline: source.byline, picture: await originalPicture(source.pictureSha256) })));
  }

  /** Lays the book out for `options.service`: interior (padded on request) and cover. */
  async function prepare(familyId: string, options: ExportOptions): Promise<PreparedBook> {
    const service = PRINT_SERVICES[options.service];
    const book = await deps.library.get(familyId, options.bookId);
    const author = `by ${await deps.familyName(familyId)}`;
    let sources = interiorPages(book, author, options);
    let added: PreflightReport['added'] = null;
    if (options.pad) {
      const needed = pagesToReach(service, sources.length);
      if (needed !== null && needed > 0) {
        const padded = padInterior(sources, needed);
        const reason = `${service.label} needs at least ${service.pages.min} pages${service.pages.multiple > 2 ? `, in multiples of ${service.pages.multiple}` : ''}.`;
        added = { pages: needed, why: describePadding(padded.filter((page) => !sources.includes(page)), reason) };
        sources = padded;
      }
    }
    const trim = TRIMS[options.trim];
    const bordered = service.id === 'home-printer';
    const interior = layoutInterior(
      await toPrintPages(sources),
      { trim, layout: options.layout, bleed: service.bleed, safeMargin: service.safeMargin, gutter: service.gutter(sources.length), bordered },
      textFitter(),
    );
    const coverSource = sources.find((page) => page.kind === 'story' && page.pictureSha256) ?? null;
    const cover = service.cover
      ? layoutCover(service.cover, trim, sources.length, { title: book.title, byline: author, blurb: book.blurb, picture: await originalPicture(coverSource?.pictureSha256 ?? null) }, textFitter())
      : null;
    return { book, trimName: options.trim, author, service, interior, sources, cover, coverSource, added };
  }

  /**
   * Swaps each picture for a JPEG that covers its box at 300 DPI (the slow part of an export),
   * and says how sharp each prints. Every page asks at once; the renditions are made as many at a
   * time as there are cores, and each page counts as ready the moment its picture is.
   */
  async function makePrintReady(prepared: PreparedBook, onProgress?: (done: number, total: number) => void) {
    const { interior, sources, cover, coverSource } = prepared;
    const total = interior.length + (cover ? 1 : 0);
    let done = 0;
    const pageReady = () => onProgress?.(++done, total);
    onProgress?.(done, total);
    const pictures = new Map<number, PictureResolution>();
    let coverPicture: PictureResolution | undefined;
    const interiorReady = interior.map(async (laid, index) => {
      const original = sources[index]!.pictureSha256;
      if (laid.page.picture && laid.pictureBox && original) {
        laid.page.picture = await renditionFor(original, laid.pictureBox);
        pictures.set(index, resolutionOf(laid.page.picture, laid.pictureBox));
      }
      pageReady();
    });
    const coverReady = (async () => {
      if (!cover) return;
      if (cover.picture && coverSource?.pictureSha256) {
        cover.picture.file = await renditionFor(coverSource.pictureSha256, cover.picture.box);
        coverPicture = resolutionOf(cover.picture.file, cover.picture.box);
      }
      pageReady();
    })();
    await Promise.all([...interiorReady, coverReady]);
    return { pictures, coverPicture };
  }

  /** A JPEG covering `box` (in points) at 300 DPI from the picture as it was drawn, made once and kept. */
  const renditionFor = (originalSha: string, box: Box): Promise<PictureFile> =>
    renditions.forBox(originalSha, { widthIn: box.width / POINTS_PER_INCH, heightIn: box.height / POINTS_PER_INCH });

  /** What this computer can make for the service: a plain PDF, or the PDF/X it asks for (with Ghostscript). */
  function fileKind(service: PrintService, tool: PdfxTool) {
    const makesPdfx = service.pdf === 'pdf-x-1a' && tool.available && tool.totalInkLimit <= (service.inkLimit ?? Infinity);
    return makesPdfx ? ({ colour: 'cmyk', pdf: 'pdf-x-1a' } as const) : ({ colour: 'rgb', pdf: 'plain' } as const);
  }

  function report(prepared: PreparedBook, checked: { pictures: Map<number, PictureResolution>; coverPicture?: PictureResolution }, tool: PdfxTool): PreflightReport {
    const { service, interior, cover, added } = prepared;
    const problems: PreflightProblem[] = [
      ...interiorProblems(interior, checked.pictures),
      ...(cover ? coverProblems(cover, checked.coverPicture, inches(service.cover!.safeMargin)) : []),
    ];
    const lowest = Math.min(PRINT_DPI * 2, ...[...checked.pictures.values(), ...(checked.coverPicture ? [checked.coverPicture] : [])].map((picture) => picture.embeddedPpi));
    const errors = problems.filter((problem) => problem.severity === 'error').map((problem) => `${where(problem.page)}${problem.message}`);
    const verdicts = serviceVerdicts({
      trim: prepared.trimName,
      interiorPages: interior.length,
      extraPages: added?.pages ?? 0,
      bleed: service.bleed,
      ...fileKind(service, tool),
      transparency: false,
      lowestPictureDpi: lowest,
      pdfx: pdfxFacts(tool),
    }).map((verdict) => {
      // Each service's cover is its own size: only the service the files were made for has one.
      const coverFor = verdict.service !== service.id && PRINT_SERVICES[verdict.service].cover ? [`The cover was made for ${service.label}: make the files for ${verdict.label} to get its cover.`] : [];
      const reasons = [...verdict.reasons, ...coverFor, ...errors];
      return { ...verdict, accepted: verdict.accepted && reasons.length === 0, reasons };
    });
    return {
      service: service.id,
      pageCount: interior.length,
      added,
      problems,
      verdicts,
      cover: cover ? { width: cover.media.width / POINTS_PER_INCH, height: cover.media.height / POINTS_PER_INCH, spineWidth: cover.spineWidthInches, spineWords: cover.spineWords !== null } : null,
    };
  }

  /**
   * Writes one PDF by way of a `.partial` file, then `finish` (the PDF/X conversion) works on
   * that file: under its real name there is only ever a complete file, made as asked.
   */
  async function writeFile(
    job: Omit<BookPdfJob, 'file' | 'allowedDirs'>,
    names: { exportId: string; fileName: string; target?: string },
    finish: (partial: string) => Promise<void> = async () => {},
  ): Promise<ExportFile & { file: string; writerPeakRssMb: number }> {
    const file = names.target ?? path.join(deps.exportDir, names.exportId);
    let peakRssMb = 0;
    const bytes = await replaceWhenWritten(file, async (partial) => {
      ({ peakRssMb } = await deps.writer.write({ ...job, file: partial, allowedDirs: [deps.assets.dir] }));
      await finish(partial);
    });
    return { exportId: names.exportId, fileName: names.fileName, bytes, pageCount: job.pages.length, file, writerPeakRssMb: peakRssMb };
  }

  return {
    async preflight(familyId: string, options: ExportOptions): Promise<PreflightReport> {
      // Someone looking at print settings is likely to export next: have the writer ready.
      deps.writer.warmUp();
      const prepared = await prepare(familyId, options);
      return report(prepared, await makePrintReady(prepared), await findPdfxTool());
    },

    /** The cover spread (where the service prints one), then the first interior pages, laid out exactly as the PDFs will be, with small pictures. */
    async preview(familyId: string, options: ExportOptions, pageCount = PREVIEW_PAGES): Promise<PrintPreviewPage[]> {
      deps.writer.warmUp();
      const { interior, sources, cover, coverSource } = await prepare(familyId, options);
      const pages: PrintPreviewPage[] = interior.slice(0, pageCount).map(({ page, geometry, pictureBox, words }, index) => {
        const thumbnail = sources[index]!.thumbnailSha256;
        return {
          kind: page.kind,
          width: geometry.media.width,
          height: geometry.media.height,
          trim: geometry.trim,
          safe: geometry.safe,
          picture: thumbnail && pictureBox ? { assetSha256: thumbnail, box: pictureBox } : null,
          fill: null,
          words: words.map(previewWords),
          spine: null,
        };
      });
      if (!cover) return pages;
      const thumbnail = coverSource?.thumbnailSha256 ?? null;
      return [
        {
          kind: 'cover',
          width: cover.media.width,
          height: cover.media.height,
          trim: cover.trim,
          safe: cover.front,
          picture: thumbnail && cover.picture ? { assetSha256: thumbnail, box: cover.picture.box } : null,
          fill: { color: COVER_BACKGROUND, box: cover.background },
          words: cover.words.map(previewWords),
          spine: { box: cover.spine, words: cover.spineWords ? previewWords({ fitted: cover.spineWords.fitted, box: cover.spineWords.box, panel: null, bold: true, align: 'center' }) : null },
        },
        ...pages,
      ];
    },

    /**
     * Writes the interior and, where the service prints one, the cover (to `files`, or into the
     * exports folder), and returns what the preflight found. Progress goes to `onProgress`:
     * pictures made ready page by page, then the files.
     */
    async exportPdf(familyId: string, options: ExportOptions, files: { interior?: string; cover?: string } = {}, onProgress: ProgressListener = () => {}) {
      const prepared = await prepare(familyId, options);
      const { book, author, service, interior, cover } = prepared;
      const tool = await findPdfxTool();
      const kind = fileKind(service, tool);
      if (service.pdf !== 'plain' && kind.pdf !== service.pdf) {
        // The verdict's own words for why this computer cannot make the file.
        const verdicts = serviceVerdicts({ trim: options.trim, interiorPages: interior.length, extraPages: 0, bleed: service.bleed, ...kind, transparency: false, lowestPictureDpi: PRINT_DPI, pdfx: pdfxFacts(tool) });
        throw new UserFacingError('unavailable', verdicts.find((each) => each.service === service.id)!.reasons[0]!);
      }
      const checked = await makePrintReady(prepared, (done, total) => onProgress({ stage: 'pictures', done, total }));
      const preflight = report(prepared, checked, tool);
      const name = `${options.service}-${options.trim}-${options.layout}`;
      const title = safeFileName(book.title);
      // Each file is written, then (for a service that takes PDF/X) separated into CMYK by Ghostscript;
      // progress counts the steps finished, since the files are made side by side.
      const steps = (cover ? 2 : 1) * (kind.pdf === 'plain' ? 1 : 2);
      let stepsDone = 0;
      const stepDone = () => onProgress({ stage: 'writing', done: ++stepsDone, total: steps });
      onProgress({ stage: 'writing', done: 0, total: steps });
      const made = (job: Omit<BookPdfJob, 'file' | 'allowedDirs'>, names: { exportId: string; fileName: string; target?: string }) =>
        writeFile(job, names, async (partial) => {
          stepDone();
          if (kind.pdf === 'plain' || !tool.available) return;
          await convertToPdfx({ input: partial, output: partial, profile: deps.pressProfile, tool });
          stepDone();
        });
      // Both at once: the writer takes the cover as soon as the interior is written, without a round trip between.
      const [interiorFile, coverFile] = await Promise.all([
        made(
          { title: book.title, author, pageSize: interior[0]!.geometry.media, pages: drawInterior(interior) },
          { exportId: `${book.id}-interior-${name}.pdf`, fileName: `${title} - interior.pdf`, target: files.interior },
        ),
        cover
          ? made({ title: book.title, author, pageSize: cover.media, pages: [drawCover(cover)] }, { exportId: `${book.id}-cover-${name}.pdf`, fileName: `${title} - cover.pdf`, target: files.cover })
          : null,
      ]);
      onProgress({ stage: 'finished', done: 1, total: 1 });
      return {
        interior: interiorFile,
        cover: coverFile,
        preflight,
        writerPeakRssMb: Math.max(interiorFile.writerPeakRssMb, coverFile?.writerPeakRssMb ?? 0),
      } satisfies ExportResult & { writerPeakRssMb: number };
    },

    /** A fold-and-staple booklet for the home printer: two pages a side, in saddle-stitch order, padded with blank pages to a multiple of four. */
    async exportBooklet(familyId: string, options: BookletOptions, file?: string, onProgress: ProgressListener = () => {}) {
      const book = await deps.library.get(familyId, options.bookId);
      const author = `by ${await deps.familyName(familyId)}`;
      const unpadded = interiorPages(book, author, options);
      const sources = padInterior(unpadded, bookletPageCount(unpadded.length) - unpadded.length, { extras: false });
      const size: TrimSize = BOOKLET_SHEETS[options.paper].page;
      const layout = layoutInterior(
        await toPrintPages(sources),
        { trim: size, layout: options.layout, bleed: NO_BLEED, safeMargin: HOME_MARGIN, gutter: HOME_MARGIN, bordered: true },
        textFitter(),
      );
      const prepared: PreparedBook = { book, trimName: 'letter', author, service: PRINT_SERVICES['home-printer'], interior: layout, sources, cover: null, coverSource: null, added: null };
      await makePrintReady(prepared, (done, total) => onProgress({ stage: 'pictures', done, total }));
      onProgress({ stage: 'writing', done: 0, total: 1 });
      const sheet = BOOKLET_SHEETS[options.paper].sheet;
      const folio = (text: string, box: Box): LaidWords => ({ fitted: textFitter().fit(text, box, { maxSize: 9, minSize: 7 }), box, panel: null, bold: false, align: 'center' });
      const written = await writeFile(
        { title: book.title, author, pageSize: { width: inches(sheet.width), height: inches(sheet.height) }, pages: drawBooklet(layout, options.paper, folio) },
        { exportId: `${book.id}-booklet-${options.paper}-${options.layout}.pdf`, fileName: `${safeFileName(book.title)} - booklet.pdf`, target: file },
      );
      onProgress({ stage: 'finished', done: 1, total: 1 });
      return written;
    },

    /** The file of an earlier export, by the id it returned; null for anything else. */
    exportFile(exportId: string): string | null {
      if (!EXPORT_ID_PATTERN.test(exportId)) return null;
      const file = path.join(deps.exportDir, exportId);
      return fs.existsSync(file) ? file : null;
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;

/** What the verdicts need to know of this computer's PDF/X: Ghostscript makes PDF/X-1a, within its ink limit. */
const pdfxFacts = (tool: PdfxTool): BookFacts['pdfx'] => (tool.available ? { available: true, standards: ['pdf-x-1a'], totalInkLimit: tool.totalInkLimit } : tool);

const where = (page: PreflightProblem['page']) => (page === 'cover' ? 'Cover: ' : page === null ? '' : `Page ${page}: `);

function resolutionOf(picture: { width: number; height: number }, box: Box): PictureResolution {
  const longest = Math.max(box.width, box.height) / POINTS_PER_INCH;
  return { embeddedPpi: coverPpi(picture, box), sourcePpi: DRAWN_PIXELS / longest };
}

function previewWords(words: LaidWords): PreviewWords {
  const { fitted, box } = words;
  return {
    lines: fitted.lines,
    font: fitted.font,
    bold: words.bold,
    fontSize: fitted.fontSize,
    lineAdvance: fitted.lines.length > 0 ? fitted.height / fitted.lines.length : 0,
    ascent: fitted.ascent,
    align: words.align,
    box,
    panel: words.panel,
  };
}
