/**
 * The PDF writer's own process: pdfmake lays out and writes a whole book in one synchronous run,
 * and the book's pictures and the finished file sit in memory until it is written. Here that
 * neither stalls the app's main process (which answers the window) nor grows it; the fonts stay
 * parsed between exports while the process lives. The print copies of the pictures are made here
 * too, for the same reasons: each takes a few hundred milliseconds of libvips and tens of
 * megabytes, which the app's main process should not carry. Started by `pdf-writer.ts` as an
 * Electron utility process or a Node child process.
 */
import fs from 'node:fs';
import { createBookPdfWriter } from './book-pdf';
import type { WriterReply, WriterRequest } from './pdf-writer-protocol';
import { makePrintJpeg } from './print-jpeg';

interface ParentPort {
  on(event: 'message', listener: (message: { data: WriterRequest }) => void): void;
  postMessage(message: WriterReply): void;
}

// An Electron utility process talks through process.parentPort; a Node child through process.send.
const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const reply = (message: WriterReply) => (electronPort ? electronPort.postMessage(message) : process.send!(message));
const onRequest = (listener: (request: WriterRequest) => void) =>
  electronPort ? electronPort.on('message', ({ data }) => listener(data)) : process.on('message', (message) => listener(message as WriterRequest));

const fontDir = process.argv[2];
if (!fontDir) throw new Error('usage: pdf-writer-process FONT_DIR');
const writeBookPdf = createBookPdfWriter(fontDir);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// One book at a time: pdfmake's image access policy is module-wide. Pictures need no such care:
// the app sends as many at once as there are cores, and libvips makes each on a thread of its own.
let queue = Promise.resolve();
let booksWaiting = 0;
onRequest((request) => {
  if (request.kind === 'print-jpeg') {
    makePrintJpeg(request.job).then(
      (made) => reply({ kind: 'print-jpeg-made', id: request.id, made }),
      (error: unknown) => reply({ kind: 'failed', id: request.id, message: messageOf(error) }),
    );
    return;
  }
  booksWaiting++;
  queue = queue.then(async () => {
    try {
      await writeBookPdf(request.job);
      reply({ kind: 'done', id: request.id, peakRssMb: peakRssMb() });
    } catch (error) {
      reply({ kind: 'failed', id: request.id, message: messageOf(error) });
    }
    // A book's pictures and file are tens of megabytes of buffers that V8 would otherwise let
    // pile up over several exports; collecting once the app has its answer, and no other file
    // (an interior's cover) is waiting behind it, costs the family nothing.
    if (--booksWaiting === 0) (globalThis as { gc?: () => void }).gc?.();
  });
});
reply({ kind: 'ready' });

/** The most memory this process has held (VmHWM); Linux only, where it is cheap to read. */
function peakRssMb(): number {
  try {
    const peakKb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return peakKb ? Number(peakKb) / 1024 : process.memoryUsage().rss / 2 ** 20;
  } catch {
    return process.memoryUsage().rss / 2 ** 20;
  }
}
