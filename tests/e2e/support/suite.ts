import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { suiteTempDir } from '../../support/temp-dir';
import { launchBrowser } from './browser';
import { startHostProcess, type HostProcess } from './host-process';

/** One Chromium and one `storysprout host` on a fresh library, for all the tests of a file. */
export function browserAndHost(): { browser: Browser; host: HostProcess } {
  const dataDir = suiteTempDir();
  const suite = {} as { browser: Browser; host: HostProcess };
  beforeAll(async () => {
    suite.browser = await launchBrowser();
    suite.host = await startHostProcess(dataDir);
  });
  afterAll(async () => {
    await suite.host?.stop();
    await suite.browser?.close();
  });
  return suite;
}
