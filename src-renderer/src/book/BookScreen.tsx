import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { GenerationView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { ExportPanel } from '../export/ExportPanel';
import { describeProgress, useGenerationProgress } from '../generation/use-generation-progress';
import { RenameForm } from '../library/RenameForm';
import { useProfile } from '../library/library-queries';
import { PageEditor } from '../pages/PageEditor';
import { useReorderPages } from '../pages/page-queries';
import { PageStrip } from '../pages/PageStrip';
import { ShareBookPanel } from '../sync/ShareBookPanel';
import { CastPanel } from '../characters/CastPanel';
import { NarrationPanel } from '../narration/NarrationPanel';
import { BlurbEditor } from './BlurbEditor';
import { useBook, useCancelGeneration, useGeneration, useRedrawPage } from './book-queries';

function generationLine(generation: GenerationView): string {
  switch (generation.status) {
    case 'waiting':
      return generation.ahead === 0 ? 'Waiting: this book is next in line.' : `Waiting in line: ${generation.ahead} ahead of this one.`;
    case 'active':
      return 'Being made…';
    case 'reviewing':
      return 'The story is written and the cast is drawn: meet them below, then draw the book.';
    case 'failed':
      return generation.error ?? 'Something went wrong while making this book.';
    case 'cancelled':
      return 'Stopped before it was finished.';
    case 'complete':
      return 'Finished.';
  }
}

/** A book: its title, how its making goes, its pages to choose, move and edit, its back cover, printing, and (for grown-ups) sharing. */
export function BookScreen() {
  const { bookId = '' } = useParams();
  const book = useBook(bookId);
  const generation = useGeneration(bookId);
  const progress = useGenerationProgress(bookId);
  const cancel = useCancelGeneration();
  const redraw = useRedrawPage();
  const reorder = useReorderPages(bookId);
  const profile = useProfile();
  const isParent = profile.data?.member.role === 'parent-admin';
  const [renaming, setRenaming] = useState(false);
  const [sharing, setSharing] = useState(false);
  const sharePanelId = useId();
  const [chosenPageId, setChosenPageId] = useState<string | null>(null);
  const reviewing = generation.data?.status === 'reviewing';
  const making = generation.data?.status === 'active' || generation.data?.status === 'waiting' || reviewing;

  if (book.error) return <ErrorNote error={book.error} />;
  if (!book.data) return <p aria-live="polite">Opening the book…</p>;

  const pages = book.data.pages;
  const selectedIndex = Math.max(0, pages.findIndex((page) => page.id === chosenPageId));
  const selected = pages[selectedIndex] ?? null;
  const liveSteps = new Map(
    pages.flatMap((page, index) => {
      const live = progress.pages.get(index + 1);
      return page.generateStatus === 'generating' && live ? [[page.id, describeProgress(live)] as const] : [];
    }),
  );

  return (
    <section aria-labelledby="book-title" className="book stack">
      <div className="book-top">
        {renaming ? (
          <RenameForm bookId={bookId} title={book.data.title} onDone={() => setRenaming(false)} />
        ) : (
          <>
            <h2 id="book-title">{book.data.title}</h2>
            <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${book.data.title}`}>
              Rename
            </button>
          </>
        )}
        {generation.data?.offlineDraft && (
          <span className="badge" title="Made on this computer without an AI service. Add a key in Settings for real stories and pictures.">
            Offline draft
          </span>
        )}
        {!making && pages.length > 0 && (
          <Link className="button-link primary" to={`/books/${bookId}/read`}>
            Read
          </Link>
        )}
        {isParent && (
          <button type="button" aria-expanded={sharing} aria-controls={sharePanelId} onClick={() => setSharing(!sharing)}>
            Share
          </button>
        )}
      </div>
      {isParent && sharing && <ShareBookPanel id={sharePanelId} bookId={bookId} title={book.data.title} />}
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
      {book.data.readingLevel && <p className="reading-level">Reading level: {book.data.readingLevel}</p>}
      {/* While the family meets the cast it is what the book waits for; after, it comes below the pages. */}
      {reviewing && <CastPanel bookId={bookId} cast={book.data.cast} reviewing />}
      {[cancel.error, redraw.error, reorder.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
      <PageStrip
        pages={pages}
        selectedId={selected?.id ?? null}
        liveSteps={liveSteps}
        canReorder={!making}
        onSelect={setChosenPageId}
        onReorder={(pageIds) => reorder.mutate(pageIds)}
      />
      {selected && (
        <PageEditor
          key={selected.id}
          bookId={bookId}
          page={selected}
          number={selectedIndex + 1}
          canRedraw={!making && selected.generateStatus !== 'generating' && selected.generateStatus !== 'pending'}
          onRedraw={(seed) => redraw.mutate({ pageId: selected.id, seed })}
        />
      )}
      {!reviewing && <CastPanel bookId={bookId} cast={book.data.cast} reviewing={false} />}
      {!making && <NarrationPanel bookId={bookId} pages={pages} isParent={isParent} />}
      {!making && <BlurbEditor key={bookId} bookId={bookId} blurb={book.data.blurb} />}
      {!making && <ExportPanel bookId={bookId} />}
    </section>
  );
}
