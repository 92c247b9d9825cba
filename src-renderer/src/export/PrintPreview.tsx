import type { PreviewWords, PrintPreviewPage } from '../../../src-preload/contract';
import { useAssetUrl } from '../bridge/stored-picture';

// The print fonts, as the PDF embeds them (see fonts.css).
const FONT_FAMILY: Record<'story' | 'wide', string> = { story: "'Andika', sans-serif", wide: "'DejaVu Sans', sans-serif" };
// As src-main/export/book-layout.ts draws them: opaque, so no file carries transparency.
const PANEL = { color: '#fffaf2', radius: 14 };
const WORDS_COLOR = '#2b2118';

const labelOf = (page: PrintPreviewPage, index: number, hasCover: boolean) => {
  if (page.kind === 'cover') return 'Cover: back, spine and front';
  return `Page ${hasCover ? index : index + 1}`;
};

/**
 * The cover spread and the first pages, drawn from the same layout the PDFs are written from:
 * where each picture is cut, where the words sit and at what size, the spine, the trim line, and
 * the bleed the printer cuts away.
 */
export function PrintPreview({ pages }: { pages: PrintPreviewPage[] }) {
  const hasCover = pages[0]?.kind === 'cover';
  return (
    <ol className="print-preview" aria-label="Print preview">
      {pages.map((page, index) => (
        <li key={index} className={page.kind === 'cover' ? 'preview-cover' : undefined}>
          <PreviewSheet page={page} label={labelOf(page, index, hasCover)} />
        </li>
      ))}
    </ol>
  );
}

function PreviewPicture({ picture }: { picture: NonNullable<PrintPreviewPage['picture']> }) {
  const url = useAssetUrl(picture.assetSha256);
  if (!url) return null;
  return <image href={url} x={picture.box.x} y={picture.box.y} width={picture.box.width} height={picture.box.height} preserveAspectRatio="xMidYMid slice" />;
}

function Words({ words, transform }: { words: PreviewWords; transform?: string }) {
  const anchorX = words.align === 'center' ? words.box.x + words.box.width / 2 : words.align === 'right' ? words.box.x + words.box.width : words.box.x;
  return (
    <g transform={transform}>
      {words.panel && <rect x={words.panel.x} y={words.panel.y} width={words.panel.width} height={words.panel.height} rx={PANEL.radius} fill={PANEL.color} />}
      <text
        fontFamily={FONT_FAMILY[words.font]}
        fontSize={words.fontSize}
        fontWeight={words.bold ? 700 : 400}
        fill={WORDS_COLOR}
        textAnchor={words.align === 'center' ? 'middle' : words.align === 'right' ? 'end' : 'start'}
        direction={words.align === 'right' ? 'rtl' : undefined}
      >
        {words.lines.map((line, index) => (
          <tspan key={index} x={anchorX} y={words.box.y + words.ascent + index * words.lineAdvance}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

function PreviewSheet({ page, label }: { page: PrintPreviewPage; label: string }) {
  const { trim } = page;
  const bleedOnly = `M0 0H${page.width}V${page.height}H0Z M${trim.x} ${trim.y}v${trim.height}h${trim.width}v${-trim.height}Z`;
  const said = page.words.flatMap((words) => words.lines).join(' ');
  const description = said ? `${label}: ${said}` : `${label}${page.picture ? ': picture only' : ': blank'}`;
  const spineWords = page.spine?.words;
  return (
    <figure className="preview-sheet">
      <svg viewBox={`0 0 ${page.width} ${page.height}`} role="img" aria-label={description}>
        <rect width={page.width} height={page.height} fill="#ffffff" />
        {page.fill && <rect x={page.fill.box.x} y={page.fill.box.y} width={page.fill.box.width} height={page.fill.box.height} fill={page.fill.color} />}
        {page.picture && <PreviewPicture picture={page.picture} />}
        {page.words.map((words, index) => (
          <Words key={index} words={words} />
        ))}
        {page.spine && (
          <>
            <rect x={page.spine.box.x} y={page.spine.box.y} width={page.spine.box.width} height={page.spine.box.height} fill="none" stroke="#a1301f" strokeWidth={1} strokeDasharray="2 3" />
            {/* Words along the spine are laid out as if it lay on its side, then turned a quarter clockwise, as the PDF does. */}
            {spineWords && <Words words={spineWords} transform={`rotate(90 ${spineWords.box.x} ${spineWords.box.y}) translate(0 ${-spineWords.box.height})`} />}
          </>
        )}
        <path d={bleedOnly} fill="#a1301f" fillOpacity={0.18} fillRule="evenodd" />
        <rect x={trim.x} y={trim.y} width={trim.width} height={trim.height} fill="none" stroke="#a1301f" strokeWidth={1.5} strokeDasharray="6 4" />
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
