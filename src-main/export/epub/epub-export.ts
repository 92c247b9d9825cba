import fs from 'node:fs';
import path from 'node:path';
import { pageWords } from '@storysprout/shared/page-words';
import type { NarratedExportFile } from '../../../src-preload/contract';
import type { AssetStore } from '../../assets/asset-store';
import type { Clock } from '../../store/clock';
import { layoutInterior, type InteriorSettings, type LaidWords, type PictureFile } from '../book-layout';
import { COVER_BACKGROUND, frontCoverWords } from '../cover-layout';
import { replaceWhenWritten, safeFileName } from '../export-files';
import type { NarratedBooks } from '../narrated-book';
import type { TextFitter } from '../page-text';
import { POINTS_PER_INCH, TRIMS, type Box } from '../print-geometry';
import type { PrintRendition, Renditions } from '../renditions';
import { fixedPageDocument, fontFile, fontHref, navDocument, stylesheet, STYLESHEET_HREF, type EbookFont, type FixedPage } from './epub-documents';
import { CONTAINER_XML, packageDocument, PACKAGE_HREF, type ManifestItem } from './epub-package';
import { writeEpubZip, type EpubEntry } from './epub-zip';
import { mediaOverlay, wordClips } from './media-overlays';

/** The printed book's square page as its PDF lays it out, the picture to the edge, with no bleed to cut away. */
const EBOOK_SETTINGS: InteriorSettings = {
  trim: TRIMS['8.5x8.5'],
  layout: 'full-bleed',
  bleed: { top: 0, bottom: 0, outside: 0, inside: 0 },
  safeMargin: 0.375,
  gutter: 0.375,
  bordered: false,
};
/**
 * Sharp on a tablet held in the hand (the page is 612 CSS pixels, drawn about twice that), at a
 * quarter of the print copy's pixels; and never more than the picture was drawn with, since a
 * screen, unlike a printer, gains nothing from a picture enlarged beforehand.
 */
const EBOOK_DPI = 150;
/** Where the package document's folder is inside the container: every href below is from there. */
const CONTENT_DIR = path.posix.dirname(PACKAGE_HREF);

const pageHref = (number: number) => `page-${number}.xhtml`;
const wordIdFor = (pageNumber: number) => (wordNumber: number) => `w${pageNumber}-${wordNumber}`;
const inchesOf = (box: Box) => ({ widthIn: box.width / POINTS_PER_INCH, heightIn: box.height / POINTS_PER_INCH });
const ebookDpi = (drawn: PictureFile, box: Box) => Math.min(EBOOK_DPI, Math.max(drawn.width / inchesOf(box).widthIn, drawn.height / inchesOf(box).heightIn));
const fontKey = (font: EbookFont) => `${font.role}-${font.bold ? 'bold' : 'normal'}`;

/**
 * The read-along ebook: a fixed-layout EPUB 3 whose pages are the printed book's (the same
 * layout, fonts and pictures, at a size for screens), with a cover and a table of contents. Each
 * page read aloud carries its narration and a media overlay, so reading systems that play them
 * (Apple Books, Thorium) light every word as it is said. Held pages are not in it.
 */
export function createEpubExport(deps: {
  narratedBooks: NarratedBooks;
  assets: Pick<AssetStore, 'find'>;
  renditions: Renditions;
  textFitter: () => TextFitter;
  fontDir: string;
  exportDir: string;
  clock: Clock;
}) {
  async function originalPicture(sha256: string | null): Promise<PictureFile | null> {
    const asset = sha256 ? await deps.assets.find(sha256) : null;
    return asset ? { file: asset.file, width: asset.width, height: asset.height, mime: asset.mime } : null;
  }

  return {
    /** Writes the ebook (to `target`, or into the exports folder), and says which pages it reads aloud. */
    async write(familyId: string, bookId: string, target?: string): Promise<NarratedExportFile & { file: string }> {
      const { book, familyName, language, pages } = await deps.narratedBooks.read(familyId, bookId);
      const fitter = deps.textFitter();
      const laidOut = layoutInterior(
        await Promise.all(pages.map(async ({ page }) => ({ kind: 'story' as const, text: page.text, picture: await originalPicture(page.imageAssetSha256) }))),
        EBOOK_SETTINGS,
        fitter,
      );
      const size = laidOut[0]!.geometry.media;
      const coverIndex = laidOut.findIndex((laid) => laid.page.picture !== null);
      const coverBox: Box = { x: 0, y: 0, width: size.width, height: size.height };

      // Every copy is asked for at once: the PDF writer's process makes them as many at a time as there are cores.
      const copyFor = (index: number, box: Box | null) => {
        const drawn = laidOut[index]?.page.picture;
        const sha256 = pages[index]?.page.imageAssetSha256;
        return drawn && sha256 && box ? deps.renditions.forBox(sha256, inchesOf(box), ebookDpi(drawn, box)) : null;
      };
      const [coverCopy, ...pageCopies] = await Promise.all([copyFor(coverIndex, coverBox), ...laidOut.map((laid, index) => copyFor(index, laid.pictureBox))]);
      // One picture file for each copy, however many pages show it (the cover shows the first page's).
      const pictureHrefs = new Map<string, string>();
      const pictureEntries: EpubEntry[] = [];
      const hrefOf = async (copy: PrintRendition) => {
        let href = pictureHrefs.get(copy.sha256);
        if (!href) {
          href = `images/picture-${pictureHrefs.size + 1}.jpg`;
          pictureHrefs.set(copy.sha256, href);
          pictureEntries.push({ path: `${CONTENT_DIR}/${href}`, data: await fs.promises.readFile(copy.file) });
        }
        return href;
      };

      const fixedPages: FixedPage[] = [];
      const manifest: ManifestItem[] = [];
      const overlayEntries: EpubEntry[] = [];
      const overlays: { id: string; durationMs: number }[] = [];
      const pagesWithoutNarration: number[] = [];
      const descriptions: string[] = [];
      for (const [index, { number, page, narration }] of pages.entries()) {
        const laid = laidOut[index]!;
        const href = pageHref(number);
        const wordId = wordIdFor(number);
        const copy = pageCopies[index];
        const picture = copy && laid.pictureBox ? { href: await hrefOf(copy), box: laid.pictureBox, alt: page.illustrationBrief.trim() } : null;
        if (picture) descriptions.push(picture.alt);
        fixedPages.push({
          title: `${book.title}, page ${number}`,
          language,
          size,
          background: '#ffffff',
          picture,
          words: laid.words.map((words) => ({ laid: words, readAlong: { text: page.text, wordId } })),
          role: 'bodymatter',
        });
        // Measured to the millisecond below the file's own length, so no clip reaches past its end.
        const durationMs = narration ? Math.floor(narration.durationMs) : 0;
        const clips = narration ? wordClips(narration.words, pageWords(page.text), durationMs) : null;
        if (!narration || !clips) {
          pagesWithoutNarration.push(number);
          manifest.push({ id: `page-${number}`, href, mediaType: 'application/xhtml+xml' });
          continue;
        }
        const overlayId = `overlay-${number}`;
        const audioHref = `audio/page-${number}.mp3`;
        const overlayHref = `page-${number}.smil`;
        manifest.push(
          { id: `page-${number}`, href, mediaType: 'application/xhtml+xml', mediaOverlay: overlayId },
          { id: overlayId, href: overlayHref, mediaType: 'application/smil+xml' },
          { id: `audio-${number}`, href: audioHref, mediaType: 'audio/mpeg' },
        );
        overlays.push({ id: overlayId, durationMs });
        overlayEntries.push({ path: `${CONTENT_DIR}/${overlayHref}`, data: mediaOverlay({ href, audioHref, clips, wordId }) }, { path: `${CONTENT_DIR}/${audioHref}`, data: narration.data });
      }

      const coverPicture = coverCopy ? { href: await hrefOf(coverCopy), box: coverBox, alt: pages[coverIndex]!.page.illustrationBrief.trim() } : null;
      const coverWords = frontCoverWords(laidOut[0]!.geometry.safe, { title: book.title, byline: `by ${familyName}` }, coverPicture !== null, fitter);
      const cover: FixedPage = {
        title: book.title,
        language,
        size,
        background: COVER_BACKGROUND,
        picture: coverPicture,
        words: coverWords.map((words) => ({ laid: words, readAlong: null })),
        role: 'cover',
      };

      const fonts = fontsUsed([...coverWords, ...laidOut.flatMap((laid) => laid.words)]);
      manifest.unshift(
        { id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
        { id: 'css', href: STYLESHEET_HREF, mediaType: 'text/css' },
        ...fonts.map((font) => ({ id: `font-${fontKey(font)}`, href: fontHref(font), mediaType: 'font/ttf' })),
        { id: 'cover', href: 'cover.xhtml', mediaType: 'application/xhtml+xml' },
        ...[...pictureHrefs.values()].map((href, index) => ({
          id: `picture-${index + 1}`,
          href,
          mediaType: 'image/jpeg',
          ...(href === coverPicture?.href && { properties: 'cover-image' }),
        })),
      );
      const opf = packageDocument({
        bookId: book.id,
        title: book.title,
        creator: familyName,
        language,
        modified: deps.clock.now(),
        picturesDescribed: descriptions.length > 0 && descriptions.every(Boolean),
        overlays,
        manifest,
        spine: ['cover', ...pages.map(({ number }) => `page-${number}`)],
      });

      const entries: EpubEntry[] = [
        { path: 'META-INF/container.xml', data: CONTAINER_XML },
        { path: PACKAGE_HREF, data: opf },
        { path: `${CONTENT_DIR}/nav.xhtml`, data: navDocument({ title: book.title, cover: 'cover.xhtml', pages: pages.map(({ number }) => ({ href: pageHref(number), label: `Page ${number}` })) }) },
        { path: `${CONTENT_DIR}/${STYLESHEET_HREF}`, data: stylesheet(size, fonts) },
        { path: `${CONTENT_DIR}/cover.xhtml`, data: fixedPageDocument(cover) },
        ...fixedPages.map((page, index) => ({ path: `${CONTENT_DIR}/${pageHref(pages[index]!.number)}`, data: fixedPageDocument(page) })),
        ...overlayEntries,
        ...pictureEntries,
        ...(await Promise.all(fonts.map(async (font) => ({ path: `${CONTENT_DIR}/${fontHref(font)}`, data: await fs.promises.readFile(path.join(deps.fontDir, fontFile(font))) })))),
      ];
      const exportId = `${book.id}-read-along.epub`;
      const file = target ?? path.join(deps.exportDir, exportId);
      const bytes = await replaceWhenWritten(file, (partial) => writeEpubZip(partial, entries));
      return {
        exportId,
        fileName: `${safeFileName(book.title)}.epub`,
        bytes,
        pageCount: pages.length,
        durationMs: overlays.reduce((sum, overlay) => sum + overlay.durationMs, 0),
        pagesWithoutNarration,
        file,
      };
    },
  };
}

export type EpubExport = ReturnType<typeof createEpubExport>;

/** The faces of the print fonts the words are set in, each once. */
function fontsUsed(words: LaidWords[]): EbookFont[] {
  const fonts = new Map<string, EbookFont>();
  for (const { fitted, bold } of words) {
    if (fitted.lines.length === 0) continue;
    const font = { role: fitted.font, bold };
    fonts.set(fontKey(font), font);
  }
  return [...fonts.values()];
}
