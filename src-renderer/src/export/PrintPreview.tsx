import type { PrintPreviewPage } from '../../../src-preload/contract';
import { usePictureUrl } from '../bridge/stored-picture';

// The print fonts, as the PDF embeds them (see fonts.css).
const FONT_FAMILY: Record<'story' | 'wide', string> = { story: "'Andika', sans-serif", wide: "'DejaVu Sans', sans-serif" };
const PANEL = { color: '#fffaf2', opacity: 0.9, radius: 14 };
const WORDS_COLOR = '#2b2118';

/**
 * The first pages drawn from the same layout the PDF is written from: where each picture is
 * cut, where the words sit and at what size, the trim line, and the bleed the printer cuts away.
 */
export function PrintPreview({ pages }: { pages: PrintPreviewPage[] }) {
  return (
    <ol className="print-preview" aria-label="Print preview of the first pages">
      {pages.map((page, index) => (
        <li key={index} className={index === 0 ? 'preview-cover' : undefined}>
          <PreviewSheet page={page} label={page.kind === 'cover' ? 'Cover' : `Page ${index + 1}`} />
        </li>
      ))}
    </ol>
  );
}

function PreviewPicture({ picture }: { picture: NonNullable<PrintPreviewPage['picture']> }) {
  const url = usePictureUrl(picture.assetSha256);
  if (!url) return null;
  return <image href={url} x={picture.box.x} y={picture.box.y} width={picture.box.width} height={picture.box.height} preserveAspectRatio="xMidYMid slice" />;
}

function PreviewSheet({ page, label }: { page: PrintPreviewPage; label: string }) {
  const { trim, words } = page;
  const bleedOnly = `M0 0H${page.width}V${page.height}H0Z M${trim.x} ${trim.y}v${trim.height}h${trim.width}v${-trim.height}Z`;
  const anchorX = !words ? 0 : words.align === 'center' ? words.box.x + words.box.width / 2 : words.align === 'right' ? words.box.x + words.box.width : words.box.x;
  const description = words ? `${label}: ${words.lines.join(' ')}` : `${label}${page.picture ? ': picture only' : ': blank'}`;
  return (
    <figure className="preview-sheet">
      <svg viewBox={`0 0 ${page.width} ${page.height}`} role="img" aria-label={description}>
        <rect width={page.width} height={page.height} fill="#ffffff" />
        {page.picture && <PreviewPicture picture={page.picture} />}
        {words?.panel && (
          <rect x={words.panel.x} y={words.panel.y} width={words.panel.width} height={words.panel.height} rx={PANEL.radius} fill={PANEL.color} fillOpacity={PANEL.opacity} />
        )}
        {words && (
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
        )}
        <path d={bleedOnly} fill="#a1301f" fillOpacity={0.18} fillRule="evenodd" />
        <rect x={trim.x} y={trim.y} width={trim.width} height={trim.height} fill="none" stroke="#a1301f" strokeWidth={1.5} strokeDasharray="6 4" />
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
