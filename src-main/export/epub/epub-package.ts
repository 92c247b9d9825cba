import { ACTIVE_WORD_CLASS } from './epub-documents';
import { clockValue } from './media-overlays';
import { escapeXml } from './xml';

export const PACKAGE_HREF = 'EPUB/package.opf';

/** One file of the ebook, as the package lists it (its href from the package document's folder). */
export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
  /** The id of the media overlay that reads this page aloud. */
  mediaOverlay?: string;
}

export interface PackageFacts {
  bookId: string;
  title: string;
  /** The family who made the book. */
  creator: string;
  language: string;
  modified: Date;
  /** Every picture has a description in words (its alt text). */
  picturesDescribed: boolean;
  /** Each page's media overlay, by its manifest id, and how long its audio plays. */
  overlays: { id: string; durationMs: number }[];
  manifest: ManifestItem[];
  /** The manifest ids of the pages, in reading order. */
  spine: string[];
}

/**
 * The accessibility metadata (schema.org, as EPUB Accessibility asks): what a reader needs to
 * take the book in, and what helps. Fixed pages do not reflow, so displayTransformability is not
 * claimed; nothing on the pages flashes, moves or plays by itself.
 */
function accessibility(facts: PackageFacts): [string, string][] {
  const narrated = facts.overlays.length > 0;
  const modes = ['textual', 'visual', ...(narrated ? ['auditory'] : [])];
  const sufficient = ['textual,visual', ...(facts.picturesDescribed ? ['textual'] : [])];
  const features = ['readingOrder', 'tableOfContents', ...(facts.picturesDescribed ? ['alternativeText'] : []), ...(narrated ? ['synchronizedAudioText'] : [])];
  const summary = [
    'A picture book in fixed pages, each with its picture and its words as text',
    facts.picturesDescribed ? ', every picture described in words' : '',
    '.',
    narrated ? ' Pages that are read aloud light each word as it is said.' : '',
  ].join('');
  return [
    ...modes.map((mode): [string, string] => ['schema:accessMode', mode]),
    ...sufficient.map((modes): [string, string] => ['schema:accessModeSufficient', modes]),
    ...features.map((feature): [string, string] => ['schema:accessibilityFeature', feature]),
    ['schema:accessibilityHazard', 'none'],
    ['schema:accessibilitySummary', summary],
  ];
}

/** The package document: what the book is, every file in it, and the order its pages are read in. */
export function packageDocument(facts: PackageFacts): string {
  const meta = (property: string, value: string, refines?: string) =>
    `    <meta property="${property}"${refines ? ` refines="#${escapeXml(refines)}"` : ''}>${escapeXml(value)}</meta>`;
  const totalMs = facts.overlays.reduce((sum, overlay) => sum + overlay.durationMs, 0);
  const metadata = [
    `    <dc:identifier id="book-id">urn:uuid:${escapeXml(facts.bookId)}</dc:identifier>`,
    `    <dc:title>${escapeXml(facts.title)}</dc:title>`,
    `    <dc:creator id="creator">${escapeXml(facts.creator)}</dc:creator>`,
    `    <dc:language>${escapeXml(facts.language)}</dc:language>`,
    meta('dcterms:modified', facts.modified.toISOString().replace(/\.\d{3}Z$/, 'Z')),
    meta('rendition:layout', 'pre-paginated'),
    meta('rendition:orientation', 'auto'),
    meta('rendition:spread', 'auto'),
    ...accessibility(facts).map(([property, value]) => meta(property, value)),
    ...facts.overlays.map((overlay) => meta('media:duration', clockValue(overlay.durationMs), overlay.id)),
    ...(facts.overlays.length > 0 ? [meta('media:duration', clockValue(totalMs)), meta('media:active-class', ACTIVE_WORD_CLASS)] : []),
  ];
  const items = facts.manifest.map(
    (item) =>
      `    <item id="${escapeXml(item.id)}" href="${escapeXml(item.href)}" media-type="${item.mediaType}"${item.properties ? ` properties="${item.properties}"` : ''}${
        item.mediaOverlay ? ` media-overlay="${escapeXml(item.mediaOverlay)}"` : ''
      }/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(facts.language)}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${metadata.join('\n')}
  </metadata>
  <manifest>
${items.join('\n')}
  </manifest>
  <spine>
${facts.spine.map((id) => `    <itemref idref="${escapeXml(id)}"/>`).join('\n')}
  </spine>
</package>
`;
}

/** META-INF/container.xml: where the package document is. */
export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="${PACKAGE_HREF}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;
