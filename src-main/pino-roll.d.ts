/** pino-roll ships no types: what src-main/logging.ts uses of it (see its pino-roll.js). */
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface PinoRollOptions {
    /** The files' path without number and extension: `<file>.<n><extension>`. */
    file: string;
    extension?: string;
    /** A new file past this size: a number of MB, or a string such as '500k'. */
    size?: string | number;
    /** On each new file, removes the oldest: beyond `count` besides the one being written, or with removeOtherLogFiles, beyond `count` of all files there. */
    limit?: { count: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    /** sonic-boom's: each line written before the call returns. */
    sync?: boolean;
  }

  /** A sonic-boom stream writing to the current file. */
  export default function rollingFile(options: PinoRollOptions): Promise<DestinationStream & { end(): void; flushSync(): void }>;
}
