import { useParams } from 'react-router';
import type { GenerationView, PageView } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { ErrorNote } from '../app/ErrorNote';
import { BookIcon } from '../app/icons';
import { ExportPanel } from '../export/ExportPanel';
import { describeProgress, useGenerationProgress } from '../generation/use-generation-progress';
import { useBook, useCancelGeneration, useGeneration, useRedrawPage } from './book-queries';

function generationLine(generation: GenerationView): string {
  switch (generation.status) {
    case 'waiting':
      return generation.ahead === 0 ? 'Waiting: this book is next in line.' : `Waiting in line: ${generation.ahead} ahead of this one.`;
    case 'active':
      return 'Being made…';
    case 'failed':
      return generation.error ?? 'Something went wrong while making this book.';
    case 'cancelled':
      return 'Stopped before it was finished.';
    case 'complete':
      return 'Finished.';
  }
}

export function BookScreen() {
  const { bookId = '' } = useParams();
  const book = useBook(bookId);
  const generation = useGeneration(bookId);
  const progress = useGenerationProgress(bookId);
  const cancel = useCancelGeneration();
  const redraw = useRedrawPage();
  const making = generation.data?.status === 'active' || generation.data?.status === 'waiting';

  if (book.error) return <ErrorNote error={book.error} />;
  if (!book.data) return <p aria-live="polite">Opening the book…</p>;

  return (
    <section aria-labelledby="book-title" className="book">
      <div className="book-top">
        <h2 id="book-title">{book.data.title}</h2>
        {generation.data?.offlineDraft && (
          <span className="badge" title="Made on this computer without an AI service. Add a key in Settings for real stories and pictures.">
            Offline draft
          </span>
        )}
      </div>
      {generation.data && (
        <p className={`generation-line status-${generation.data.status}`} aria-live="polite">
          {generationLine(generation.data)}
          {making && (
            <button type="button" onClick={() => cancel.mutate({ bookId })} disabled={cancel.isPending}>
              Stop making this book
            </button>
          )}
        </p>
      )}
      {[cancel.error, redraw.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
      <ol className="page-grid" aria-label="Pages">
        {book.data.pages.map((page, index) => {
          const live = progress.pages.get(index + 1);
          return (
            <PageCard
              key={page.id}
              page={page}
              number={index + 1}
              liveStep={page.generateStatus === 'generating' && live ? describeProgress(live) : null}
              canRedraw={!making && page.generateStatus !== 'generating'}
              onRedraw={(seed) => redraw.mutate({ pageId: page.id, seed })}
            />
          );
        })}
      </ol>
      {!making && <ExportPanel bookId={bookId} />}
    </section>
  );
}

const PAGE_STATUS: Record<PageView['generateStatus'], string> = {
  pending: 'Not made yet',
  generating: 'Being made',
  complete: 'Ready',
  failed: 'Could not be drawn',
  held: 'Waiting for a grown-up',
};

function PageCard(props: { page: PageView; number: number; liveStep: string | null; canRedraw: boolean; onRedraw: (seed: 'same' | 'new') => void }) {
  const { page, number } = props;
  return (
    <li className={`page-card page-${page.generateStatus}`} aria-label={`Page ${number}`}>
      <div className="page-picture">
        {page.thumbnailAssetSha256 ? <img src={bridgeClient.assetUrl(page.thumbnailAssetSha256)} alt={`Picture for page ${number}`} /> : <BookIcon />}
      </div>
      <p className="page-status">
        <strong>{number}.</strong> {props.liveStep ?? PAGE_STATUS[page.generateStatus]}
      </p>
      {page.text && <p className="page-text">{page.text}</p>}
      {page.heldReason && <p className="held-reason">{page.heldReason}</p>}
      {props.canRedraw && page.generateStatus !== 'pending' && (
        <div className="actions">
          <button type="button" onClick={() => props.onRedraw('new')} aria-label={`Draw page ${number} again, differently`}>
            New picture
          </button>
          <button type="button" onClick={() => props.onRedraw('same')} aria-label={`Draw page ${number} again the same way`}>
            Same again
          </button>
        </div>
      )}
    </li>
  );
}
