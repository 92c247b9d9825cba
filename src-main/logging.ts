import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs on stderr (stdout belongs to the CLI's output). Keys and PINs are never passed to a
 * logger; the redaction list is a second line of defence for fields that might carry one.
 */
export function createLogger(options: { level?: string } = {}): Logger {
  return pino(
    {
      name: 'storysprout',
      level: options.level ?? process.env.STORYSPROUT_LOG_LEVEL ?? 'info',
      redact: ['*.apiKey', '*.pin', '*.currentPin', '*.value', '*.token', 'authorization', '*.authorization'],
    },
    pino.destination(2),
  );
}
