import path from 'node:path';
import { Option, type Command } from 'commander';
import { BLEED_NAMES, exportOptionsSchema, LAYOUT_NAMES, TRIM_NAMES, type PreflightReport } from '../../src-preload/contract';
import { CliError, dataDirOption, withApp, type Io } from './cli-support';

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
        const result = await app.core.exporter.exportPdf(app.core.profile.familyId, parsed.data, path.resolve(options.pdf));
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
  const problems = report.problems;
  if (problems.length > 0) {
    lines.push('', 'Pages to look at:');
    for (const problem of problems) lines.push(`  ${problem.severity === 'error' ? 'error  ' : 'warning'} ${problem.page ? `page ${problem.page}: ` : ''}${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}
