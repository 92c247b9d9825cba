/**
 * The PDF writer's own process: pdfmake lays out and writes a whole book in one synchronous run,
 * and the book's pictures and the finished file sit in memory until it is written. Here that
 * neither stalls the app's main process (which answers the window) nor grows it; the fonts stay
 * parsed between exports while the process lives. Started by `pdf-writer.ts` as an Electron
 * utility process or a Node child process; it imports nothing native.
 */
import fs from 'node:fs';
import { createBookPdfWriter } from './book-pdf';
import type { WriterReply, WriterRequest } from './pdf-writer-protocol';

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

// One book at a time: pdfmake's image access policy is module-wide.
let queue = Promise.resolve();
onRequest((request) => {
  queue = queue.then(async () => {
    try {
      await writeBookPdf(request.job);
      reply({ kind: 'done', id: request.id, peakRssMb: peakRssMb() });
      // A book's pictures and file are tens of megabytes of buffers that V8 would otherwise let
      // pile up over several exports; collecting between books, once the app has its answer,
      // costs the family nothing.
      (globalThis as { gc?: () => void }).gc?.();
    } catch (error) {
      reply({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
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
