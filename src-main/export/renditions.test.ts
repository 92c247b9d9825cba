import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';
import { testApp } from '../../tests/support/test-app';
import { createAssetStore } from '../assets/asset-store';
import { systemClock } from '../store/clock';
import { openStore } from '../store/open-store';
import { createPdfWriter, forkPdfWriter, type LaunchPdfWriter } from './pdf-writer';
import type { PrintJpegJob } from './print-jpeg';
import { createRenditions } from './renditions';

const fontDir = path.resolve(import.meta.dirname, '../../resources/fonts');

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * The real PDF writer process, with every print copy asked of it on record: what was asked, how
 * many were being made at once, and (in `timeline`) when each was made.
 */
function watchedWriterProcess() {
  const asked: PrintJpegJob[] = [];
  const timeline: string[] = [];
  let making = 0;
  let mostAtOnce = 0;
  const launch: LaunchPdfWriter = (dir) => {
    const channel = forkPdfWriter('source')(dir);
    const pending = new Set<number>();
    return {
      ...channel,
      send(request) {
        if (request.kind === 'print-jpeg') {
          asked.push(request.job);
          pending.add(request.id);
          mostAtOnce = Math.max(mostAtOnce, ++making);
        }
        channel.send(request);
      },
      onReply(listener) {
        channel.onReply((reply) => {
          if (reply.kind !== 'ready' && pending.delete(reply.id)) {
            making -= 1;
            timeline.push('made');
          }
          listener(reply);
        });
      },
    };
  };
  return {
    launch,
    asked,
    timeline,
    get mostAtOnce() {
      return mostAtOnce;
    },
  };
}

/** A 1024 px picture of smooth noise, as heavy to make print-ready as a drawn one. */
async function drawnPicture(seed: number): Promise<Buffer> {
  const side = 48;
  const pixels = Buffer.alloc(side * side * 3);
  let state = seed;
  for (let index = 0; index < pixels.length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[index] = state >>> 24;
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).resize(1024, 1024).png().toBuffer();
}

describe('print copies of pictures', () => {
  it('are made in the PDF writer’s process, once per picture and size, at 300 DPI for the box, two at a time, while this thread stays free', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const store = await openStore({ file: path.join(dir, 'library.sqlite') });
    closers.push(() => store.close());
    const assets = createAssetStore({ db: store.db, clock: systemClock, dir: path.join(dir, 'assets') });
    const watched = watchedWriterProcess();
    const writer = createPdfWriter(watched.launch, fontDir);
    closers.push(() => writer.close());
    const renditions = createRenditions({ db: store.db, clock: systemClock, assets, writer, parallel: 2 });

    const originals = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (seed) => assets.put(await drawnPicture(seed), { mime: 'image/png', width: 1024, height: 1024 })));
    // A square page with bleed, a picture above the words, US letter, and a 6 x 9 in cover's front.
    const boxes = [
      { widthIn: 8.75, heightIn: 8.75 },
      { widthIn: 8.75, heightIn: 400.68 / 72 },
      { widthIn: 8.5, heightIn: 11 },
      { widthIn: 6.125, heightIn: 9.25 },
    ];
    // 32 print copies, each asked for twice at once, as a cover and its first page may be.
    const asks = originals.flatMap((original) => boxes.flatMap((box) => [{ original, box }, { original, box }]));

    let longestPauseMs = 0;
    let lastTick = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestPauseMs = Math.max(longestPauseMs, now - lastTick);
      lastTick = now;
    }, 5);
    const made = await Promise.all(asks.map(({ original, box }) => renditions.forBox(original.sha256, box)));
    clearInterval(ticker);

    expect(watched.asked).toHaveLength(32);
    expect(watched.mostAtOnce).toBe(2);
    // Timers kept firing while 32 pictures were made, each of which takes this machine 200 ms or
    // more; what pauses there were came from sharing two cores with the writer.
    expect(longestPauseMs).toBeLessThan(500);
    for (const [index, { original, box }] of asks.entries()) {
      const pixels = { width: Math.ceil(box.widthIn * 300), height: Math.ceil(box.heightIn * 300) };
      expect(made[index]).toMatchObject({ mime: 'image/jpeg', ...pixels });
      expect(watched.asked).toContainEqual(expect.objectContaining({ input: assets.pathFor(original.sha256), ...pixels }));
    }
    for (const rendition of new Map(made.map((entry) => [entry.sha256, entry])).values()) {
      const bytes = fs.readFileSync(rendition.file);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(rendition.sha256);
      expect(rendition.file).toBe(assets.pathFor(rendition.sha256));
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: rendition.width, height: rendition.height, density: 300, space: 'srgb', hasProfile: true });
      expect(await assets.find(rendition.sha256)).toMatchObject({ mime: 'image/jpeg', width: rendition.width, height: rendition.height, bytes: bytes.length });
    }
    expect(fs.readdirSync(assets.dir).filter((name) => name.endsWith('.partial'))).toEqual([]);

    // Asked again, by this export or the next run of the app, none is made again.
    const afterRestart = createRenditions({ db: store.db, clock: systemClock, assets, writer });
    expect((await Promise.all(asks.map(({ original, box }) => afterRestart.forBox(original.sha256, box)))).map((entry) => entry.sha256)).toEqual(
      made.map((entry) => entry.sha256),
    );
    expect(watched.asked).toHaveLength(32);
  });

  it('an export makes each page’s print copy once, says each page is ready as it is, and the next export makes none', async () => {
    const watched = watchedWriterProcess();
    const app = await testApp({ runQueue: true, launchPdfWriter: watched.launch });
    const started = await app.call('generation.start', { idea: 'a fox who collects moonbeams', pageCount: 4, readerAge: 5 });
    await app.core.generation.settled(started.id);
    const book = await app.call('library.get', { bookId: started.bookId });
    app.core.events.subscribe((message) => {
      if (message.name === 'export.progress' && message.payload.stage === 'pictures') watched.timeline.push(`${message.payload.done}/${message.payload.total}`);
    });

    await app.call('export.pdf', { bookId: book.id });
    const drawn = await Promise.all(book.pages.map(async (page) => (await app.core.assets.find(page.imageAssetSha256!))!.file));
    expect(new Set(watched.asked.map((job) => job.input))).toEqual(new Set(drawn));
    expect(new Set(watched.asked.map((job) => `${job.input} ${job.width}x${job.height}`)).size).toBe(watched.asked.length);
    expect(watched.mostAtOnce).toBe(Math.min(os.availableParallelism(), watched.asked.length));
    const firstExport = [...watched.timeline];
    const progress = firstExport.filter((entry) => entry !== 'made');
    const pages = Number(progress[0]!.split('/')[1]);
    expect(progress).toEqual(Array.from({ length: pages + 1 }, (_, done) => `${done}/${pages}`));
    // Pages were said to be ready while the rest of the pictures were still being made.
    expect(firstExport.slice(firstExport.indexOf('made'), firstExport.lastIndexOf('made')).some((entry) => entry !== 'made')).toBe(true);

    const exports = path.join(app.core.dataDir, 'exports');
    for (const pdf of fs.readdirSync(exports).filter((name) => name.endsWith('.pdf'))) {
      const images = execFileSync('pdfimages', ['-list', path.join(exports, pdf)], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      for (const image of images) {
        const columns = image.trim().split(/\s+/);
        expect(columns[8]).toBe('jpeg');
        for (const ppi of [Number(columns[12]), Number(columns[13])]) {
          expect(ppi).toBeGreaterThanOrEqual(300);
          expect(ppi).toBeLessThanOrEqual(301);
        }
      }
    }

    const asked = watched.asked.length;
    watched.timeline.length = 0;
    await app.call('export.pdf', { bookId: book.id });
    expect(watched.asked).toHaveLength(asked);
    expect(watched.timeline).toEqual(progress);
  });
});
