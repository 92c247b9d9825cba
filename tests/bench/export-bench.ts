/**
 * The export part of `npm run bench`: a 32-page book of 2625 x 2625 pictures exported by
 * StorySprout and by a pdf-lib JPEG-passthrough baseline on the same files, each in a fresh
 * process (median of 3). Targets: at most 1.2x the baseline's time and 250 MB peak RSS.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ImageProvider } from '../../src-main/generation/providers/provider-types';
import { generationWorld } from '../support/generation-world';
import { line, median } from './measure';

const PAGES = 32;
const ROUNDS = 3;

function noisyPictures(): ImageProvider {
  return {
    id: 'noise',
    model: 'bench',
    concurrency: 4,
    acceptsReferences: false,
    async drawPicture(request) {
      const side = 48;
      const pixels = Buffer.alloc(side * side * 3);
      let state = request.seed;
      for (let index = 0; index < pixels.length; index++) {
        state = (state * 1103515245 + 12345) >>> 0;
        pixels[index] = state >>> 24;
      }
      const data = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).resize(request.width, request.height).png().toBuffer();
      return { data, mime: 'image/png' };
    },
  };
}

export async function benchExport(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-export-'));
  try {
    // Photographic-looking pictures (smooth noise), so the JPEGs weigh what real ones do.
    const world = await generationWorld(dir, { image: noisyPictures() }, { printInches: { width: 8.75, height: 8.75 } });
    const generation = await world.start({ pageCount: PAGES });
    await world.service.settled(generation.id);
    const pages = await world.pagesOf(generation.bookId);
    const files = await Promise.all(pages.map(async (page) => (await world.assets.find(page.print_asset_sha256!))!.file));
    fs.writeFileSync(path.join(dir, 'bench-pictures.json'), JSON.stringify(files));
    await world.close();

    const run = (mode: 'ours' | 'baseline') => {
      const output = path.join(dir, `${mode}.pdf`);
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'export-run.ts'), mode, dir, generation.bookId, output], {
        encoding: 'utf8',
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as { firstMs: number; warmMs: number; peakRssMb: number; writerPeakRssMb: number; bytes: number };
    };
    const ours = Array.from({ length: ROUNDS }, () => run('ours'));
    const baseline = Array.from({ length: ROUNDS }, () => run('baseline'));
    const of = (list: typeof ours, key: 'firstMs' | 'warmMs' | 'peakRssMb' | 'writerPeakRssMb') => median(list.map((entry) => entry[key]));
    const describe = (list: typeof ours) =>
      `${of(list, 'warmMs').toFixed(0)} ms (first in a process ${of(list, 'firstMs').toFixed(0)} ms) | peak RSS ${of(list, 'peakRssMb').toFixed(0)} MB | ${(list[0]!.bytes / 2 ** 20).toFixed(1)} MB file`;

    console.log(`\nExport — ${PAGES}-page book of 2625 x 2625 JPEG pictures; a fresh process each round, median of ${ROUNDS}`);
    line('StorySprout (pdfmake, fonts, boxes, preflight)', `${describe(ours)} (the app; its PDF writer process ${of(ours, 'writerPeakRssMb').toFixed(0)} MB)`);
    line('baseline (pdf-lib, JPEG passthrough)', describe(baseline));
    line(
      'ratio',
      `${(of(ours, 'warmMs') / of(baseline, 'warmMs')).toFixed(2)}x time (target <= 1.2) | PDF writer peak ${of(ours, 'writerPeakRssMb').toFixed(0)} MB (target <= 250)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
