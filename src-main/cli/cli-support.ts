import path from 'node:path';
import type { CallArgs, CallName, CallResult } from '../../src-preload/contract';
import { defaultDataDir } from '../app/data-dir';
import { openApp, type App } from '../app/open-app';
import { createLogger } from '../logging';
import { environmentSecrets } from '../settings/secrets';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether `err` is a terminal that can show live progress bars. */
  errIsTty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
};

/** An error the CLI prints as one line and exits on; no stack trace for a family to decipher. */
export class CliError extends Error {}

export const dataDirOption = ['--data-dir <dir>', 'the library folder (default: the desktop app’s)'] as const;

/** Opens the library for one command; only commands that make books run the generation queue. */
export async function openCliApp(dataDir: string | undefined, options: { runQueue?: boolean; logLevel?: string; syncInBackground?: boolean } = {}): Promise<App> {
  const folder = path.resolve(dataDir ?? defaultDataDir());
  return openApp({
    dataDir: folder,
    secrets: environmentSecrets(process.env, folder),
    env: process.env,
    log: createLogger({ level: options.logLevel ?? process.env.STORYSPROUT_LOG_LEVEL ?? 'warn' }),
    runQueue: options.runQueue,
    syncInBackground: options.syncInBackground,
    generation: process.env.STORYSPROUT_LEASE_MS ? { leaseMs: Number(process.env.STORYSPROUT_LEASE_MS) } : undefined,
  });
}

export async function withApp<T>(dataDir: string | undefined, use: (app: App) => Promise<T>, options: { runQueue?: boolean } = {}): Promise<T> {
  const app = await openCliApp(dataDir, options);
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

/** A bridge call from the CLI: the same validation as the window's, its refusal as a CliError. */
export async function call<N extends CallName>(app: App, name: N, input: CallArgs<N>): Promise<CallResult<N>> {
  const response = await app.dispatch(name, input);
  if (!response.ok) throw new CliError(response.error.message);
  return response.value as CallResult<N>;
}

/** Resolves on Ctrl-C or a polite kill, so a command can close the library cleanly first. */
export function untilInterrupted(): { promise: Promise<void>; dispose(): void } {
  let stop: () => void = () => {};
  const promise = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
