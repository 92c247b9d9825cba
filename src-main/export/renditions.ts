import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import PQueue from 'p-queue';
import type { AssetStore } from '../assets/asset-store';
import { createProviderCache } from '../generation/provider-cache';
import type { Clock } from '../store/clock';
import type { StoreSchema } from '../store/schema';
import type { PdfWriter } from './pdf-writer';
import { PRINT_DPI } from './print-geometry';

/** A picture's print copy: a JPEG in the asset store covering its box at 300 DPI. */
export interface PrintRendition {
  file: string;
  width: number;
  height: number;
  mime: 'image/jpeg';
  sha256: string;
}

/** The box a picture fills on the printed page, in inches. */
export interface BoxInches {
  widthIn: number;
  heightIn: number;
}

interface Pixels {
  width: number;
  height: number;
}

const RENDITION_KIND = 'print-rendition';

/**
 * The print copies of the pictures as drawn, made when an export first needs them and kept by
 * picture and pixels, so the next export of the same size makes none. They are made in the PDF
 * writer's process, as many at once as this computer has cores: each is a few hundred
 * milliseconds of libvips and tens of megabytes that the app's main process, which answers the
 * window, never carries; and the writer, which embeds them next, is warmed up by the print screen
 * already and stops a minute after the last export.
 */
export function createRenditions(deps: {
  db: Kysely<StoreSchema>;
  clock: Clock;
  assets: AssetStore;
  writer: Pick<PdfWriter, 'makePrintJpeg'>;
  parallel?: number;
}) {
  const cache = createProviderCache(deps);
  const slots = new PQueue({ concurrency: deps.parallel ?? os.availableParallelism() });
  // Two pages showing one picture at one size (a book's cover and first page) share one making.
  const making = new Map<string, Promise<PrintRendition>>();

  async function make(key: string, originalSha256: string, pixels: Pixels, output: string): Promise<PrintRendition> {
    const original = await deps.assets.find(originalSha256);
    if (!original) throw new Error(`The picture ${originalSha256} is missing from the library folder.`);
    const made = await slots.add(() => deps.writer.makePrintJpeg({ input: original.file, output, ...pixels }));
    const stored = await deps.assets.adopt(output, { sha256: made.sha256, mime: 'image/jpeg', width: made.width, height: made.height, bytes: made.bytes });
    await cache.rememberAsset(key, RENDITION_KIND, stored.sha256);
    return { file: stored.file, width: stored.width, height: stored.height, mime: 'image/jpeg', sha256: stored.sha256 };
  }

  /** Starts making a print copy, which everyone asking for it shares until it is made or has failed. */
  function startMaking(key: string, originalSha256: string, pixels: Pixels): Promise<PrintRendition> {
    // Written inside the asset folder, so taking it into the store is a rename.
    const output = path.join(deps.assets.dir, `${randomUUID()}.print.partial`);
    const attempt = make(key, originalSha256, pixels, output);
    making.set(key, attempt);
    // Forgotten before anyone hears how it went, so asking again after a failure makes it anew;
    // whatever a writer that died left half-written goes after.
    attempt.then(
      () => making.delete(key),
      () => {
        making.delete(key);
        fs.rm(output, { force: true }, () => {});
      },
    );
    return attempt;
  }

  return {
    /**
     * The copy of picture `originalSha256` for a box of `box` inches: at least `dpi` both ways
     * (300, for print, unless asked), cropped to the box's shape. Made at most once per picture
     * and size.
     */
    async forBox(originalSha256: string, box: BoxInches, dpi = PRINT_DPI): Promise<PrintRendition> {
      const pixels = { width: Math.ceil(box.widthIn * dpi), height: Math.ceil(box.heightIn * dpi) };
      const key = cache.keyOf(RENDITION_KIND, { originalSha256, ...pixels });
      const beingMade = making.get(key);
      if (beingMade) return beingMade;
      const kept = await cache.storedAsset(key);
      if (kept) return { file: kept.file, width: kept.width, height: kept.height, mime: 'image/jpeg', sha256: kept.sha256 };
      // Looked up again: another export may have started it while the cache was read.
      return making.get(key) ?? startMaking(key, originalSha256, pixels);
    },
  };
}

export type Renditions = ReturnType<typeof createRenditions>;
