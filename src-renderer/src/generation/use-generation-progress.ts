import { useEffect, useState } from 'react';
import type { BridgeEvents } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';

type Progress = BridgeEvents['generation.progress'];

const STAGE_WORDS: Record<Progress['stage'], string> = {
  queue: 'In line',
  story: 'Writing the story',
  cast: 'Drawing the cast',
  picture: 'Drawing',
  consistency: 'Comparing with the cast',
  moderation: 'Checking',
  rendition: 'Getting ready to print',
  book: 'Book',
};

/** The latest step of each page of a book being made, as the core reports it live. */
export function useGenerationProgress(bookId: string): { pages: Map<number, Progress>; book: Progress | null } {
  const [state, setState] = useState<{ pages: Map<number, Progress>; book: Progress | null }>({ pages: new Map(), book: null });
  useEffect(
    () =>
      bridgeClient.subscribe((message) => {
        if (message.name !== 'generation.progress' || message.payload.bookId !== bookId) return;
        const progress = message.payload;
        setState((previous) => {
          if (progress.page === null) return { ...previous, book: progress };
          const pages = new Map(previous.pages);
          pages.set(progress.page, progress);
          return { ...previous, pages };
        });
      }),
    [bookId],
  );
  return state;
}

export function describeProgress(progress: Progress): string {
  const stage = STAGE_WORDS[progress.stage];
  switch (progress.status) {
    case 'started':
      return `${stage}…`;
    case 'retrying':
      return `${stage}: trying again soon`;
    case 'waiting':
      return `Waiting in line (${progress.message ?? 'soon'})`;
    default:
      return `${stage}: ${progress.status}`;
  }
}
