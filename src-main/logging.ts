import path from 'node:path';
import pino from 'pino';
import rollingFile from 'pino-roll';

export type Logger = pino.Logger;

/**
 * Keys and PINs are never passed to a logger; the redaction list is a second line of defence
 * for fields that might carry one.
 */
const loggerOptions = (level: string | undefined): pino.LoggerOptions => ({
  name: 'storysprout',
  level: level ?? process.env.STORYSPROUT_LOG_LEVEL ?? 'info',
  redact: ['*.apiKey', '*.pin', '*.currentPin', '*.value', '*.token', 'authorization', '*.authorization'],
});

/** JSON logs on stderr: the CLI and the browser host, whose stdout is what they print for the family. */
export function createLogger(options: { level?: string } = {}): Logger {
  return pino(loggerOptions(options.level), pino.destination(2));
}

/** The app's log files: this many bytes each, and this many kept besides the one being written. */
export const LOG_FILE_BYTES = 5 * 1024 * 1024;
export const OLD_LOG_FILES_KEPT = 4;

/**
 * JSON logs in files in `dir` (the app's: Electron's app.getPath('logs')), storysprout.1.log,
 * storysprout.2.log… a new one past `fileBytes`, the oldest removed, so they never fill a disk.
 * An installed app has no terminal (on Windows, no stderr at all); while developing, the lines
 * go to stderr too. Written synchronously: a line logged just before quitting or crashing is kept.
 */
export async function createFileLogger(options: { dir: string; level?: string; alsoToStderr: boolean; fileBytes?: number; oldFilesKept?: number }): Promise<Logger> {
  const base = loggerOptions(options.level);
  const file = await rollingFile({
    file: path.join(options.dir, 'storysprout'),
    extension: '.log',
    size: `${Math.ceil((options.fileBytes ?? LOG_FILE_BYTES) / 1024)}k`,
    // Counted among all the files there, earlier runs' included, the one being written too.
    limit: { count: (options.oldFilesKept ?? OLD_LOG_FILES_KEPT) + 1, removeOtherLogFiles: true },
    mkdir: true,
    sync: true,
  });
  if (!options.alsoToStderr) return pino(base, file);
  const level = base.level as pino.Level;
  return pino(base, pino.multistream([{ level, stream: file }, { level, stream: pino.destination(2) }]));
}
