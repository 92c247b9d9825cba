import { describe, expect, it } from 'vitest';
import { formatPreflight } from './export-command';

describe('the preflight as the CLI prints it', () => {
  it('says a finding shared by many pages once, with the pages as ranges', () => {
    const enlarged = 'The picture was drawn at 117 DPI for this size and enlarged; it may look soft up close.';
    const text = formatPreflight({
      pageCount: 8,
      targets: [{ target: 'lulu', label: 'Lulu', accepted: true, reasons: [] }],
      problems: [
        ...[1, 2, 3, 4, 6].map((page) => ({ page, severity: 'warning' as const, message: enlarged })),
        { page: 7, severity: 'error', message: 'This page has no picture yet.' },
        { page: null, severity: 'warning', message: 'Short books print thin spines.' },
      ],
    });
    expect(text).toBe(
      [
        '',
        'Preflight:',
        '  ok   Lulu',
        '',
        'Pages to look at:',
        `  warning pages 1-4, 6: ${enlarged}`,
        '  error   page 7: This page has no picture yet.',
        '  warning Short books print thin spines.',
        '',
      ].join('\n'),
    );
  });
});
