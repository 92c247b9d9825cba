/**
 * The generation part of `npm run bench`: a 16-page book against providers that only wait
 * (simulated service latency), so what is measured is StorySprout's own pipeline. The targets:
 * wall time at most 1.10 x the critical path (story latency + ceil(pages / concurrency) x picture
 * latency, which no pipeline can beat), and under 50 ms of wall time per page with providers that
 * answer at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOfflinePictureProvider } from '../../src-main/generation/providers/offline-pictures';
import { createOfflineStoryProvider } from '../../src-main/generation/providers/offline-story';
import { followsNoReferences, type ImageProvider, type TextProvider } from '../../src-main/generation/providers/provider-types';
import { makeThumbnail } from '../../src-main/generation/thumbnail';
import { generationWorld } from '../support/generation-world';
import { line, median, medianMs } from './measure';

const PAGES = 16;
const CONCURRENCY = 4;
const STORY_MS = 1000;
// Real picture services take 10-30 s; 5 s keeps the bench short while staying below them.
const PICTURE_MS = 5000;
const ROUNDS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slowProviders(storyMs: number, pictureMs: number, picture: Buffer): { text: TextProvider; image: ImageProvider } {
  const story = createOfflineStoryProvider();
  return {
    text: { ...story, id: 'simulated', async writeStory(request, options) {
      await sleep(storyMs);
      return story.writeStory(request, options);
    } },
    image: { id: 'simulated', model: 'latency', concurrency: CONCURRENCY, referenceSupport: followsNoReferences('a test painter'), async drawPicture() {
      await sleep(pictureMs);
      return { data: picture, mime: 'image/png' };
    } },
  };
}

/** How long a book takes from start to finished, and how many characters it drew portraits of first. */
async function bookWallTime(storyMs: number, pictureMs: number, picture: Buffer): Promise<{ wall: number; cast: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storysprout-bench-gen-'));
  const world = await generationWorld(dir, slowProviders(storyMs, pictureMs, picture));
  try {
    const start = performance.now();
    const generation = await world.start({ pageCount: PAGES });
    const done = await world.service.settled(generation.id);
    const wall = performance.now() - start;
    if (done.status !== 'complete') throw new Error(`bench book ended ${done.status}: ${done.error}`);
    return { wall, cast: (await world.castOf(generation.bookId)).length };
  } finally {
    await world.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchGeneration(): Promise<void> {
  // A real 1024 x 1024 picture, so its thumbnail is real work on every page.
  const picture = (await createOfflinePictureProvider().drawPicture({ prompt: 'CHARACTER Pip: a small red fox.', seed: 7, width: 1024, height: 1024, purpose: 'page', cast: [{ name: 'Pip', look: 'a small red fox' }], references: [] }, { signal: new AbortController().signal })).data;

  const books: { wall: number; cast: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) books.push(await bookWallTime(STORY_MS, PICTURE_MS, picture));
  const wall = median(books.map((book) => book.wall));
  // The story, then the cast's portraits side by side, then the pages: each wave waits for the one before.
  const cast = books[0]!.cast;
  const criticalPath = STORY_MS + Math.ceil(cast / CONCURRENCY) * PICTURE_MS + Math.ceil(PAGES / CONCURRENCY) * PICTURE_MS;

  const instantWalls: number[] = [];
  for (let round = 0; round < ROUNDS; round++) instantWalls.push((await bookWallTime(0, 0, picture)).wall);
  const instant = median(instantWalls);
  const thumbnail = await medianMs(10, () => makeThumbnail(picture));

  console.log(`\nGeneration — ${PAGES}-page book with a cast of ${cast}, story ${STORY_MS} ms, pictures ${PICTURE_MS} ms, ${CONCURRENCY} at once; median of ${ROUNDS} books`);
  line('critical path', `${criticalPath.toFixed(0)} ms`);
  line('wall time', `${wall.toFixed(0)} ms | ratio ${(wall / criticalPath).toFixed(3)} (target <= 1.10) | ${(wall - criticalPath).toFixed(0)} ms over`);
  line('per-page overhead (queue + store + thumbnail)', `${(instant / PAGES).toFixed(1)} ms of wall time, with zero-latency providers, the cast's portraits included (target < 50)`);
  line('  of which one thumbnail (512 px WebP)', `${thumbnail.toFixed(1)} ms alone; print copies wait for an export`);
}
