import { useId, useMemo, useState } from 'react';
import type { BookSummary } from '../../../src-preload/contract';
import { SelectField } from '../app/SelectField';
import { BookCard } from './BookCard';
import { CreateBookForm } from './CreateBookForm';
import { useBooks, type LibraryView } from './library-queries';
import { ErrorNote } from '../app/ErrorNote';

const SORTS = ['recent', 'title', 'oldest'] as const;
type Sort = (typeof SORTS)[number];
const SORT_LABEL: Record<Sort, string> = { recent: 'Changed most recently', title: 'Title, A to Z', oldest: 'Made first' };
const byTitle = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const SORTERS: Record<Sort, (a: BookSummary, b: BookSummary) => number> = {
  recent: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  title: (a, b) => byTitle.compare(a.title, b.title),
  oldest: (a, b) => a.createdAt.localeCompare(b.createdAt),
};

/** Every book the family has made, or the trash; found by title and put in the order asked for. */
export function LibraryScreen() {
  const [view, setView] = useState<LibraryView>('shelf');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('recent');
  const searchId = useId();
  const books = useBooks(view);
  const shown = useMemo(() => {
    const words = search.trim().toLocaleLowerCase();
    return (books.data ?? []).filter((book) => book.title.toLocaleLowerCase().includes(words)).sort(SORTERS[sort]);
  }, [books.data, search, sort]);

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
        <div className="row library-find" role="search">
          <div className="field grow">
            <label htmlFor={searchId}>Find a book</label>
            <input id={searchId} type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="A word from the title" />
          </div>
          <SelectField label="Order" value={sort} options={SORTS} onChange={setSort} optionLabel={(name) => SORT_LABEL[name]} />
        </div>
      )}
      {books.data && books.data.length > 0 && shown.length === 0 && <p className="empty">No book has “{search.trim()}” in its title.</p>}
      {shown.length > 0 && (
        <ul className="book-grid" aria-label={view === 'shelf' ? 'Books' : 'Books in the trash'}>
          {shown.map((book) => (
            <BookCard key={book.id} book={book} />
          ))}
        </ul>
      )}
    </section>
  );
}
