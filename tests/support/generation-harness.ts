import { afterEach } from 'vitest';
import { createOfflinePictureProvider } from '../../src-main/generation/providers/offline-pictures';
import { followsNoReferences, type ImageProvider, type PictureRequest } from '../../src-main/generation/providers/provider-types';
import { generationWorld, type WorldProviders } from './generation-world';
import { tempDir } from './temp-dir';

export { storyRequest } from './generation-world';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The generation world of `generation-world.ts`, closed after the test. */
export async function generationHarness(providers: WorldProviders = {}) {
  const world = await generationWorld(tempDir(), providers);
  cleanups.push(world.close);
  return world;
}

/**
 * A paid-looking picture provider that draws small offline pictures, running `before` on each
 * page's call first so a test can make a call fail, and counting the calls: pages in `calls`, the
 * cast's portraits (drawn before any page, never failed here) in `portraits`.
 */
export function fakePictures(before: (request: PictureRequest, call: number) => void = () => {}) {
  const offline = createOfflinePictureProvider();
  let calls = 0;
  let portraits = 0;
  const provider: ImageProvider = {
    ...offline,
    id: 'fake',
    model: 'paid-model',
    async drawPicture(request, options) {
      if (request.purpose === 'portrait') portraits += 1;
      else {
        calls += 1;
        before(request, calls);
      }
      return offline.drawPicture({ ...request, width: 64, height: 64 }, options);
    },
  };
  return {
    provider,
    get calls() {
      return calls;
    },
    get portraits() {
      return portraits;
    },
  };
}

/** A picture provider whose page calls wait until the test lets them finish, counting how many overlap; portraits pass at once. */
export function gatedPictures(options: { id?: string; concurrency?: number } = {}) {
  const offline = createOfflinePictureProvider();
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const provider: ImageProvider = {
    id: options.id ?? 'fake',
    model: 'paid-model',
    concurrency: options.concurrency ?? 4,
    referenceSupport: followsNoReferences('a test painter'),
    async drawPicture(request, callOptions) {
      if (request.purpose === 'portrait') return offline.drawPicture({ ...request, width: 64, height: 64 }, callOptions);
      calls += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise<void>((resolve, reject) => {
          waiting.push(resolve);
          callOptions.signal.addEventListener('abort', () => reject(callOptions.signal.reason), { once: true });
        });
        return await offline.drawPicture({ ...request, width: 64, height: 64 }, callOptions);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return {
    provider,
    /** Lets every call waiting now finish. */
    releaseAll: () => waiting.splice(0).forEach((release) => release()),
    waitingCount: () => waiting.length,
    get calls() {
      return calls;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
