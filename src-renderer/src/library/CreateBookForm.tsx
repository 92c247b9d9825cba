import { useId, useState, type FormEvent } from 'react';
import { ErrorNote } from '../app/ErrorNote';
import { useCreateBook } from './library-queries';

export function CreateBookForm() {
  const [title, setTitle] = useState('');
  const [pageCount, setPageCount] = useState(8);
  const create = useCreateBook();
  const titleId = useId();
  const pagesId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ title, pageCount }, { onSuccess: () => setTitle('') });
  };

  return (
    <form className="create-book" onSubmit={submit} aria-label="New book">
      <div className="field grow">
        <label htmlFor={titleId}>Title</label>
        <input
          id={titleId}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="The Dragon Who Loved Pancakes"
          maxLength={120}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={pagesId}>Pages</label>
        <input
          id={pagesId}
          type="number"
          min={1}
          max={32}
          value={pageCount}
          onChange={(event) => setPageCount(event.target.valueAsNumber)}
          required
        />
      </div>
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Making…' : 'Create book'}
      </button>
      {create.error && <ErrorNote error={create.error} />}
    </form>
  );
}
