import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface EpubEntry {
  /** Where it goes in the container, from its root. */
  path: string;
  data: Buffer | string;
}

/** Pictures and audio are compressed already: deflating them again costs time and saves nothing. */
const STORED_ALREADY_COMPRESSED = /\.(jpe?g|png|mp3)$/i;

/**
 * Writes an EPUB's container (OCF): a zip whose first entry is `mimetype`, stored uncompressed
 * and with no extra field, so a reading system can tell what it is from its first bytes; then
 * the entries in the order given. yazl writes entries in the order they are added and lets each
 * be stored or deflated.
 */
export async function writeEpubZip(file: string, entries: EpubEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('application/epub+zip', 'ascii'), 'mimetype', { compress: false, forceDosTimestamp: true });
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    zip.addBuffer(data, entry.path, { compress: !STORED_ALREADY_COMPRESSED.test(entry.path) });
  }
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(file));
}
