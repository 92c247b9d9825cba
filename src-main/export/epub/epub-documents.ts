import { pageWords } from '@storysprout/shared/page-words';
import { PANEL_COLOR, PANEL_RADIUS, WORDS_COLOR, type LaidWords } from '../book-layout';
import { FONT_FILES, withoutEmoji, type FontRole } from '../page-text';
import type { Box } from '../print-geometry';
import { escapeXml } from './xml';

/** The class a reading system gives the word being read aloud (media:active-class), and the stylesheet lights. */
export const ACTIVE_WORD_CLASS = '-epub-media-overlay-active';
export const STYLESHEET_HREF = 'book.css';

/** Coordinates are the print layout's points, taken as CSS pixels: the page's viewport is its size in points. */
const px = (value: number) => `${Math.round(value * 100) / 100}px`;
const placed = (box: Box) => `left:${px(box.x)};top:${px(box.y)};width:${px(box.width)};height:${px(box.height)}`;

const FONT_FAMILY: Record<FontRole, string> = { story: 'Andika', wide: 'DejaVu Sans' };

/** A font file the ebook carries: a face of one of the print fonts. */
export interface EbookFont {
  role: FontRole;
  bold: boolean;
}

export const fontFile = (font: EbookFont) => FONT_FILES[font.role][font.bold ? 'bold' : 'normal'];
export const fontHref = (font: EbookFont) => `fonts/${fontFile(font)}`;

/** The words of a page, as laid out for print; on a story page, each of its words in a span the media overlay points at. */
export interface WordsBlock {
  laid: LaidWords;
  readAlong: { text: string; wordId: (wordNumber: number) => string } | null;
}

export interface FixedPage {
  title: string;
  language: string;
  size: { width: number; height: number };
  /** The page's colour where no picture covers it. */
  background: string;
  picture: { href: string; box: Box; alt: string } | null;
  words: WordsBlock[];
  /** What the page is in the book's structure (epub:type): the cover, or a page of the story. */
  role: 'cover' | 'bodymatter';
}

/**
 * The lines of `text` as the print layout broke them, each word of the page (as `pageWords`
 * counts them, so one span per narration timing) wrapped in a span with its id. A word the layout
 * split across two lines stays one span; a word print left out altogether (emoji only) keeps an
 * empty span, so the read-along still has somewhere to point.
 */
export function wordsMarkup(text: string, lines: string[], wordId: (wordNumber: number) => string): string {
  const parts: string[] = [];
  let line = 0;
  let at = 0;
  const atLineEnd = () => at === (lines[line] ?? '').length;
  const nextLine = () => {
    parts.push('<br/>');
    line += 1;
    at = 0;
  };
  for (const [index, word] of pageWords(text).entries()) {
    while (atLineEnd() && line < lines.length - 1) nextLine();
    if (lines[line]?.[at] === ' ') {
      parts.push(' ');
      at += 1;
    }
    let rest = withoutEmoji(word);
    let printed = '';
    while (rest) {
      if (atLineEnd()) {
        if (line >= lines.length - 1) break;
        printed += '<br/>';
        line += 1;
        at = 0;
      }
      const run = (lines[line] ?? '').slice(at).split(' ')[0]!;
      if (!run || !rest.startsWith(run)) break;
      printed += escapeXml(run);
      rest = rest.slice(run.length);
      at += run.length;
    }
    if (rest) throw new Error(`The page's words were laid out differently from how they are read: “${word}” is not where the layout has it.`);
    parts.push(`<span id="${escapeXml(wordId(index + 1))}">${printed}</span>`);
  }
  return parts.join('');
}

function wordsElement({ laid, readAlong }: WordsBlock): string {
  const { fitted, box, panel, bold, align } = laid;
  const lineAdvance = fitted.lines.length > 0 ? fitted.height / fitted.lines.length : fitted.fontSize;
  const style = [
    placed(box),
    `font-family:'${FONT_FAMILY[fitted.font]}'`,
    `font-size:${px(fitted.fontSize)}`,
    `line-height:${px(lineAdvance)}`,
    `text-align:${align}`,
    ...(bold ? ['font-weight:bold'] : []),
  ].join(';');
  const content = readAlong ? wordsMarkup(readAlong.text, fitted.lines, readAlong.wordId) : fitted.lines.map(escapeXml).join('<br/>');
  const words = `<p class="words" style="${style}"${fitted.rightToLeft ? ' dir="rtl"' : ''}>${content}</p>`;
  return panel ? `<div class="panel" style="${placed(panel)}"></div>\n${words}` : words;
}

/** A pre-paginated page: its viewport is the page's size, and everything on it sits where the print layout put it. */
export function fixedPageDocument(page: FixedPage): string {
  const language = escapeXml(page.language);
  const picture = page.picture ? `<img class="picture" src="${escapeXml(page.picture.href)}" alt="${escapeXml(page.picture.alt)}" style="${placed(page.picture.box)}"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${language}" lang="${language}">
<head>
<meta charset="UTF-8"/>
<meta name="viewport" content="width=${Math.round(page.size.width)}, height=${Math.round(page.size.height)}"/>
<title>${escapeXml(page.title)}</title>
<link rel="stylesheet" type="text/css" href="${STYLESHEET_HREF}"/>
</head>
<body epub:type="${page.role}">
<div class="page" style="background-color:${page.background}">
${[picture, ...page.words.map(wordsElement)].filter(Boolean).join('\n')}
</div>
</body>
</html>
`;
}

/** The ebook's table of contents: the cover, then a link a page. Its own words are English, as the window's are. */
export function navDocument(book: { title: string; cover: string; pages: { href: string; label: string }[] }): string {
  const entries = [{ href: book.cover, label: 'Cover' }, ...book.pages].map((entry) => `      <li><a href="${escapeXml(entry.href)}">${escapeXml(entry.label)}</a></li>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head>
<meta charset="UTF-8"/>
<title>${escapeXml(book.title)}</title>
</head>
<body>
  <nav epub:type="toc" id="toc">
    <h1>Contents</h1>
    <ol>
${entries.join('\n')}
    </ol>
  </nav>
  <nav epub:type="landmarks" id="landmarks" hidden="hidden">
    <ol>
      <li><a epub:type="cover" href="${escapeXml(book.cover)}">Cover</a></li>
      <li><a epub:type="bodymatter" href="${escapeXml(book.pages[0]!.href)}">The story</a></li>
    </ol>
  </nav>
</body>
</html>
`;
}

/** The print fonts the pages use, every page the same size, and the word being read lit as the reader in the window lights it. */
export function stylesheet(page: { width: number; height: number }, fonts: EbookFont[]): string {
  const faces = fonts.map(
    (font) => `@font-face {
  font-family: '${FONT_FAMILY[font.role]}';
  font-weight: ${font.bold ? 'bold' : 'normal'};
  font-style: normal;
  src: url(${fontHref(font)});
}`,
  );
  return `${faces.join('\n')}
html, body {
  margin: 0;
  padding: 0;
}
.page {
  position: relative;
  width: ${px(page.width)};
  height: ${px(page.height)};
  overflow: hidden;
}
.picture, .panel, .words {
  position: absolute;
}
.panel {
  background-color: ${PANEL_COLOR};
  border-radius: ${px(PANEL_RADIUS)};
}
.words {
  margin: 0;
  color: ${WORDS_COLOR};
  white-space: nowrap;
}
.${ACTIVE_WORD_CLASS} {
  background-color: #ffe08a;
  border-radius: 4px;
}
`;
}
