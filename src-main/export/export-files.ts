import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file by way of a `.partial` file of its own (two exports of the same book at once
 * never share one), renamed once `write` has finished: under its real name there is only ever a
 * complete file, and a failure leaves nothing behind. Resolves to the file's size in bytes.
 */
export async function replaceWhenWritten(file: string, write: (partial: string) => Promise<void>): Promise<number> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    await write(partial);
    // Replacing an earlier export frees its blocks, which takes a while on a big file: off the main thread.
    await fs.promises.rename(partial, file);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  return (await fs.promises.stat(file)).size;
}

/** A book's title as a file name any system takes, for the name the Save dialog suggests. */
export function safeFileName(title: string): string {
  return title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 80) || 'StorySprout book';
}
