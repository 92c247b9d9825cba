import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';

const tool = (name: string, ...args: string[]) => execFileSync(name, args, { encoding: 'utf8' });

/** pdfinfo -box: page size and boxes of every page, in points. */
function boxes(file: string) {
  const out = tool('pdfinfo', '-box', '-f', '1', '-l', '999', file);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)![1]);
  const read = (kind: string) =>
    [...out.matchAll(new RegExp(`^Page\\s+(\\d+) ${kind}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'gm'))].map((match) => match.slice(2).map(Number));
  return { pages, media: read('MediaBox'), trim: read('TrimBox'), bleed: read('BleedBox') };
}

async function bookWithPictures(pageCount = 4, idea = 'a fox who collects moonbeams') {
  const app = await testApp({ runQueue: true });
  const started = await app.call('generation.start', { idea, pageCount, readerAge: 5 });
  await app.core.generation.settled(started.id);
  return { app, bookId: started.bookId };
}

describe('print-ready PDF export', () => {
  it('writes trim plus bleed pages with TrimBox and BleedBox, embedded fonts and 300 DPI pictures', async () => {
    const { app, bookId } = await bookWithPictures();
    const file = path.join(tempDir(), 'book.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, { bookId, trim: '8.5x8.5', bleed: 'lulu', layout: 'full-bleed', endPage: true }, file);
    expect(result.pageCount).toBe(6); // cover, 4 pages, the end
    expect(result.preflight.problems.filter((problem) => problem.severity === 'error')).toEqual([]);

    const info = boxes(file);
    expect(info.pages).toBe(6);
    for (let page = 0; page < 6; page++) {
      expect(info.media[page]).toEqual([0, 0, 630, 630]); // 8.75 in
      expect(info.trim[page]).toEqual([9, 9, 621, 621]); // 8.5 in, 0.125 in in from each edge
      expect(info.bleed[page]).toEqual([0, 0, 630, 630]);
    }

    const fonts = tool('pdffonts', file).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font).toMatch(/Andika|DejaVu/);
      expect(font).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/); // embedded, subset
    }

    const images = tool('pdfimages', '-list', file).split('\n').slice(2).filter(Boolean);
    expect(images).toHaveLength(5); // the cover and 4 pages
    for (const image of images) {
      const columns = image.trim().split(/\s+/);
      expect(columns[8]).toBe('jpeg');
      expect(Number(columns[12])).toBeGreaterThanOrEqual(300); // x-ppi
      expect(Number(columns[13])).toBeGreaterThanOrEqual(300); // y-ppi
    }
    expect(tool('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors found/);
  });

  it('puts KDP bleed on the outside edge only, alternating sides', async () => {
    const { app, bookId } = await bookWithPictures();
    const file = path.join(tempDir(), 'kdp.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, { bookId, trim: '8.5x8.5', bleed: 'kdp', layout: 'picture-above', endPage: false }, file);
    const info = boxes(file);
    expect(info.pages % 2).toBe(0);
    expect(info.media[0]).toEqual([0, 0, 621, 630]); // 8.625 x 8.75 in
    expect(info.trim[0]).toEqual([0, 9, 612, 621]); // right-hand page: bleed on the right
    expect(info.trim[1]).toEqual([9, 9, 621, 621]); // left-hand page: bleed on the left
    const kdp = result.preflight.targets.find((target) => target.target === 'kdp-paperback')!;
    expect(kdp).toMatchObject({ accepted: false, reasons: [expect.stringMatching(/at least 24 pages; this book has 6/)] });
    expect(result.preflight.targets.find((target) => target.target === 'lulu')!.reasons).toContain('needs 0.125 in bleed on every side (choose “lulu” bleed)');
  });

  it('makes a new 300 DPI rendition for a trim the pictures do not cover', async () => {
    const { app, bookId } = await bookWithPictures();
    const file = path.join(tempDir(), 'letter.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, { bookId, trim: 'letter', bleed: 'none', layout: 'full-bleed', endPage: true }, file);
    expect(result.preflight.targets.find((target) => target.target === 'home-printer')).toMatchObject({ accepted: true });
    const images = tool('pdfimages', '-list', file).split('\n').slice(2).filter(Boolean);
    for (const image of images) expect(Number(image.trim().split(/\s+/)[12])).toBeGreaterThanOrEqual(300);
    expect(boxes(file).media[0]).toEqual([0, 0, 612, 792]);
  });

  it('says clearly what a book without pictures lacks, and still writes a correct PDF', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Words only', pageCount: 3 });
    await app.call('pages.updateText', { pageId: book.pages[0]!.id, text: 'Once there was a 🦊 fox who said مرحبا and שלום. 😀' });
    await app.call('pages.updateText', { pageId: book.pages[1]!.id, text: 'word '.repeat(900) });
    const file = path.join(tempDir(), 'words.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, { bookId: book.id, trim: '8.5x8.5', bleed: 'none', layout: 'full-bleed', endPage: true }, file);
    const messages = result.preflight.problems.map((problem) => `${problem.page}: ${problem.message}`);
    expect(messages).toContain('1: The cover has no picture yet.');
    expect(messages).toContain('2: This page has no picture yet.');
    expect(messages).toContain('2: On this page emoji were left out: print fonts cannot draw them.');
    expect(messages).toContain('2: On this page a line mixing right-to-left and left-to-right words may print in the wrong order.');
    expect(messages.some((message) => /^3: The words do not fit, even at 14 pt/.test(message))).toBe(true);
    expect(messages).toContain('4: This page has no words.');
    expect(result.preflight.targets.find((target) => target.target === 'lulu')!.accepted).toBe(false);
    expect(tool('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors found/);
    expect(tool('pdffonts', file)).toMatch(/DejaVuSans/);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  });

  it('prints right-to-left stories with the wide font', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'سفر', pageCount: 2 });
    await app.call('pages.updateText', { pageId: book.pages[0]!.id, text: 'كان يا ما كان ثعلب صغير يجمع ضوء القمر' });
    const file = path.join(tempDir(), 'rtl.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, { bookId: book.id, trim: '8.5x8.5', bleed: 'none', layout: 'picture-above', endPage: false }, file);
    expect(result.pageCount).toBe(4);
    expect(tool('pdffonts', file)).toMatch(/DejaVuSans/);
    expect(tool('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors found/);
  });

  it('previews the first pages laid out as the PDF prints them, with small pictures and no file written', async () => {
    const { app, bookId } = await bookWithPictures();
    const options = { bookId, trim: '8x10', bleed: 'lulu', layout: 'full-bleed', endPage: true } as const;
    const preview = await app.call('export.preview', options);
    expect(preview.map((page) => page.kind)).toEqual(['cover', 'story', 'story', 'story', 'story']);
    const book = await app.call('library.get', { bookId });
    const [cover, first] = preview;
    expect(cover).toMatchObject({ width: 594, height: 738, trim: { x: 9, y: 9, width: 576, height: 720 } }); // 8.25 x 10.25 in
    expect(cover!.picture!.assetSha256).toBe(book.pages[0]!.thumbnailAssetSha256);
    expect(cover!.words).toMatchObject({ bold: true, align: 'center' });
    expect(cover!.words!.lines.join(' ')).toMatch(new RegExp(`^${book.title} by `));
    expect(first!.words!.lines.join(' ')).toBe(book.pages[0]!.text.replace(/\s+/g, ' ').trim());
    expect(first!.words!.panel).not.toBeNull();
    for (const page of preview) {
      const { safe } = page;
      const words = page.words!.box;
      expect(words.x).toBeGreaterThanOrEqual(safe.x);
      expect(words.x + words.width).toBeLessThanOrEqual(safe.x + safe.width + 0.001);
    }
    expect(fs.existsSync(path.join(app.core.dataDir, 'exports'))).toBe(false);
  });

  it('reports progress: each page’s picture made ready, then the file written', async () => {
    const { app, bookId } = await bookWithPictures(4);
    const stages: string[] = [];
    await app.core.exporter.exportPdf(app.core.profile.familyId, { bookId, trim: '8.5x8.5', bleed: 'lulu', layout: 'full-bleed', endPage: true }, path.join(tempDir(), 'p.pdf'), (progress) =>
      stages.push(`${progress.stage} ${progress.done}/${progress.total}`),
    );
    expect(stages).toEqual(['pictures 0/6', 'pictures 1/6', 'pictures 2/6', 'pictures 3/6', 'pictures 4/6', 'pictures 5/6', 'pictures 6/6', 'writing 0/1', 'finished 1/1']);
  });
});
