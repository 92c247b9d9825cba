import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Font } from 'fontkit';

// pdfkit opens every font afresh for each document, and fontkit then decodes the font's layout
// tables again the first time a word is measured: a third of an export's time went there. fontkit
// lets a program register a font format; this one recognises a short handle naming a font parsed
// earlier and hands back that font, so each font is read and decoded once per process. The
// handle is what pdfmake is given in place of the font file's bytes.

// The fontkit that pdfkit itself requires (its CommonJS build), so the format is registered where
// pdfkit will look.
const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
  create(buffer: Buffer): Font;
  registerFormat(format: unknown): void;
};

const HANDLE_PREFIX = 'StorySprout parsed font:';
const parsed = new Map<string, Font>();

// fontkit calls `new format(stream)`; a function that returns an object hands that object back.
const parsedFontFormat = Object.assign(
  function openParsedFont(stream: { buffer: Buffer }): Font {
    const font = parsed.get(stream.buffer.toString('utf8', HANDLE_PREFIX.length));
    if (!font) throw new Error('A font handle names a font this process has not read.');
    return font;
  },
  {
    probe: (buffer: Buffer): boolean => buffer.length > HANDLE_PREFIX.length && buffer.toString('latin1', 0, HANDLE_PREFIX.length) === HANDLE_PREFIX,
  },
);

fontkit.registerFormat(parsedFontFormat);

/** A stand-in for `file`'s bytes that pdfkit opens as the one parsed copy of that font. */
export function parsedFontHandle(file: string): Buffer {
  if (!parsed.has(file)) parsed.set(file, fontkit.create(fs.readFileSync(file)));
  return Buffer.from(HANDLE_PREFIX + file, 'utf8');
}
