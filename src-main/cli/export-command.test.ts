import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordEveryPage } from '../../tests/support/narrated-books';
import { storysprout } from '../../tests/support/run-cli';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';
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

describe('storysprout export --epub and --audio', () => {
  it('writes the read-along ebook and the book read aloud, and says which pages have no narration', async () => {
    const dataDir = tempDir();
    const made = await storysprout('make', '--prompt', 'a snail who races the rain', '--pages', '4', '--no-review', '--data-dir', dataDir);
    const bookId = /: ([0-9a-f-]{36})\n/.exec(made.out)![1]!;
    const app = await testApp({ dataDir });
    const { pages } = await app.call('library.get', { bookId });
    await recordEveryPage(app, pages.slice(0, 3));
    await app.close();

    const dir = tempDir();
    const [epub, audio] = [path.join(dir, 'snail.epub'), path.join(dir, 'snail.mp3')];
    const written = await storysprout('export', bookId, '--epub', epub, '--audio', audio, '--data-dir', dataDir);
    expect(written).toMatchObject({ code: 0, err: '' });
    expect(written.out).toMatch(
      /^Wrote .*snail\.epub \(the read-along ebook: 4 pages, [\d.]+ MB, read aloud in 0:\d\d; no narration to take on page 4\)\nWrote .*snail\.mp3 \(the book read aloud: 3 pages in 0:\d\d, a chapter each; no narration to take on page 4\)\n$/,
    );
    expect(fs.readFileSync(epub).toString('latin1', 30, 58)).toBe('mimetypeapplication/epub+zip');
    expect(fs.readFileSync(audio).toString('latin1', 0, 3)).toBe('ID3');

    const json = await storysprout('export', bookId, '--audio', audio, '--json', '--data-dir', dataDir);
    expect(JSON.parse(json.out)).toEqual({ audio: { file: audio, pages: 3, bytes: fs.statSync(audio).size, durationMs: expect.any(Number), pagesWithoutNarration: [4] } });
  });

  it.each([
    [['--for', 'kdp'], /say what to write: --pdf FILE \(to print\), --epub FILE \(the read-along ebook\) or --audio FILE \(the book read aloud\)/],
    [['--epub', 'book.epub', '--cover', 'cover.pdf'], /--cover goes with --pdf FILE/],
    [['--audio', 'book.mp3', '--booklet', 'a4'], /--booklet goes with --pdf FILE/],
  ])('answers %j with one line of reason', async (argv, reason) => {
    const result = await storysprout('export', '01930000-0000-7000-8000-000000000000', ...argv, '--data-dir', tempDir());
    expect(result).toMatchObject({ code: 1, err: expect.stringMatching(reason) });
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('says a book with no page read aloud has no audio to make', async () => {
    const dataDir = tempDir();
    const created = await storysprout('books', 'create', '--title', 'The Moon Cat', '--pages', '4', '--data-dir', dataDir);
    const bookId = /([0-9a-f-]{36})\n$/.exec(created.out)![1]!;
    const result = await storysprout('export', bookId, '--audio', path.join(tempDir(), 'cat.mp3'), '--data-dir', dataDir);
    expect(result).toMatchObject({ code: 1, err: expect.stringMatching(/^storysprout: No page of this book is read aloud yet/) });
  });
});
