import fs from 'node:fs';
import { pageWords } from '@storysprout/shared/page-words';
import { describe, expect, it } from 'vitest';
import type { PageView } from '../../../src-preload/contract';
import { fakeOpenAI } from '../../../tests/fakes/openai-server';
import { epubcheck } from '../../../tests/support/epubcheck';
import { bookWithHeldAndUnacceptedReadings, bookWithPictures, openAIEnv, recordEveryPage } from '../../../tests/support/narrated-books';
import { zipEntries } from '../../../tests/support/zip-entries';
import { mp3DurationMs } from '../../narration/audio';
import { escapeXml } from './xml';

type App = Awaited<ReturnType<typeof bookWithPictures>>['app'];

/** The ebook as the window asks for it (export.epub), read back from the file the export left. */
async function exportEpub(app: App, bookId: string) {
  const made = await app.call('export.epub', { bookId });
  const file = app.core.exporter.exportFile(made.exportId)!;
  const entries = await zipEntries(file);
  const entry = (name: string) => entries.find((each) => each.name === `EPUB/${name}`);
  const text = (name: string) => entry(name)?.data.toString('utf8');
  return { made, file, entries, entry, text, opf: text('package.opf')! };
}

type Epub = Awaited<ReturnType<typeof exportEpub>>;

/** EPUBCheck's verdict: nothing fatal, no error, no warning, and no other finding either. */
function expectValid(file: string) {
  const report = epubcheck(file);
  expect({ version: report.version, counts: report.counts, findings: report.findings }).toEqual({
    version: expect.stringMatching(/^4\.|^5\./),
    counts: { fatal: 0, errors: 0, warnings: 0, usage: 0 },
    findings: [],
  });
}

/** Each `<par>` of a page's media overlay: the word it points at, the audio, and the clip, in the order it plays them. */
function parsOf(smil: string) {
  return [...smil.matchAll(/<par id="[^"]+">\s*<text src="([^"#]+)#([^"]+)"\/>\s*<audio src="([^"]+)" clipBegin="([\d.]+)s" clipEnd="([\d.]+)s"\/>\s*<\/par>/g)].map((match) => ({
    page: match[1]!,
    wordId: match[2]!,
    audio: match[3]!,
    beginMs: Math.round(Number(match[4]) * 1000),
    endMs: Math.round(Number(match[5]) * 1000),
  }));
}

/** The words of a page as its document has them: each span's id and what it says, in order. */
const spansOf = (xhtml: string) => [...xhtml.matchAll(/<span id="([^"]+)">(.*?)<\/span>/g)].map((match) => ({ id: match[1]!, says: match[2]!.replace(/<br\/>/g, '') }));

/**
 * What the read-along rests on, read back from the file: every word of every narrated page has
 * its span and its clip, in order; the clips follow one another without overlapping, each holds
 * its word as the narration timed it, and none reaches past the end of the page's MP3 as the
 * ebook carries it.
 */
async function expectClipsCoverEveryWord(epub: Epub, app: App, bookId: string, pages: PageView[]) {
  const timed = new Map((await app.call('narration.book', { bookId })).pages.map((view) => [view.pageId, view]));
  for (const [index, page] of pages.entries()) {
    const number = index + 1;
    const spans = spansOf(epub.text(`page-${number}.xhtml`)!);
    expect(spans.map((span) => span.says)).toEqual(pageWords(page.text).map(escapeXml));
    const pars = parsOf(epub.text(`page-${number}.smil`)!);
    expect(pars.map((par) => par.wordId)).toEqual(spans.map((span) => span.id));
    expect(new Set(pars.map((par) => `${par.page} ${par.audio}`))).toEqual(new Set([`page-${number}.xhtml audio/page-${number}.mp3`]));
    const view = timed.get(page.id)!;
    if (view.state !== 'ready') throw new Error(`page ${number} is ${view.state}`);
    const durationMs = mp3DurationMs(epub.entry(`audio/page-${number}.mp3`)!.data);
    let previousEnd = 0;
    for (const [wordIndex, par] of pars.entries()) {
      expect(par.beginMs).toBeGreaterThanOrEqual(previousEnd);
      expect(par.endMs).toBeGreaterThan(par.beginMs);
      expect(par.endMs).toBeLessThanOrEqual(durationMs);
      expect(par.beginMs).toBeLessThanOrEqual(view.words[wordIndex]!.startMs);
      expect(par.endMs).toBeGreaterThanOrEqual(Math.min(view.words[wordIndex]!.endMs, Math.floor(durationMs)));
      previousEnd = par.endMs;
    }
    expect(epub.opf).toContain(`<item id="page-${number}" href="page-${number}.xhtml" media-type="application/xhtml+xml" media-overlay="overlay-${number}"/>`);
  }
}

// EPUBCheck is a Java program: starting it and checking a book of pictures takes several seconds on its own.
describe('the read-along ebook (fixed-layout EPUB 3 with media overlays)', { timeout: 90_000 }, () => {
  it('passes EPUBCheck with no error or warning for a book the family recorded, each word lit as it is said', async () => {
    const { app, book } = await bookWithPictures();
    await recordEveryPage(app, book.pages);
    const epub = await exportEpub(app, book.id);
    expectValid(epub.file);
    expect(epub.made).toMatchObject({ exportId: `${book.id}-read-along.epub`, fileName: `${book.title}.epub`, pageCount: 8, pagesWithoutNarration: [] });
    await expectClipsCoverEveryWord(epub, app, book.id, book.pages);

    // An overlay's duration is its page's audio; the book's is their sum, to the millisecond.
    const durations = [...epub.opf.matchAll(/<meta property="media:duration" refines="#overlay-\d+">0:00:(\d\d\.\d{3})<\/meta>/g)].map((match) => Math.round(Number(match[1]) * 1000));
    expect(durations).toHaveLength(8);
    expect(epub.made.durationMs).toBe(durations.reduce((sum, each) => sum + each, 0));
    expect(epub.opf).toContain(`<meta property="media:duration">0:00:${(epub.made.durationMs / 1000).toFixed(3).padStart(6, '0')}</meta>`);
    expect(epub.opf).toContain('<meta property="media:active-class">-epub-media-overlay-active</meta>');
    expect(epub.text('book.css')).toMatch(/\.-epub-media-overlay-active \{\n {2}background-color: #[0-9a-f]{6};/);
  });

  it('passes EPUBCheck with no error or warning for a book read by the speech service, and says what the book is, who made it and in which language', async () => {
    const server = await fakeOpenAI();
    const { app, book } = await bookWithPictures({ env: openAIEnv(server.url), language: 'es' });
    await app.call('narration.narrate', { bookId: book.id });
    await app.core.narration.whenSettled(book.id);
    const epub = await exportEpub(app, book.id);
    expectValid(epub.file);
    await expectClipsCoverEveryWord(epub, app, book.id, book.pages);

    // The container: mimetype first, stored, with no extra field, as a reading system looks for it.
    const bytes = fs.readFileSync(epub.file);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect({ method: bytes.readUInt16LE(8), nameLength: bytes.readUInt16LE(26), extraLength: bytes.readUInt16LE(28) }).toEqual({ method: 0, nameLength: 8, extraLength: 0 });
    expect(bytes.toString('latin1', 30, 58)).toBe('mimetypeapplication/epub+zip');

    const family = await app.call('family.get', {});
    expect(epub.opf).toContain(`<dc:identifier id="book-id">urn:uuid:${book.id}</dc:identifier>`);
    expect(epub.opf).toContain(`<dc:title>${escapeXml(book.title)}</dc:title>`);
    expect(epub.opf).toContain(`<dc:creator id="creator">${escapeXml(family.name)}</dc:creator>`);
    expect(epub.opf).toContain('<dc:language>es</dc:language>');
    expect(epub.opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
    expect(epub.opf).toContain('<meta property="rendition:layout">pre-paginated</meta>');
    expect(epub.text('page-1.xhtml')).toContain('<meta name="viewport" content="width=612, height=612"/>');
    expect(epub.text('page-1.xhtml')).toContain('xml:lang="es" lang="es"');
    // The cover shows the first page's picture, marked as the cover image.
    const coverImage = /<item id="[^"]+" href="([^"]+)" media-type="image\/jpeg" properties="cover-image"\/>/.exec(epub.opf)![1]!;
    expect(epub.text('cover.xhtml')).toContain(`src="${coverImage}"`);
    expect(epub.text('page-1.xhtml')).toContain(`src="${coverImage}" alt="${escapeXml(book.pages[0]!.illustrationBrief)}"`);
    for (const [property, value] of [
      ['schema:accessMode', 'textual'],
      ['schema:accessMode', 'visual'],
      ['schema:accessMode', 'auditory'],
      ['schema:accessModeSufficient', 'textual,visual'],
      ['schema:accessibilityFeature', 'alternativeText'],
      ['schema:accessibilityFeature', 'synchronizedAudioText'],
      ['schema:accessibilityFeature', 'readingOrder'],
      ['schema:accessibilityHazard', 'none'],
    ]) {
      expect(epub.opf).toContain(`<meta property="${property}">${value}</meta>`);
    }
    expect(epub.opf).toMatch(/<meta property="schema:accessibilitySummary">[^<]+\.<\/meta>/);
    expect(epub.opf).not.toContain('displayTransformability');
  });

  it('passes EPUBCheck with no error or warning for a book nobody has read aloud, and then has no media overlays at all', async () => {
    const { app, book } = await bookWithPictures();
    const epub = await exportEpub(app, book.id);
    expectValid(epub.file);
    expect(epub.made).toMatchObject({ pageCount: 8, durationMs: 0, pagesWithoutNarration: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(epub.entries.filter((entry) => /\.(smil|mp3)$/.test(entry.name))).toEqual([]);
    expect(epub.opf).not.toMatch(/media-overlay=|media:|auditory|synchronizedAudioText|smil/);
    // The words are still each in a span, as printed, for readers that highlight or speak them themselves.
    expect(spansOf(epub.text('page-2.xhtml')!).map((span) => span.says)).toEqual(pageWords(book.pages[1]!.text).map(escapeXml));
  });

  it('never carries a held page, or a child’s recording a parent has not accepted', async () => {
    const { app, book, held, childs, number, mp3Of } = await bookWithHeldAndUnacceptedReadings();
    expect(held.length).toBeGreaterThan(0);
    const epub = await exportEpub(app, book.id);
    expectValid(epub.file);
    expect(epub.made).toMatchObject({ pageCount: 8 - held.length, pagesWithoutNarration: [number(childs)] });

    const documents = epub.entries.filter((entry) => /\.(xhtml|opf|smil)$/.test(entry.name)).map((entry) => entry.data.toString('utf8'));
    for (const page of held) {
      expect(epub.entry(`page-${number(page)}.xhtml`)).toBeUndefined();
      expect(documents.filter((document) => document.includes(escapeXml(page.text.split(/\s+/).slice(0, 5).join(' '))))).toEqual([]);
    }
    const carried = epub.entries.filter((entry) => entry.name.endsWith('.mp3')).map((entry) => entry.data);
    expect(carried).toHaveLength(8 - held.length - 1);
    for (const page of [...held, childs]) expect(carried.some((mp3) => mp3.equals(mp3Of(page)))).toBe(false);
    // The child's page is in the book, with its words, and no read-along.
    expect(spansOf(epub.text(`page-${number(childs)}.xhtml`)!).length).toBe(pageWords(childs.text).length);
    expect(epub.entry(`page-${number(childs)}.smil`)).toBeUndefined();
    expect(epub.opf).not.toContain(`media-overlay="overlay-${number(childs)}"`);
  });
});
