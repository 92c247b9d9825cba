import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type FontRole = 'story' | 'wide';

/** Andika for stories (SIL's font for beginning readers); DejaVu Sans where Andika has no letters. */
export const FONT_FILES: Record<FontRole, { normal: string; bold: string }> = {
  story: { normal: 'Andika-Regular.ttf', bold: 'Andika-Bold.ttf' },
  wide: { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' },
};

const EMOJI = /\p{Extended_Pictographic}(\uFE0F|\u200D\p{Extended_Pictographic})*/gu;
/** Words as the print fonts draw them: emoji are left out, since none of them has any. */
export const withoutEmoji = (text: string) => text.replace(EMOJI, '');
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LEFT_TO_RIGHT_LETTERS = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/;

export interface FittedText {
  font: FontRole;
  fontSize: number;
  /** pdfmake's lineHeight: a multiple of the font's own line height. */
  lineHeight: number;
  /** The text broken into the lines it prints as, in reading order. */
  lines: string[];
  height: number;
  /** From the top of a line to its baseline, in points. */
  ascent: number;
  rightToLeft: boolean;
  /** Problems the preflight reports; the text still prints. */
  notes: string[];
  /** True when even the smallest size does not fit the box. */
  overflows: boolean;
}

/**
 * Lays a page's words into a box: picks the font that has every letter, the largest size from
 * `maxSize` down to `minSize` that fits, and breaks lines the way the PDF will. Emoji are left
 * out (no print font draws them) and said so. Right-to-left lines print in reading order, since
 * fontkit shapes and orders Arabic and Hebrew runs itself.
 */
export function createTextFitter(fontDir: string) {
  const fonts = Object.fromEntries(
    (Object.keys(FONT_FILES) as FontRole[]).map((role) => [role, fontkit.openSync(path.join(fontDir, FONT_FILES[role].normal)) as fontkit.Font]),
  ) as Record<FontRole, fontkit.Font>;
  const measurer = new PDFDocument({ autoFirstPage: false });
  for (const role of Object.keys(FONT_FILES) as FontRole[]) {
    measurer.registerFont(`${role}-normal`, fs.readFileSync(path.join(fontDir, FONT_FILES[role].normal)));
  }

  const covers = (role: FontRole, text: string) =>
    [...text].every((char) => /\s/.test(char) || fonts[role].hasGlyphForCodePoint(char.codePointAt(0)!));

  function breakLines(text: string, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (measurer.widthOfString(candidate) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        // A word wider than the box is split where it must be.
        let rest = word;
        while (measurer.widthOfString(rest) > width && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && measurer.widthOfString(rest.slice(0, cut)) > width) cut -= 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  return {
    fit(raw: string, box: { width: number; height: number }, options: { maxSize: number; minSize: number; lineGap?: number }): FittedText {
      const notes: string[] = [];
      const text = withoutEmoji(raw).replace(/[ \t]+/g, ' ').trim();
      if (text !== raw.replace(/[ \t]+/g, ' ').trim()) notes.push('emoji were left out: print fonts cannot draw them');
      const font: FontRole = covers('story', text) ? 'story' : 'wide';
      if (!covers(font, text)) notes.push('some letters are not in any print font and will be missing');
      const rightToLeft = RIGHT_TO_LEFT.test(text);
      if (rightToLeft && LEFT_TO_RIGHT_LETTERS.test(text)) notes.push('a line mixing right-to-left and left-to-right words may print in the wrong order');
      measurer.font(`${font}-normal`);

      const lineGap = options.lineGap ?? 1;
      // The font's own line height (ascent, descent and gap), as pdfmake spaces lines.
      const lineHeightAt = (size: number) => measurer.fontSize(size).currentLineHeight(true) * lineGap;
      const ascentAt = (size: number) => (fonts[font].ascent / fonts[font].unitsPerEm) * size;
      for (let size = options.maxSize; size >= options.minSize; size -= 1) {
        measurer.fontSize(size);
        const lines = text ? breakLines(text, box.width) : [];
        const height = lines.length * lineHeightAt(size);
        if (height <= box.height) return { font, fontSize: size, lineHeight: lineGap, lines, height, ascent: ascentAt(size), rightToLeft, notes, overflows: false };
      }
      measurer.fontSize(options.minSize);
      const lines = breakLines(text, box.width);
      const height = lines.length * lineHeightAt(options.minSize);
      return { font, fontSize: options.minSize, lineHeight: lineGap, lines, height, ascent: ascentAt(options.minSize), rightToLeft, notes, overflows: true };
    },
  };
}

export type TextFitter = ReturnType<typeof createTextFitter>;
