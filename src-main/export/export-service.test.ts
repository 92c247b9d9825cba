import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportOptionsSchema, type ExportOptions } from '../../src-preload/contract';
import { newId } from '../store/ids';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';
import { transparencyIn } from '../../tests/support/pdf-transparency';
import { saddleStitchOrder } from './booklet';
import { PRINT_SERVICES } from './print-services';

const tool = (name: string, ...args: string[]) => execFileSync(name, args, { encoding: 'utf8' });
const pt = (inches: number) => Math.round(inches * 72 * 1000) / 1000;

/** pdfinfo -box: page size and boxes of every page, in points. */
function boxes(file: string) {
  const out = tool('pdfinfo', '-box', '-f', '1', '-l', '999', file);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)![1]);
  const read = (kind: string) =>
    [...out.matchAll(new RegExp(`^Page\\s+(\\d+) ${kind}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'gm'))].map((match) => match.slice(2).map(Number));
  return { pages, media: read('MediaBox'), trim: read('TrimBox'), bleed: read('BleedBox') };
}

/** pdfimages -list, one row a picture: the page it is on, its encoding and its resolution. */
function pictures(file: string) {
  return tool('pdfimages', '-list', file)
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((row) => {
      const columns = row.trim().split(/\s+/);
      return { page: Number(columns[0]), encoding: columns[8], xPpi: Number(columns[12]), yPpi: Number(columns[13]) };
    });
}

function expectPrintable(file: string) {
  expect(tool('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors found/);
  const fonts = tool('pdffonts', file).split('\n').slice(2).filter(Boolean);
  for (const font of fonts) expect(font).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/); // embedded, subset
  for (const picture of pictures(file)) {
    expect(picture.encoding).toBe('jpeg');
    expect(picture.xPpi).toBeGreaterThanOrEqual(300);
    expect(picture.yPpi).toBeGreaterThanOrEqual(300);
  }
  expect(transparencyIn(file)).toEqual([]);
}

async function bookWithPictures(pageCount = 4, idea = 'a fox who collects moonbeams') {
  const app = await testApp({ runQueue: true });
  const started = await app.call('generation.start', { idea, pageCount, readerAge: 5 });
  await app.core.generation.settled(started.id);
  return { app, bookId: started.bookId };
}

const options = (input: Partial<ExportOptions> & { bookId: string }): ExportOptions => exportOptionsSchema.parse(input);

describe('print-ready files for a print service', () => {
  it('writes the interior without the cover, starting with a title page, every page trim plus the service’s bleed, and the cover as a file of its own', async () => {
    const { app, bookId } = await bookWithPictures();
    const dir = tempDir();
    const files = { interior: path.join(dir, 'interior.pdf'), cover: path.join(dir, 'cover.pdf') };
    const book = await app.call('library.get', { bookId });
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId, service: 'lulu-paperback', trim: '8.5x8.5' }), files);
    expect(result.preflight.problems.filter((problem) => problem.severity === 'error')).toEqual([]);

    const interior = boxes(files.interior);
    expect(interior.pages).toBe(6); // title page, 4 story pages, The End
    expect(result.interior.pageCount).toBe(6);
    for (let page = 0; page < 6; page++) {
      expect(interior.media[page]).toEqual([0, 0, 630, 630]); // 8.75 in: 0.125 in on every side
      expect(interior.trim[page]).toEqual([9, 9, 621, 621]);
      expect(interior.bleed[page]).toEqual([0, 0, 630, 630]);
    }
    const titlePage = tool('pdftotext', '-f', '1', '-l', '1', files.interior, '-').replace(/\s+/g, ' ');
    expect(titlePage).toContain(book.title.split(' ').slice(0, 3).join(' '));
    expect(titlePage).toMatch(/by /);
    // No picture on the title page: the cover's picture is on the cover only.
    expect(pictures(files.interior).map((picture) => picture.page)).toEqual([2, 3, 4, 5]);
    expectPrintable(files.interior);

    const cover = boxes(files.cover);
    expect(cover.pages).toBe(1);
    expect(pictures(files.cover)).toHaveLength(1);
    expectPrintable(files.cover);
  });

  it('puts KDP’s bleed on the top, bottom and outside edge, and keeps words clear of the binding by the gutter', async () => {
    const { app, bookId } = await bookWithPictures();
    const file = path.join(tempDir(), 'kdp.pdf');
    await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId, service: 'kdp-paperback', trim: '8.5x8.5', layout: 'picture-above' }), { interior: file });
    const info = boxes(file);
    expect(info.media[0]).toEqual([0, 0, 621, 630]); // 8.625 × 8.75 in
    expect(info.trim[0]).toEqual([0, 9, 612, 621]); // a right-hand page: bound on the left, bleed on the right
    expect(info.trim[1]).toEqual([9, 9, 621, 621]); // a left-hand page: bound on the right, bleed on the left

    const service = PRINT_SERVICES['kdp-paperback'];
    const gutter = pt(Math.max(service.safeMargin, service.gutter(info.pages)));
    const preview = await app.call('export.preview', options({ bookId, service: 'kdp-paperback', trim: '8.5x8.5', layout: 'picture-above' }));
    const [rightHand, leftHand] = preview.filter((page) => page.kind !== 'cover').slice(1, 3);
    for (const words of rightHand!.words) expect(words.box.x - rightHand!.trim.x).toBeGreaterThanOrEqual(gutter - 0.01);
    for (const words of leftHand!.words) expect(leftHand!.trim.x + leftHand!.trim.width - (words.box.x + words.box.width)).toBeGreaterThanOrEqual(gutter - 0.01);
  });

  it.each([
    ['kdp-paperback', 24],
    ['kdp-paperback', 32],
    ['kdp-paperback', 48],
    ['lulu-paperback', 24],
    ['lulu-paperback', 32],
    ['lulu-paperback', 48],
  ] as const)('makes the %s cover one spread, back + spine + front with bleed, the spine from the table, for %i pages', async (serviceId, interiorPages) => {
    const app = await testApp();
    // The title page and The End, around the story pages.
    const storyPages = interiorPages - 2;
    const book = await app.call('library.create', { title: 'The Long Road Home', pageCount: Math.min(storyPages, 32) });
    const now = new Date().toISOString();
    // The app makes books of at most 32 pages; a longer one is written straight into the library.
    for (let index = 32; index < storyPages; index++) {
      await app.core.store.db.insertInto('pages').values({ id: newId(), book_id: book.id, order_index: index, text_content: `Page ${index + 1}.`, created_at: now, updated_at: now }).execute();
    }
    const file = path.join(tempDir(), 'cover.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId: book.id, service: serviceId, trim: '8.5x8.5' }), { interior: path.join(tempDir(), 'i.pdf'), cover: file });
    expect(result.interior.pageCount).toBe(interiorPages);

    const spec = PRINT_SERVICES[serviceId].cover!;
    const spine = spec.spineWidth(interiorPages);
    const info = boxes(file);
    expect(info.media[0]![2]).toBeCloseTo(pt(2 * 8.5 + spine + 2 * spec.bleed), 1);
    expect(info.media[0]![3]).toBeCloseTo(pt(8.5 + 2 * spec.bleed), 1);
    expect(info.trim[0]![2]! - info.trim[0]![0]!).toBeCloseTo(pt(2 * 8.5 + spine), 1);
    expect(result.preflight.cover).toMatchObject({ spineWidth: spine, spineWords: spec.spineTextFromPages !== null && interiorPages >= spec.spineTextFromPages });
    expect(tool('pdftotext', file, '-').replace(/\s+/g, ' ').includes('The Long Road Home · Our family')).toBe(result.preflight.cover!.spineWords);
    expect(transparencyIn(file)).toEqual([]);
  });

  it('refuses a 16-page story for a KDP paperback with the padding that would fix it, and accepts it once padded', async () => {
    const { app, bookId } = await bookWithPictures(16, 'a hedgehog who learns to swim');
    const kdp = options({ bookId, service: 'kdp-paperback', trim: '8.5x8.5' });
    const short = await app.call('export.preflight', kdp);
    expect(short.pageCount).toBe(18);
    const refused = short.verdicts.find((verdict) => verdict.service === 'kdp-paperback')!;
    expect(refused).toMatchObject({ accepted: false, supported: true, padding: { pagesToAdd: 6 } });
    expect(refused.reasons.join(' ')).toMatch(/24/);

    const padded = await app.call('export.preflight', { ...kdp, pad: true });
    expect(padded.pageCount).toBe(24);
    expect(padded.added).toMatchObject({ pages: 6 });
    expect(padded.added!.why).toMatch(/“This book belongs to”.*5 blank pages were added: Amazon KDP paperback needs at least 24 pages/);
    expect(padded.verdicts.find((verdict) => verdict.service === 'kdp-paperback')).toMatchObject({ accepted: true, reasons: [] });
  });

  it('makes IngramSpark’s files as PDF/X-1a in CMYK with Ghostscript, twice at once, and says plainly it cannot where Ghostscript is missing', async () => {
    const { app, bookId } = await bookWithPictures();
    const dir = tempDir();
    const ingram = options({ bookId, service: 'ingramspark-paperback', trim: '8.5x8.5' });
    // Two exports of the same book at once, as a double click makes: each file whole under its name, nothing half-made left beside it.
    const [result, again] = await Promise.all([app.core.exporter.exportPdf(app.core.profile.familyId, ingram), app.core.exporter.exportPdf(app.core.profile.familyId, ingram)]);
    expect(again.interior.file).toBe(result.interior.file);
    expect(fs.readdirSync(path.dirname(result.interior.file)).filter((name) => name.includes('partial'))).toEqual([]);
    for (const file of [result.interior.file, result.cover!.file]) {
      const info = tool('pdfinfo', file);
      expect(info).toMatch(/^PDF version:\s+1\.3$/m);
      // The document information names the standard, as PDF/X-1a:2001 asks.
      const trailer = JSON.parse(tool('qpdf', '--json=1', '--json-key=objects', file)) as { objects: Record<string, Record<string, unknown>> };
      const infoObject = trailer.objects.trailer!['/Info'] as string;
      expect(trailer.objects[infoObject]).toMatchObject({ '/GTS_PDFXVersion': 'PDF/X-1:2001', '/GTS_PDFXConformance': 'PDF/X-1a:2001' });
      expect(tool('pdfimages', '-list', file)).toMatch(/\bcmyk\b/);
      expect(transparencyIn(file)).toEqual([]);
    }
    expect(result.preflight.verdicts.find((verdict) => verdict.service === 'ingramspark-paperback')).toMatchObject({ supported: true });

    process.env.STORYSPROUT_GHOSTSCRIPT = path.join(dir, 'no-such-gs');
    try {
      await expect(app.core.exporter.exportPdf(app.core.profile.familyId, ingram, { interior: path.join(dir, 'j.pdf') })).rejects.toThrow(/IngramSpark needs PDF\/X-1a in CMYK; .*not supported here/);
      const report = await app.call('export.preflight', ingram);
      expect(report.verdicts.find((verdict) => verdict.service === 'ingramspark-paperback')).toMatchObject({ supported: false, accepted: false });
      expect(fs.existsSync(path.join(dir, 'j.pdf'))).toBe(false);
    } finally {
      delete process.env.STORYSPROUT_GHOSTSCRIPT;
    }
  }, 120_000);

  it('lays a home-printer book out with no bleed, its pictures inside the margins a printer cannot reach', async () => {
    const { app, bookId } = await bookWithPictures();
    const file = path.join(tempDir(), 'home.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId, service: 'home-printer', trim: 'letter' }), { interior: file });
    expect(result.cover).toBeNull();
    expect(boxes(file).media[0]).toEqual([0, 0, 612, 792]);
    expect(result.preflight.verdicts.find((verdict) => verdict.service === 'home-printer')).toMatchObject({ accepted: true });
    const preview = await app.call('export.preview', options({ bookId, service: 'home-printer', trim: 'letter' }));
    for (const page of preview.filter((each) => each.picture)) {
      const { box } = page.picture!;
      expect(box.x).toBeGreaterThanOrEqual(page.safe.x - 0.01);
      expect(box.x + box.width).toBeLessThanOrEqual(page.safe.x + page.safe.width + 0.01);
    }
    expectPrintable(file);
  });

  it('folds an 8-page story into a booklet: a multiple of four pages, two to a side, in saddle-stitch order', async () => {
    const { app, bookId } = await bookWithPictures(8, 'a mole who paints the sky');
    const file = path.join(tempDir(), 'booklet.pdf');
    const written = await app.core.exporter.exportBooklet(app.core.profile.familyId, { bookId, paper: 'letter', layout: 'full-bleed', belongsTo: false, dedication: '', theEnd: true }, file);
    // Title page, 8 story pages and The End make 10; two blank pages make it 12, on 6 sides of 3 sheets.
    const info = boxes(file);
    expect(info.pages).toBe(6);
    expect(written.pageCount).toBe(6);
    expect(info.media[0]).toEqual([0, 0, 792, 612]);
    const folio = (page: number, half: 'left' | 'right') =>
      Number(tool('pdftotext', '-f', String(page), '-l', String(page), '-x', half === 'left' ? '0' : '396', '-y', '570', '-W', '396', '-H', '42', file, '-').trim());
    const sides = Array.from({ length: 6 }, (_, index) => ({ left: folio(index + 1, 'left'), right: folio(index + 1, 'right') }));
    expect(sides).toEqual(saddleStitchOrder(12));
    expect(sides[0]).toEqual({ left: 12, right: 1 });
    expect(transparencyIn(file)).toEqual([]);
  });

  it('says clearly what a book without pictures lacks, and still writes correct files', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'Words only', pageCount: 3 });
    await app.call('pages.updateText', { pageId: book.pages[0]!.id, text: 'Once there was a 🦊 fox who said مرحبا and שלום. 😀' });
    await app.call('pages.updateText', { pageId: book.pages[1]!.id, text: 'word '.repeat(900) });
    const dir = tempDir();
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId: book.id, service: 'lulu-paperback' }), { interior: path.join(dir, 'i.pdf'), cover: path.join(dir, 'c.pdf') });
    const messages = result.preflight.problems.map((problem) => `${problem.page}: ${problem.message}`);
    expect(messages).toContain('cover: The cover has no picture yet: draw the book’s pictures first.');
    expect(messages).toContain('2: This page has no picture yet.');
    expect(messages).toContain('2: Here emoji were left out: print fonts cannot draw them.');
    expect(messages).toContain('2: Here a line mixing right-to-left and left-to-right words may print in the wrong order.');
    expect(messages.some((message) => /^3: The words do not fit, even at 14 pt/.test(message))).toBe(true);
    expect(messages).toContain('4: This page has no words.');
    expect(result.preflight.verdicts.find((verdict) => verdict.service === 'lulu-paperback')!.accepted).toBe(false);
    for (const file of [result.interior.file, result.cover!.file]) expect(tool('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors found/);
    expect(tool('pdffonts', result.interior.file)).toMatch(/DejaVuSans/);
  });

  it('prints right-to-left stories with the wide font', async () => {
    const app = await testApp();
    const book = await app.call('library.create', { title: 'سفر', pageCount: 2 });
    await app.call('pages.updateText', { pageId: book.pages[0]!.id, text: 'كان يا ما كان ثعلب صغير يجمع ضوء القمر' });
    const file = path.join(tempDir(), 'rtl.pdf');
    const result = await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId: book.id, service: 'home-printer', layout: 'picture-above', theEnd: false }), { interior: file });
    expect(result.interior.pageCount).toBe(3);
    expect(tool('pdffonts', file)).toMatch(/DejaVuSans/);
    expect(tool('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors found/);
  });

  it('previews the cover spread and the first pages laid out as the PDFs print them, with small pictures and no file written', async () => {
    const { app, bookId } = await bookWithPictures();
    const preview = await app.call('export.preview', options({ bookId, service: 'lulu-paperback', trim: '8x10' }));
    expect(preview.map((page) => page.kind)).toEqual(['cover', 'title', 'story', 'story', 'story']);
    const book = await app.call('library.get', { bookId });
    const [cover, title, first] = preview;
    expect(cover!.picture!.assetSha256).toBe(book.pages[0]!.thumbnailAssetSha256);
    expect(cover!.words[0]).toMatchObject({ bold: true, align: 'center' });
    expect(cover!.words.map((words) => words.lines.join(' ')).join(' ')).toMatch(new RegExp(`^${book.title} by `));
    expect(title).toMatchObject({ width: 594, height: 738, trim: { x: 9, y: 9, width: 576, height: 720 }, picture: null }); // 8.25 × 10.25 in
    expect(first!.words[0]!.lines.join(' ')).toBe(book.pages[0]!.text.replace(/\s+/g, ' ').trim());
    expect(first!.words[0]!.panel).not.toBeNull();
    for (const page of preview.slice(1)) {
      for (const words of page.words) {
        expect(words.box.x).toBeGreaterThanOrEqual(page.safe.x - 0.001);
        expect(words.box.x + words.box.width).toBeLessThanOrEqual(page.safe.x + page.safe.width + 0.001);
      }
    }
    expect(fs.existsSync(path.join(app.core.dataDir, 'exports'))).toBe(false);
  });

  it('reports progress: each page’s picture made ready, the cover’s, then each file written', async () => {
    const { app, bookId } = await bookWithPictures(4);
    const stages: string[] = [];
    const dir = tempDir();
    await app.core.exporter.exportPdf(app.core.profile.familyId, options({ bookId, service: 'lulu-paperback' }), { interior: path.join(dir, 'i.pdf'), cover: path.join(dir, 'c.pdf') }, (progress) =>
      stages.push(`${progress.stage} ${progress.done}/${progress.total}`),
    );
    expect(stages).toEqual(['pictures 0/7', 'pictures 1/7', 'pictures 2/7', 'pictures 3/7', 'pictures 4/7', 'pictures 5/7', 'pictures 6/7', 'pictures 7/7', 'writing 0/2', 'writing 1/2', 'writing 2/2', 'finished 1/1']);
  });
});
