import { useState } from 'react';
import { BookCard } from './BookCard';
import { CreateBookForm } from './CreateBookForm';
import { useBooks, type LibraryView } from './library-queries';
import { ErrorNote } from '../app/ErrorNote';

export function LibraryScreen() {
  const [view, setView] = useState<LibraryView>('shelf');
  const books = useBooks(view);

  return (
    <section aria-labelledby="library-title" className="library">
      <div className="library-top">
        <h2 id="library-title">{view === 'shelf' ? 'Our books' : 'Trash'}</h2>
        <nav aria-label="Library views" className="view-switch">
          <button type="button" aria-pressed={view === 'shelf'} onClick={() => setView('shelf')}>
            Bookshelf
          </button>
          <button type="button" aria-pressed={view === 'trash'} onClick={() => setView('trash')}>
            Trash
          </button>
        </nav>
      </div>

      {view === 'shelf' && <CreateBookForm />}
      {view === 'trash' && <p className="hint">Books stay here for 30 days, then they are gone for good.</p>}

      {books.isPending && <p aria-live="polite">Opening the library…</p>}
      {books.error && <ErrorNote error={books.error} />}
      {books.data && books.data.length === 0 && (
        <p className="empty">{view === 'shelf' ? 'No books yet. Give your first one a title above!' : 'The trash is empty.'}</p>
      )}
      {books.data && books.data.length > 0 && (
        <ul className="book-grid" aria-label={view === 'shelf' ? 'Books' : 'Books in the trash'}>
          {books.data.map((book) => (
            <BookCard key={book.id} book={book} />
          ))}
        </ul>
      )}
    </section>
  );
}
