import { describe, expect, it } from 'vitest';
import { formatPreflight } from './export-command';

describe('the preflight as the CLI prints it', () => {
  it('says a finding shared by many pages once, with the pages as ranges', () => {
    const enlarged = 'The picture was drawn at 117 DPI for this size and enlarged; it may look soft up close.';
    const text = formatPreflight({
      service: 'lulu-paperback',
      pageCount: 8,
      added: { pages: 2, why: '“This book belongs to” and a blank page were added: Lulu paperback needs an even number of pages.' },
      verdicts: [
        { service: 'lulu-paperback', label: 'Lulu paperback', accepted: true, supported: true, reasons: [], notes: ['Check the spine with Lulu.'], padding: null },
        { service: 'kdp-hardcover', label: 'Amazon KDP hardcover', accepted: false, supported: true, reasons: ['It needs at least 75 pages.', 'Choose 7×10 in.'], notes: ['Not the chosen service: not printed.'], padding: null },
        { service: 'ingramspark-paperback', label: 'IngramSpark paperback', accepted: false, supported: false, reasons: ['Ghostscript was not found'], notes: [], padding: null },
      ],
      problems: [
        ...[1, 2, 3, 4, 6].map((page) => ({ page, severity: 'warning' as const, message: enlarged })),
        { page: 7, severity: 'error', message: 'This page has no picture yet.' },
        { page: 'cover', severity: 'error', message: 'The cover has no picture yet.' },
        { page: null, severity: 'warning', message: 'Short books print thin spines.' },
      ],
      cover: { width: 17.4, height: 8.75, spineWidth: 0.15, spineWords: false },
    });
    expect(text).toBe(
      [
        '',
        'Added 2 pages: “This book belongs to” and a blank page were added: Lulu paperback needs an even number of pages.',
        '',
        'Print services:',
        '  ok   Lulu paperback',
        '  no   Amazon KDP hardcover: It needs at least 75 pages. Choose 7×10 in.',
        '  n/a  IngramSpark paperback: Ghostscript was not found',
        '',
        'Before ordering from Lulu paperback:',
        '  - Check the spine with Lulu.',
        '',
        'Pages to look at:',
        `  warning pages 1-4, 6: ${enlarged}`,
        '  error   page 7: This page has no picture yet.',
        '  error   cover: The cover has no picture yet.',
        '  warning Short books print thin spines.',
        '',
      ].join('\n'),
    );
  });
});
