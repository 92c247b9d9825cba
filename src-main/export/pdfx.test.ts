import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { transparencyIn } from '../../tests/support/pdf-transparency';
import { suiteTempDir, tempDir } from '../../tests/support/temp-dir';
import { convertToPdfx, findPdfxTool, PDFX_TOTAL_INK_LIMIT, PRESS_PROFILE, type PdfxResult } from './pdfx';

/**
 * What these tests check is what a printer's preflight looks at, read with other tools than the one
 * that wrote the file (qpdf, poppler, Ghostscript's separations). They do not prove the file
 * conforms to ISO 15930-1 in full: no PDF/X validator runs here (veraPDF checks PDF/A and PDF/UA
 * only, and is neither in Debian nor on npm; Acrobat's and callas' preflights are not free), and
 * the colours are not compared with what a press prints. The ink is measured on every pixel of
 * these pages' pictures (one pixel a point, separated at 72 DPI); a printer that measures ink over
 * an area can only find less.
 */

const tool = await findPdfxTool();
const skipped = tool.available ? '' : ` — skipped: ${tool.reason}`;
if (skipped) console.warn(`The PDF/X tests did not run${skipped}.`);

/** Ghostscript as StorySprout found it, for the checks that render with it. */
const gs = tool.available ? tool.command : 'gs';
const run = (name: string, ...args: string[]) => execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const profile = path.resolve(import.meta.dirname, '../../resources/icc', PRESS_PROFILE.file);
const fontFile = path.resolve(import.meta.dirname, '../../resources/fonts/DejaVuSans.ttf');
const TITLE = 'The Moon Cat — Zoë’s book';

/** Two pages, as StorySprout's export draws them: a full-bleed sRGB JPEG, an opaque panel and dark words. */
const PAGES = [
  { media: [0, 0, 630, 630], trim: [9, 9, 621, 621] },
  { media: [0, 0, 594, 738], trim: [9, 9, 585, 729] },
];

/**
 * The darkest and most saturated things a picture can hold (black, pure red and blue) next to a
 * gradient, drawn by sharp and embedded as the JPEG it is.
 */
async function picture(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const corner = x < width / 3 && y < height / 3 ? [0, 0, 0] : x > (2 * width) / 3 && y < height / 3 ? [0, 0, 255] : x < width / 3 && y > (2 * height) / 3 ? [255, 0, 0] : null;
      pixels.set(corner ?? [Math.round((255 * x) / width), Math.round((255 * y) / height), 128], i);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

async function rgbBook(file: string) {
  const document = new PDFDocument({ autoFirstPage: false, info: { Title: TITLE, Author: 'by the Okafor family' } });
  const written = new Promise<void>((resolve, reject) => document.pipe(fs.createWriteStream(file)).on('finish', resolve).on('error', reject));
  for (const [index, page] of PAGES.entries()) {
    const [, , width, height] = page.media as [number, number, number, number];
    document.addPage({ size: [width, height], margin: 0 });
    // One pixel a point, so rendering the page at 72 DPI sees every pixel of the picture.
    document.image(await picture(width, height), 0, 0, { width, height });
    document.rect(60, height - 220, width - 120, 150).fill('#fffaf2');
    document.font(fontFile).fontSize(40).fillColor('#2b2118').text(`Moonbeams ${index + 1}`, 90, height - 190);
    const dictionary = (document as unknown as { page: { dictionary: { data: Record<string, unknown> } } }).page.dictionary.data;
    dictionary.TrimBox = page.trim;
    dictionary.BleedBox = page.media;
  }
  document.end();
  await written;
}

type QpdfObjects = Record<string, { value?: unknown; stream?: { dict: Record<string, unknown> } }>;

function qpdfObjects(file: string): QpdfObjects {
  const json = JSON.parse(run('qpdf', '--json', '--json-key=qpdf', file)) as { qpdf: [unknown, QpdfObjects] };
  return json.qpdf[1];
}

/** The dictionary of an object (a stream's too), by its reference ("4 0 R") or "trailer". */
const dictOf = (objects: QpdfObjects, reference: unknown) => {
  const object = objects[reference === 'trailer' ? 'trailer' : `obj:${String(reference)}`];
  return (object?.value ?? object?.stream?.dict) as Record<string, unknown>;
};
/** A stream's data, decoded. */
const streamData = (file: string, reference: unknown) => execFileSync('qpdf', [`--show-object=${String(reference).split(' ')[0]}`, '--filtered-stream-data', file]);
const text = (value: unknown) => String(value).replace(/^u:/, '');

const pageObjects = (file: string) => (JSON.parse(run('qpdf', '--json', '--json-key=pages', file)) as { pages: { object: string }[] }).pages;

/**
 * The most ink on any spot (per cent), from Ghostscript's separations: one greyscale TIFF per ink,
 * 0 where the ink is solid. Nothing is converted on the way: the file's CMYK is Ghostscript's
 * default CMYK, and so is the raster's.
 */
async function mostInkBySeparations(file: string): Promise<number> {
  const dir = tempDir();
  run(gs, '-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=tiffsep', '-r72', `-sOutputFile=${path.join(dir, 'page%d.tif')}`, file);
  let most = 0;
  for (const page of fs.readdirSync(dir).filter((name) => /^page\d+\.tif$/.test(name))) {
    const stem = page.replace(/\.tif$/, '');
    const inks = await Promise.all(
      ['Cyan', 'Magenta', 'Yellow', 'Black'].map((ink) => sharp(path.join(dir, `${stem}(${ink}).tif`)).extractChannel(0).raw().toBuffer()),
    );
    for (let i = 0; i < inks[0]!.length; i++) most = Math.max(most, inks.reduce((sum, ink) => sum + 255 - ink[i]!, 0));
  }
  return Math.round((most * 1000) / 255) / 10;
}

describe.skipIf(!tool.available)(`PDF/X-1a from a StorySprout export, with Ghostscript${skipped}`, () => {
  const dir = suiteTempDir();
  const input = path.join(dir, 'book.pdf');
  const output = path.join(dir, 'book-pdfx.pdf');
  let result: PdfxResult;
  let objects: QpdfObjects;

  beforeAll(async () => {
    if (!tool.available) return;
    await rgbBook(input);
    result = await convertToPdfx({ input, output, profile, tool });
    objects = qpdfObjects(output);
  }, 60_000);

  it('is a clean PDF 1.3 naming itself PDF/X-1a:2001, with the Info entries the standard asks for and the book’s title kept', () => {
    expect(fs.readFileSync(output).subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    expect(run('qpdf', '--check', output)).toMatch(/No syntax or stream encoding errors found/);
    const trailer = dictOf(objects, 'trailer');
    const info = dictOf(objects, trailer['/Info']);
    expect(text(info['/GTS_PDFXVersion'])).toBe('PDF/X-1:2001');
    expect(text(info['/GTS_PDFXConformance'])).toBe('PDF/X-1a:2001');
    expect(info['/Trapped']).toBe('/False');
    expect(text(info['/Title'])).toBe(TITLE);
    expect(info['/CreationDate']).toBeTruthy();
    expect(info['/ModDate']).toBeTruthy();
    expect(trailer['/ID']).toHaveLength(2);
    expect(result).toMatchObject({ standard: 'PDF/X-1a:2001', outputConditionIdentifier: 'CGATS TR 003', bytes: fs.statSync(output).size });
  });

  it('carries one GTS_PDFX OutputIntent whose DestOutputProfile is the press profile itself', () => {
    const catalog = dictOf(objects, dictOf(objects, 'trailer')['/Root']);
    const intents = catalog['/OutputIntents'] as string[];
    expect(intents).toHaveLength(1);
    const intent = dictOf(objects, intents[0]);
    expect(intent['/S']).toBe('/GTS_PDFX');
    expect(text(intent['/OutputConditionIdentifier'])).toBe(PRESS_PROFILE.outputConditionIdentifier);
    expect(text(intent['/RegistryName'])).toBe('http://www.color.org');
    expect(dictOf(objects, intent['/DestOutputProfile'])['/N']).toBe(4);
    expect(streamData(output, intent['/DestOutputProfile']).equals(fs.readFileSync(profile))).toBe(true);
  });

  it('keeps every page’s MediaBox, TrimBox and BleedBox, and adds no ArtBox beside the TrimBox', () => {
    const pages = pageObjects(output);
    expect(pages).toHaveLength(PAGES.length);
    for (const [index, page] of pages.entries()) {
      const dictionary = dictOf(objects, page.object);
      expect(dictionary['/MediaBox']).toEqual(PAGES[index]!.media);
      expect(dictionary['/TrimBox']).toEqual(PAGES[index]!.trim);
      expect(dictionary['/BleedBox']).toEqual(PAGES[index]!.media);
      expect(dictionary['/ArtBox']).toBeUndefined();
    }
  });

  it('holds only CMYK: pictures, the panel and the words', () => {
    const pictures = run('pdfimages', '-list', output).split('\n').slice(2).filter(Boolean);
    expect(pictures).toHaveLength(PAGES.length);
    for (const row of pictures) expect(row.trim().split(/\s+/)[5]).toBe('cmyk');
    const everything = JSON.stringify(objects);
    expect(everything).not.toMatch(/DeviceRGB|CalRGB|\/Lab|ICCBased|Indexed/);
    for (const page of pageObjects(output)) {
      // Colours set by name only: CMYK (k, K) or grey (g, G); never RGB (rg, RG).
      const contents = [dictOf(objects, page.object)['/Contents']].flat().map((stream) => streamData(output, stream).toString('latin1')).join('\n');
      expect(contents).not.toMatch(/\s(rg|RG)\s/);
      expect(contents).toMatch(/\sk\s/);
    }
  });

  it('embeds every font and keeps the words as text, so nothing was flattened into a picture', () => {
    const fonts = run('pdffonts', output).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expect(run('pdftotext', output, '-')).toMatch(/Moonbeams 1[\s\S]*Moonbeams 2/);
  });

  it('has nothing see-through: no soft mask, no alpha below 1, no transparency group', () => {
    expect(transparencyIn(output)).toEqual([]);
  });

  it(`keeps the darkest spot within ${PDFX_TOTAL_INK_LIMIT}% ink, where Ghostscript's own separation of the same pages goes over it`, async () => {
    const separated = await mostInkBySeparations(output);
    expect(separated).toBeLessThanOrEqual(PDFX_TOTAL_INK_LIMIT);
    // The black corner is the darkest the press can print: close to the limit, not far under it.
    expect(separated).toBeGreaterThan(PDFX_TOTAL_INK_LIMIT - 15);
    // StorySprout's own check samples the pages more coarsely: it can miss a peak, never find a higher one.
    expect(result.measuredTotalInk).toBeLessThanOrEqual(separated);
    expect(result.measuredTotalInk).toBeGreaterThan(PDFX_TOTAL_INK_LIMIT - 15);
    // Without the press profile the same RGB book separates over the limit: the limit is the profile's doing.
    expect(await mostInkBySeparations(input)).toBeGreaterThan(PDFX_TOTAL_INK_LIMIT + 20);
  });
});

describe.skipIf(!tool.available)(`a PDF/X conversion that fails${skipped}`, () => {
  const leftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('storysprout-pdfx-'));

  it('leaves the file it would have replaced as it was, and nothing of its own behind', async () => {
    if (!tool.available) return;
    const dir = tempDir();
    const input = path.join(dir, 'not-a.pdf');
    const output = path.join(dir, 'book-pdfx.pdf');
    fs.writeFileSync(input, 'this is not a PDF');
    fs.writeFileSync(output, 'an earlier export');
    const before = leftovers();
    await expect(convertToPdfx({ input, output, profile, tool })).rejects.toThrow(/^Ghostscript could not make the PDF\/X-1a:2001 file: /);
    expect(fs.readdirSync(dir).sort()).toEqual(['book-pdfx.pdf', 'not-a.pdf']);
    expect(fs.readFileSync(output, 'utf8')).toBe('an earlier export');
    expect(leftovers()).toEqual(before);
  });

  it(`puts no file in place when the ink goes over ${PDFX_TOTAL_INK_LIMIT}%, as it does with Ghostscript's own CMYK profile instead of the press profile`, async () => {
    if (!tool.available) return;
    const dir = tempDir();
    const input = path.join(dir, 'book.pdf');
    await rgbBook(input);
    const ghostscriptProfiles = run(gs, '-q', '-dSAFER', '-dNODISPLAY', '-c', 'currentuserparams /ICCProfilesDir get print quit');
    const unlimited = path.join(ghostscriptProfiles, 'default_cmyk.icc');
    await expect(convertToPdfx({ input, output: path.join(dir, 'book-pdfx.pdf'), profile: unlimited, tool })).rejects.toThrow(
      /made a file with \d+(\.\d)?% ink on some spots, over the 240% limit/,
    );
    expect(fs.readdirSync(dir)).toEqual(['book.pdf']);
  });

  it('stops Ghostscript when it takes longer than it may, and says so', async () => {
    if (!tool.available) return;
    const dir = tempDir();
    const input = path.join(dir, 'book.pdf');
    await rgbBook(input);
    await expect(convertToPdfx({ input, output: path.join(dir, 'book-pdfx.pdf'), profile, tool, timeoutMs: 1 })).rejects.toThrow(/^Ghostscript did not .* in time/);
    expect(fs.readdirSync(dir)).toEqual(['book.pdf']);
  });
});

describe('finding Ghostscript', () => {
  it('finds it on this computer with its version', () => {
    // CI installs Ghostscript (.ci/run); a developer's computer without it skips the tests above and says why.
    if (tool.available) expect(tool).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+/), standard: 'PDF/X-1a:2001', totalInkLimit: PDFX_TOTAL_INK_LIMIT });
    else expect(tool.reason).toMatch(/Ghostscript/);
  });

  it('says in plain words when it is not installed', async () => {
    expect(await findPdfxTool({ PATH: tempDir() }, 'linux')).toEqual({ available: false, reason: 'Ghostscript, which makes PDF/X files, is not installed on this computer' });
  });

  it('says when the program STORYSPROUT_GHOSTSCRIPT names cannot be run, rather than looking elsewhere', async () => {
    const missing = path.join(tempDir(), 'gs');
    expect(await findPdfxTool({ ...process.env, STORYSPROUT_GHOSTSCRIPT: missing }, 'linux')).toEqual({
      available: false,
      reason: `the Ghostscript that STORYSPROUT_GHOSTSCRIPT names (${missing}) could not be run`,
    });
  });

  it.skipIf(process.platform === 'win32')('refuses a Ghostscript older than the one this was tested with', async () => {
    const old = path.join(tempDir(), 'gs');
    fs.writeFileSync(old, '#!/bin/sh\necho 9.55.0\n', { mode: 0o755 });
    expect(await findPdfxTool({ ...process.env, STORYSPROUT_GHOSTSCRIPT: old }, 'linux')).toEqual({
      available: false,
      reason: 'Ghostscript 9.55.0 on this computer is too old to make PDF/X files (10.0 or later is needed)',
    });
  });
});
