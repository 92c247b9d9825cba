import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Sharp } from 'sharp';
import { PRINT_DPI } from './print-geometry';

/** A picture to make print-ready: read from `input`, written to `output`, exactly this many pixels. */
export interface PrintJpegJob {
  input: string;
  output: string;
  width: number;
  height: number;
}

export interface MadePrintJpeg {
  sha256: string;
  width: number;
  height: number;
  bytes: number;
}

let loadedSharp: Promise<(input: string) => Sharp> | null = null;

// Loaded on the first picture, so a writer that only writes books never pays for libvips' memory.
// Its operation cache is off: every picture is made once and then kept as a file, so nothing
// cached would ever be asked for again, and it would only hold the writer's memory up.
function sharpForPictures(): Promise<(input: string) => Sharp> {
  loadedSharp ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return (input: string) => sharp(input);
  });
  return loadedSharp;
}

/**
 * The picture as a printer wants it: cropped to fill the box, sRGB with its profile embedded,
 * marked 300 DPI, and JPEG, so the PDF carries it as it is. Runs in the PDF writer's process.
 * Huffman tables optimised per picture would make the file a tenth smaller, but libjpeg then
 * holds every coefficient of the picture until the end: two pictures at once took the writer from
 * 160 MB to 470 MB at its peak.
 */
export async function makePrintJpeg(job: PrintJpegJob): Promise<MadePrintJpeg> {
  const open = await sharpForPictures();
  const { data, info } = await open(job.input)
    .rotate()
    .resize(job.width, job.height, { fit: 'cover', kernel: 'lanczos3' })
    .toColorspace('srgb')
    .withIccProfile('srgb')
    .withMetadata({ density: PRINT_DPI })
    .jpeg({ quality: 90, chromaSubsampling: '4:4:4', optimiseCoding: false })
    .toBuffer({ resolveWithObject: true });
  await fs.promises.writeFile(job.output, data);
  return { sha256: createHash('sha256').update(data).digest('hex'), width: info.width, height: info.height, bytes: data.length };
}
