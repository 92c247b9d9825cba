import type { BookPdfJob } from './book-pdf';

/** What the app asks of the PDF writer process. */
export type WriterRequest = { kind: 'write'; id: number; job: BookPdfJob };

/** What the PDF writer process answers: that it is ready, then whether each book was written. */
export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; peakRssMb: number }
  | { kind: 'failed'; id: number; message: string };
