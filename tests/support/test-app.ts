import { afterEach } from 'vitest';
import pino from 'pino';
import { openApp, type App } from '../../src-main/app/open-app';
import type { CallArgs, CallName, CallResult } from '../../src-preload/contract';
import { environmentSecrets } from '../../src-main/settings/secrets';
import type { Clock } from '../../src-main/store/clock';
import type { CoreOptions } from '../../src-main/app/core';
import type { MakingSettings } from '../../src-main/generation/generation-steps';
import type { LaunchPdfWriter } from '../../src-main/export/pdf-writer';
import { tempDir } from './temp-dir';

const opened: App[] = [];

afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

export const silentLog = pino({ level: process.env.TEST_LOG ?? 'silent' });

/** A movable clock, for the trash's 30 days and the page history's sittings. */
export function manualClock(start = new Date('2026-11-25T12:00:00.000Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advanceDays: (days: number) => {
      now += days * 24 * 60 * 60 * 1000;
    },
    advanceMinutes: (minutes: number) => {
      now += minutes * 60 * 1000;
    },
  } satisfies Clock & { advanceDays(days: number): void; advanceMinutes(minutes: number): void };
}

/** The whole core and bridge on a real SQLite file in a temp folder, closed after the test. */
export async function testApp(
  options: {
    dataDir?: string;
    clock?: Clock;
    env?: NodeJS.ProcessEnv;
    runQueue?: boolean;
    launchPdfWriter?: LaunchPdfWriter;
    syncInBackground?: CoreOptions['syncInBackground'];
    updater?: CoreOptions['updater'];
    askWhereToSave?: CoreOptions['askWhereToSave'];
    /**
     * How books are made: by default straight from the cast to the pages, so a test that makes a
     * book gets a finished one; 'stored' reads the family's settings as the app does.
     */
    makingSettings?: MakingSettings | 'stored';
  } = {},
) {
  const dataDir = options.dataDir ?? tempDir();
  const making = options.makingSettings ?? { reviewCast: false, consistencyRedraws: 1 };
  const env = options.env ?? {};
  const app = await openApp({
    dataDir,
    secrets: environmentSecrets(env, dataDir),
    env,
    log: silentLog,
    clock: options.clock,
    runQueue: options.runQueue,
    launchPdfWriter: options.launchPdfWriter,
    syncInBackground: options.syncInBackground,
    updater: options.updater,
    askWhereToSave: options.askWhereToSave,
    generation: {
      leaseMs: 2000,
      retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 3 },
      ...(making !== 'stored' && { settings: async () => making }),
    },
  });
  opened.push(app);
  /** Calls through the dispatcher, as a window would, and unwraps the answer. */
  const call = async <N extends CallName>(name: N, input: CallArgs<N>): Promise<CallResult<N>> => {
    const response = await app.dispatch(name, input);
    if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
    return response.value as CallResult<N>;
  };
  const close = async () => {
    opened.splice(opened.indexOf(app), 1);
    await app.close();
  };
  return { ...app, close, dataDir, call };
}
