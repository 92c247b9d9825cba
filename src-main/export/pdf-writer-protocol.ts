import type { BookPdfJob } from './book-pdf';
import type { MadePrintJpeg, PrintJpegJob } from './print-jpeg';

/** What the app asks of the PDF writer process: a book written, or a picture made print-ready. */
export type WriterRequest = { kind: 'write'; id: number; job: BookPdfJob } | { kind: 'print-jpeg'; id: number; job: PrintJpegJob };

/** What the PDF writer process answers: that it is ready, then how each request went. */
export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; peakRssMb: number }
  | { kind: 'print-jpeg-made'; id: number; made: MadePrintJpeg }
  | { kind: 'failed'; id: number; message: string };
