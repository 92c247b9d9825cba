import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  BOOKLET_PAPERS,
  bookletOptionsSchema,
  bridgeCalls,
  exportOptionsSchema,
  LAYOUT_NAMES,
  PRINT_SERVICE_IDS,
  TRIM_NAMES,
  type NarratedExportFile,
  type PreflightReport,
  type PrintServiceId,
} from '../../src-preload/contract';
import type { App } from '../app/open-app';
import { CliError, dataDirOption, withApp, type Io } from './cli-support';
import { createExportProgressDisplay } from './progress-display';

/** `--for` takes a service and, where it has several, a binding: kdp, kdp/hardcover, lulu/saddle-stitch, home… */
const SERVICE_NAMES = ['home', 'kdp', 'kdp/hardcover', 'lulu', 'lulu/saddle-stitch', 'lulu/hardcover', 'ingramspark', 'ingramspark/hardcover', 'blurb'] as const;

export function serviceIdOf(name: string): PrintServiceId | null {
  if (name === 'home') return 'home-printer';
  if (name === 'blurb') return 'blurb';
  const [service, binding = 'paperback'] = name.split('/');
  const id = `${service}-${binding}`;
  return (PRINT_SERVICE_IDS as readonly string[]).includes(id) ? (id as PrintServiceId) : null;
}

interface ExportCommandOptions {
  for: string;
  pdf?: string;
  cover?: string;
  booklet?: string;
  epub?: string;
  audio?: string;
  trim: string;
  layout: string;
  belongsTo?: boolean;
  dedication?: string;
  endPage: boolean;
  pad?: boolean;
  json?: boolean;
  dataDir?: string;
}

const issuesOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) => error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');

/** What one file an export wrote is, as `--json` prints it. */
const fileJson = (made: { file: string; pageCount: number; bytes: number }) => ({ file: made.file, pages: made.pageCount, bytes: made.bytes });
const narratedJson = (made: NarratedExportFile & { file: string }) => ({ ...fileJson(made), durationMs: made.durationMs, pagesWithoutNarration: made.pagesWithoutNarration });

export function registerExportCommand(program: Command, io: Io): void {
  program
    .command('export')
    .description('write print-ready PDFs of a book for a print service (the interior and its cover) or a booklet to print at home, the read-along ebook, or the book read aloud')
    .argument('<book-id>', 'the book’s id, as `books list` prints it')
    .option('--pdf <file>', 'where to write the interior (or the booklet)')
    .addOption(new Option('--for <service>', 'the print service and binding').choices(SERVICE_NAMES).default('lulu'))
    .option('--cover <file>', 'where to write the cover (back, spine and front), for a service that prints one')
    .addOption(new Option('--booklet <paper>', 'a fold-and-staple booklet for a home printer, instead').choices(BOOKLET_PAPERS))
    .addOption(new Option('--trim <size>', 'trim size').choices(TRIM_NAMES).default('8.5x8.5'))
    .addOption(new Option('--layout <layout>', 'page layout').choices(LAYOUT_NAMES).default('full-bleed'))
    .option('--belongs-to', 'add a “This book belongs to” page')
    .option('--dedication <words>', 'add a dedication page')
    .option('--no-end-page', 'leave out “The End” page')
    .option('--pad', 'add the pages the service needs to reach its minimum (extra pages, then blank ones)')
    .option('--epub <file>', 'where to write the read-along ebook (EPUB 3 with fixed pages; each word lit as it is read aloud, where a page has narration)')
    .option('--audio <file>', 'where to write the book read aloud (one MP3, a chapter a page)')
    .option('--json', 'print the verdicts, the spine width and the files as JSON')
    .option(...dataDirOption)
    .action(async (bookId: string, options: ExportCommandOptions) => {
      if (!options.pdf && !options.epub && !options.audio) throw new CliError('say what to write: --pdf FILE (to print), --epub FILE (the read-along ebook) or --audio FILE (the book read aloud)');
      if (!options.pdf && (options.cover || options.booklet)) throw new CliError(`${options.cover ? '--cover' : '--booklet'} goes with --pdf FILE, where the inside pages are written`);
      const print = options.pdf ? printJob(bookId, options.pdf, options) : null;
      if ((options.epub || options.audio) && !bridgeCalls['export.epub'].input.safeParse({ bookId }).success) throw new CliError(`book-id: ${JSON.stringify(bookId)} is not a book’s id`);
      await withApp(options.dataDir, async (app) => {
        const familyId = app.core.profile.familyId;
        const json: Record<string, unknown> = print ? await print(app) : {};
        if (options.epub) {
          const made = await app.core.epubExport.write(familyId, bookId, path.resolve(options.epub));
          json.epub = narratedJson(made);
          if (!options.json) io.out(`Wrote ${made.file} (the read-along ebook: ${made.pageCount} ${made.pageCount === 1 ? 'page' : 'pages'}, ${megabytes(made.bytes)}${readAloud(made)})\n`);
        }
        if (options.audio) {
          const made = await app.core.bookAudioExport.write(familyId, bookId, path.resolve(options.audio));
          json.audio = narratedJson(made);
          if (!options.json) io.out(`Wrote ${made.file} (the book read aloud: ${made.pageCount} ${made.pageCount === 1 ? 'page' : 'pages'} in ${playingTime(made.durationMs)}, a chapter each${skipped(made)})\n`);
        }
        if (options.json) io.out(`${JSON.stringify(json, null, 2)}\n`);
      });
    });

  /** The PDFs asked for, checked before the library is opened: written, their report printed, and what `--json` prints of them returned. */
  function printJob(bookId: string, pdf: string, options: ExportCommandOptions): (app: App) => Promise<Record<string, unknown>> {
    const extras = { belongsTo: options.belongsTo ?? false, dedication: options.dedication ?? '', theEnd: options.endPage };
    if (options.booklet) {
      const parsed = bookletOptionsSchema.safeParse({ bookId, paper: options.booklet, layout: options.layout, ...extras });
      if (!parsed.success) throw new CliError(issuesOf(parsed.error));
      return async (app) => {
        const display = createExportProgressDisplay(io);
        const written = await app.core.exporter
          .exportBooklet(app.core.profile.familyId, parsed.data, path.resolve(pdf), (progress) => display.update(progress))
          .finally(() => display.stop());
        if (!options.json) io.out(`Wrote ${written.file} (${written.pageCount} sheet sides of ${options.booklet} paper: print on both sides, flip on the short edge, fold and staple)\n`);
        return { booklet: fileJson(written) };
      };
    }
    const service = serviceIdOf(options.for);
    if (!service) throw new CliError(`--for is one of ${SERVICE_NAMES.join(', ')}`);
    const parsed = exportOptionsSchema.safeParse({ bookId, service, trim: options.trim, layout: options.layout, pad: options.pad ?? false, ...extras });
    if (!parsed.success) throw new CliError(issuesOf(parsed.error));
    return async (app) => {
      const display = createExportProgressDisplay(io);
      const result = await app.core.exporter
        .exportPdf(app.core.profile.familyId, parsed.data, { interior: path.resolve(pdf), ...(options.cover && { cover: path.resolve(options.cover) }) }, (progress) => display.update(progress))
        .finally(() => display.stop());
      if (!options.json) {
        io.out(`Wrote ${result.interior.file} (${result.interior.pageCount} pages, ${megabytes(result.interior.bytes)})\n`);
        if (result.cover) io.out(`Wrote ${result.cover.file} (the cover: ${coverSize(result.preflight)})\n`);
        else if (result.preflight.cover && !options.cover) io.out(`This service prints a cover too: give --cover FILE to write it (${coverSize(result.preflight)}).\n`);
        io.out(formatPreflight(result.preflight));
      }
      return { files: { interior: fileJson(result.interior), cover: result.cover && fileJson(result.cover) }, ...result.preflight };
    };
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** 1:05 */
const playingTime = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;
const skipped = (made: NarratedExportFile) => (made.pagesWithoutNarration.length > 0 ? `; no narration to take on ${pageList(made.pagesWithoutNarration)}` : '');
const readAloud = (made: NarratedExportFile) => (made.durationMs > 0 ? `, read aloud in ${playingTime(made.durationMs)}${skipped(made)}` : ', with no narration to take');

const coverSize = (report: PreflightReport) =>
  report.cover ? `${report.cover.width.toFixed(3)} × ${report.cover.height.toFixed(3)} in, spine ${report.cover.spineWidth.toFixed(3)} in${report.cover.spineWords ? ' with its title' : ''}` : '';

export function formatPreflight(report: PreflightReport): string {
  const lines = [''];
  if (report.added) lines.push(`Added ${report.added.pages} ${report.added.pages === 1 ? 'page' : 'pages'}: ${report.added.why}`, '');
  lines.push('Print services:');
  for (const verdict of report.verdicts) {
    const mark = !verdict.supported ? 'n/a ' : verdict.accepted ? 'ok  ' : 'no  ';
    lines.push(`  ${mark} ${verdict.label}${verdict.accepted ? '' : `: ${verdict.reasons.join(' ')}`}`);
  }
  const chosen = report.verdicts.find((verdict) => verdict.service === report.service);
  if (chosen && chosen.notes.length > 0) lines.push('', `Before ordering from ${chosen.label}:`, ...chosen.notes.map((note) => `  - ${note}`));
  if (report.problems.length > 0) {
    lines.push('', 'Pages to look at:');
    // The same finding on many pages (a 32-page book drawn small) reads best as one line.
    const grouped = new Map<string, { severity: string; message: string; pages: number[]; cover: boolean }>();
    for (const problem of report.problems) {
      const key = `${problem.severity} ${problem.message}`;
      const group = grouped.get(key) ?? { severity: problem.severity, message: problem.message, pages: [], cover: false };
      if (typeof problem.page === 'number') group.pages.push(problem.page);
      if (problem.page === 'cover') group.cover = true;
      grouped.set(key, group);
    }
    for (const { severity, message, pages, cover } of grouped.values()) {
      const where = [cover ? 'cover' : '', pages.length > 0 ? pageList(pages) : ''].filter(Boolean).join(', ');
      lines.push(`  ${severity === 'error' ? 'error  ' : 'warning'} ${where ? `${where}: ` : ''}${message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** "page 3", "pages 2-5, 8": runs of pages as ranges. */
function pageList(pages: number[]): string {
  const runs: string[] = [];
  for (let index = 0; index < pages.length; index++) {
    const start = pages[index]!;
    while (pages[index + 1] === pages[index]! + 1) index++;
    runs.push(start === pages[index] ? `${start}` : `${start}-${pages[index]}`);
  }
  return `${pages.length === 1 ? 'page' : 'pages'} ${runs.join(', ')}`;
}
