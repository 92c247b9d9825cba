import { useEffect, useState } from 'react';
import type { BridgeEvents } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

type Progress = BridgeEvents['export.progress'];

/** The latest step of a book's PDF being made, as the core reports it live. */
export function useExportProgress(bookId: string): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(
    () =>
      bridgeClient.subscribe((message) => {
        if (message.name === 'export.progress' && message.payload.bookId === bookId) setProgress(message.payload);
      }),
    [bookId],
  );
  return progress;
}

export function describeExportProgress(progress: Progress): string {
  switch (progress.stage) {
    case 'pictures':
      return `Getting the pictures ready to print: ${progress.done} of ${progress.total} pages`;
    case 'writing':
      return 'Writing the PDF…';
    case 'finished':
      return 'The PDF is ready.';
  }
}
