/**
 * The export part of `npm run bench`: a 32-page book whose 1024 px pictures are made print-ready
 * (2625 x 2625 JPEGs for its pages) and exported by StorySprout, and a pdf-lib JPEG-passthrough
 * baseline placing the same JPEGs, each in a fresh process (median of 3). The first export of a
 * book makes its print copies, each round on its own copy of the library as generation left it;
 * every later export finds them made. Targets, with the copies made: at most 1.2x the baseline's
 * time and 250 MB for the PDF writer's peak RSS.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createAssetStore } from '../../src-main/assets/asset-store';
import { followsNoReferences, type ImageProvider } from '../../src-main/generation/providers/provider-types';
import { hashToSeed } from '../../src-main/generation/seeded-random';
import { systemClock } from '../../src-main/store/clock';
import { openStore } from '../../src-main/store/open-store';
import { generationWorld } from '../support/generation-world';
import { line, median } from './measure';

const PAGES = 32;
const ROUNDS = 3;

function noisyPictures(): ImageProvider {
  return {
    id: 'noise',
    model: 'bench',
    concurrency: 4,
    referenceSupport: followsNoReferences('a test painter'),
    async drawPicture(request) {
      const side = 48;
      const pixels = Buffer.alloc(side * side * 3);
      // A book's pages share one seed: the page's words make each picture its own, as a real painter's would be.
      let state = (request.seed ^ hashToSeed(request.prompt)) >>> 0;
      for (let index = 0; index < pixels.length; index++) {
        state = (state * 1103515245 + 12345) >>> 0;
        pixels[index] = state >>> 24;
      }
      const data = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).resize(request.width, request.height).png().toBuffer();
      return { data, mime: 'image/png' };
    },
  };
}

/** The print copies an export made and kept in the library at `dir`, as the baseline places them. */
async function printCopies(dir: string): Promise<{ file: string; width: number; height: number }[]> {
  const store = await openStore({ file: path.join(dir, 'library.sqlite') });
  try {
    const assets = createAssetStore({ db: store.db, clock: systemClock, dir: path.join(dir, 'assets') });
    const rows = await store.db.selectFrom('provider_cache').select('asset_sha256').where('kind', '=', 'print-rendition').execute();
    return await Promise.all(
      rows.map(async (row) => {
        const asset = (await assets.find(row.asset_sha256!))!;
        return { file: asset.file, width: asset.width, height: asset.height };
      }),
    );
  } finally {
    await store.close();
  }
}

export async function benchExport(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-export-'));
  try {
    // Photographic-looking pictures (smooth noise), so the JPEGs weigh what real ones do.
    const drawn = path.join(dir, 'drawn');
    const world = await generationWorld(drawn, { image: noisyPictures() });
    const generation = await world.start({ pageCount: PAGES });
    await world.service.settled(generation.id);
    await world.close();

    type Run = { firstMs: number; warmMs: number; peakRssMb: number; writerPeakRssMb: number; bytes: number };
    const run = (mode: 'ours' | 'baseline', library: string, runs: number): Run => {
      const output = path.join(dir, `${mode}.pdf`);
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'export-run.ts'), mode, library, generation.bookId, output, String(runs)], {
        encoding: 'utf8',
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run;
    };
    const fresh = Array.from({ length: ROUNDS }, (_, round) => {
      const library = path.join(dir, `library-${round}`);
      fs.cpSync(drawn, library, { recursive: true });
      return run('ours', library, 1);
    });
    // The first round's library has its print copies now: every export after runs there.
    const library = path.join(dir, 'library-0');
    const copies = await printCopies(library);
    fs.writeFileSync(path.join(library, 'bench-pictures.json'), JSON.stringify(copies));
    const ours = Array.from({ length: ROUNDS }, () => run('ours', library, 4));
    const baseline = Array.from({ length: ROUNDS }, () => run('baseline', library, 4));
    const of = (list: Run[], key: 'firstMs' | 'warmMs' | 'peakRssMb' | 'writerPeakRssMb') => median(list.map((entry) => entry[key]));
    const describe = (list: Run[]) =>
      `${of(list, 'warmMs').toFixed(0)} ms (first in a process ${of(list, 'firstMs').toFixed(0)} ms) | peak RSS ${of(list, 'peakRssMb').toFixed(0)} MB | ${(list[0]!.bytes / 2 ** 20).toFixed(1)} MB file`;

    console.log(`\nExport — ${PAGES}-page book of 1024 px pictures, ${copies.length} print copies (2625 x 2625 JPEG for a page); a fresh process each round, median of ${ROUNDS}`);
    line('StorySprout, print copies made before', `${describe(ours)} (the app; its PDF writer process ${of(ours, 'writerPeakRssMb').toFixed(0)} MB)`);
    line(
      'StorySprout, first export: print copies made',
      `${of(fresh, 'firstMs').toFixed(0)} ms | peak RSS ${of(fresh, 'peakRssMb').toFixed(0)} MB (the app; its PDF writer process ${of(fresh, 'writerPeakRssMb').toFixed(0)} MB)`,
    );
    line('baseline (pdf-lib, JPEG passthrough)', describe(baseline));
    line(
      'ratio',
      `${(of(ours, 'warmMs') / of(baseline, 'warmMs')).toFixed(2)}x time (target <= 1.2) | PDF writer peak ${of(ours, 'writerPeakRssMb').toFixed(0)} MB (target <= 250)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
