import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { storysprout as cli } from '../../tests/support/run-cli';

describe('storysprout CLI', () => {
  it('creates books and lists them, as a table and as JSON', async () => {
    const dataDir = tempDir();
    const created = await cli('books', 'create', '--title', 'The Moon Cat', '--pages', '6', '--data-dir', dataDir);
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).toMatch(/^Created “The Moon Cat” \(6 pages\): [0-9a-f-]{36}\n$/);

    const table = await cli('books', 'list', '--data-dir', dataDir);
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+STATUS\s+PAGES\s+TITLE$/);
    expect(table.out).toMatch(/draft\s+6\s+The Moon Cat/);

    const json = await cli('books', 'list', '--json', '--data-dir', dataDir);
    expect(JSON.parse(json.out)).toMatchObject([{ title: 'The Moon Cat', pageCount: 6, status: 'draft' }]);
  });

  it('says how to start when the library is empty', async () => {
    const result = await cli('books', 'list', '--data-dir', tempDir());
    expect(result.out).toMatch(/No books yet/);
  });

  it.each([
    [['books', 'create', '--pages', '4'], 2, /required option '--title <title>' not specified/],
    [['books', 'create', '--title', 'X', '--pages', 'four'], 2, /'--pages <n>' argument 'four' is invalid\. must be a whole number/],
    [['books', 'shelve'], 2, /unknown command 'shelve'/],
    [['host', '--port', '70000'], 2, /must be between 0 \(any free port\) and 65535/],
    [['books', 'create', '--title', ' ', '--pages', '4'], 1, /library\.create: title: a book needs a title/],
    [['books', 'create', '--title', 'Long', '--pages', '33'], 1, /pageCount: a book has at most 32 pages/],
  ])('answers %j with exit code %i and one line of reason', async (argv, code, reason) => {
    const result = await cli(...argv, '--data-dir', tempDir());
    expect(result.code).toBe(code);
    expect(result.err).toMatch(reason);
    expect(result.err.startsWith('storysprout: ')).toBe(true);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('explains a damaged library in one line and leaves it alone', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'library.sqlite');
    fs.writeFileSync(file, 'garbage garbage garbage garbage');
    const result = await cli('books', 'list', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^storysprout: The library file .* is damaged and cannot be opened/);
    expect(fs.readFileSync(file, 'utf8')).toBe('garbage garbage garbage garbage');
  });

  it('prints help and exits 0', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Usage: storysprout/);
  });
});

describe('storysprout make, resume and books show', () => {
  it('stops to show the cast, draws the pages with `draw`, and exits 0 each time, with a line of progress per step', async () => {
    const dataDir = tempDir();
    const written = await cli('make', '--prompt', 'a cloud who wants to rain lemonade', '--pages', '4', '--age', '4', '--data-dir', dataDir);
    expect(written.code).toBe(0);
    expect(written.out).toMatch(/^“.*” is written, and its cast is ready to meet \([0-9a-f-]{36}\):\n( {2}\S[^:]*: \S.*\n)+Open the book in StorySprout .* storysprout draw [0-9a-f-]{36}\n$/);
    expect(written.err).toContain('story: done');
    expect(written.err).toContain('cast: waiting');
    expect(written.err).not.toContain('page 1/4');
    const bookId = /storysprout draw ([0-9a-f-]{36})/.exec(written.out)![1]!;

    const made = await cli('draw', bookId, '--data-dir', dataDir);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^Made “.*” \(offline draft\), 4 pages: [0-9a-f-]{36}\nReading level: About right for 4\n$/);
    for (const page of [1, 2, 3, 4]) expect(made.err).toContain(`page ${page}/4 rendition: done`);
    expect(made.err).toContain('book: done');

    const shown = await cli('books', 'show', bookId, '--json', '--data-dir', dataDir);
    const book = JSON.parse(shown.out);
    expect(book).toMatchObject({ id: bookId, status: 'complete', pageCount: 4, generation: { status: 'complete', offlineDraft: true } });
    expect(book.pages.every((page: { generateStatus: string }) => page.generateStatus === 'complete')).toBe(true);

    const text = await cli('books', 'show', bookId, '--data-dir', dataDir);
    expect(text.out).toMatch(/ — complete, 4 pages \(offline draft\)\n\s+1\. \[complete\] /);
    expect(text.out).toMatch(/\n {2}Back cover: \S.+\n$/);
  });

  it('refuses an odd page count with the contract’s reason', async () => {
    const result = await cli('make', '--prompt', 'a cloud', '--pages', '5', '--data-dir', tempDir());
    expect(result).toMatchObject({ code: 1, err: expect.stringMatching(/pageCount must be even/) });
  });

  it('says when there is nothing to resume', async () => {
    const result = await cli('resume', '--data-dir', tempDir());
    expect(result).toMatchObject({ code: 0, err: 'Nothing to resume: every book is finished.\n' });
  });

  it('exits 1 with the reason when the book cannot be finished', async () => {
    const previous = { ...process.env };
    Object.assign(process.env, { STORYSPROUT_IMAGE_PROVIDER: 'automatic1111', STORYSPROUT_AUTOMATIC1111_URL: 'http://127.0.0.1:9', STORYSPROUT_TEXT_PROVIDER: 'nonsense' });
    try {
      const result = await cli('make', '--prompt', 'a cloud', '--pages', '4', '--data-dir', tempDir());
      expect(result).toMatchObject({ code: 1, err: expect.stringMatching(/There is no text provider named “nonsense”/) });
    } finally {
      process.env = previous;
    }
  });

  it('exports the interior and the cover for a service, padded on request, and prints each service’s verdict', async () => {
    const dataDir = tempDir();
    const made = await cli('make', '--prompt', 'a snail who races the rain', '--pages', '4', '--no-review', '--data-dir', dataDir);
    const bookId = /: ([0-9a-f-]{36})\n/.exec(made.out)![1]!;
    const dir = tempDir();
    const [interior, cover] = [path.join(dir, 'snail.pdf'), path.join(dir, 'snail-cover.pdf')];
    const result = await cli('export', bookId, '--for', 'kdp', '--pdf', interior, '--cover', cover, '--data-dir', dataDir);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Wrote .*snail\.pdf \(6 pages, [\d.]+ MB\)\nWrote .*snail-cover\.pdf \(the cover: 17\.264 × 8\.750 in, spine 0\.014 in\)\n\nPrint services:\n/);
    expect(result.out).toMatch(/no {3}Amazon KDP paperback: .*24/);
    expect(fs.readFileSync(cover).subarray(0, 5).toString()).toBe('%PDF-');
    expect(result.err).toBe('Pictures ready to print…\nWriting the PDF…\n');

    // Saddle stitching takes pages in fours: two more make eight.
    const padded = await cli('export', bookId, '--for', 'lulu/saddle-stitch', '--pdf', interior, '--pad', '--json', '--data-dir', dataDir);
    const report = JSON.parse(padded.out) as { pageCount: number; added: { pages: number }; cover: { spineWidth: number }; verdicts: { service: string; accepted: boolean }[] };
    expect(report).toMatchObject({ pageCount: 8, added: { pages: 2 }, cover: { spineWidth: 0 } });
    expect(report.verdicts.find((verdict) => verdict.service === 'lulu-saddle-stitch')).toMatchObject({ accepted: true });

    const booklet = await cli('export', bookId, '--booklet', 'a4', '--pdf', path.join(dir, 'booklet.pdf'), '--data-dir', dataDir);
    expect(booklet.out).toMatch(/\(4 sheet sides of a4 paper: print on both sides, flip on the short edge, fold and staple\)/);
    const wrong = await cli('export', bookId, '--pdf', interior, '--for', 'kinkos', '--data-dir', dataDir);
    expect(wrong).toMatchObject({ code: 2, err: expect.stringMatching(/argument 'kinkos' is invalid. Allowed choices are home, kdp/) });
  });

  it('shows a book that does not exist as not found', async () => {
    const result = await cli('books', 'show', '01930000-0000-7000-8000-000000000000', '--data-dir', tempDir());
    expect(result).toMatchObject({ code: 1, err: 'storysprout: That book was not found. It may have been deleted.\n' });
  });
});
