import { useState } from 'react';
import { Link } from 'react-router';
import type { BookSummary } from '../../../src-preload/contract';
import { StoredPicture } from '../bridge/stored-picture';
import { ErrorNote } from '../app/ErrorNote';
import { BookIcon } from '../app/icons';
import { useRestoreBook, useTrashBook } from './library-queries';
import { RenameForm } from './RenameForm';

const STATUS_LABEL: Record<BookSummary['status'], string> = {
  draft: 'Draft',
  generating: 'Being made',
  complete: 'Finished',
  failed: 'Needs attention',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function BookCard({ book }: { book: BookSummary }) {
  const [renaming, setRenaming] = useState(false);
  const trash = useTrashBook();
  const restore = useRestoreBook();
  const inTrash = book.inTrashUntil !== null;

  return (
    <li className="book-card" aria-label={book.title}>
      <div className="cover" aria-hidden="true">
        {book.coverAssetSha256 ? <StoredPicture sha256={book.coverAssetSha256} alt="" /> : <BookIcon />}
      </div>
      {renaming ? (
        <RenameForm bookId={book.id} title={book.title} onDone={() => setRenaming(false)} />
      ) : (
        <h3 className="book-title">
          <Link to={`/books/${book.id}`}>{book.title}</Link>
        </h3>
      )}
      <p className="book-meta">
        <span className={`status status-${book.status}`}>{STATUS_LABEL[book.status]}</span>
        <span>{book.pageCount === 1 ? '1 page' : `${book.pageCount} pages`}</span>
      </p>
      {inTrash && <p className="hint">Can be restored until {dateFormat.format(new Date(book.inTrashUntil!))}</p>}
      <div className="actions">
        {inTrash ? (
          <button type="button" onClick={() => restore.mutate({ bookId: book.id })} aria-label={`Restore ${book.title}`}>
            Restore
          </button>
        ) : (
          !renaming && (
            <>
              <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${book.title}`}>
                Rename
              </button>
              <button type="button" onClick={() => trash.mutate({ bookId: book.id })} aria-label={`Move ${book.title} to the trash`}>
                Move to trash
              </button>
            </>
          )
        )}
      </div>
      {[trash.error, restore.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
    </li>
  );
}
