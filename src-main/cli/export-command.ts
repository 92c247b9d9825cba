import path from 'node:path';
import { Option, type Command } from 'commander';
import { BLEED_NAMES, exportOptionsSchema, LAYOUT_NAMES, TRIM_NAMES, type PreflightReport } from '../../src-preload/contract';
import { CliError, dataDirOption, withApp, type Io } from './cli-support';
import { createExportProgressDisplay } from './progress-display';

export function registerExportCommand(program: Command, io: Io): void {
  program
    .command('export')
    .description('write a print-ready PDF of a book, after checking it for printers')
    .argument('<book-id>', 'the book’s id, as `books list` prints it')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .addOption(new Option('--trim <size>', 'trim size').choices(TRIM_NAMES).default('8.5x8.5'))
    .addOption(new Option('--bleed <kind>', 'bleed: lulu (every side; IngramSpark too), kdp, or none').choices(BLEED_NAMES).default('lulu'))
    .addOption(new Option('--layout <layout>', 'page layout').choices(LAYOUT_NAMES).default('full-bleed'))
    .option('--no-end-page', 'leave out “The End” page')
    .option(...dataDirOption)
    .action(async (bookId: string, options: { pdf: string; trim: string; bleed: string; layout: string; endPage: boolean; dataDir?: string }) => {
      const parsed = exportOptionsSchema.safeParse({ bookId, trim: options.trim, bleed: options.bleed, layout: options.layout, endPage: options.endPage });
      if (!parsed.success) throw new CliError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      await withApp(options.dataDir, async (app) => {
        const display = createExportProgressDisplay(io);
        const result = await app.core.exporter
          .exportPdf(app.core.profile.familyId, parsed.data, path.resolve(options.pdf), (progress) => display.update(progress))
          .finally(() => display.stop());
        io.out(`Wrote ${result.file} (${result.pageCount} pages, ${(result.bytes / 1024 / 1024).toFixed(1)} MB)\n`);
        io.out(formatPreflight(result.preflight));
      });
    });
}

export function formatPreflight(report: PreflightReport): string {
  const lines = ['', 'Preflight:'];
  for (const target of report.targets) {
    lines.push(`  ${target.accepted ? 'ok  ' : 'no  '} ${target.label}${target.accepted ? '' : `: ${target.reasons.join('; ')}`}`);
  }
  if (report.problems.length > 0) {
    lines.push('', 'Pages to look at:');
    // The same finding on many pages (a 32-page book drawn small) reads best as one line.
    const grouped = new Map<string, { severity: string; message: string; pages: number[] }>();
    for (const problem of report.problems) {
      const key = `${problem.severity} ${problem.message}`;
      const group = grouped.get(key) ?? { severity: problem.severity, message: problem.message, pages: [] };
      if (problem.page !== null) group.pages.push(problem.page);
      grouped.set(key, group);
    }
    for (const { severity, message, pages } of grouped.values()) {
      lines.push(`  ${severity === 'error' ? 'error  ' : 'warning'} ${pages.length > 0 ? `${pageList(pages)}: ` : ''}${message}`);
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
