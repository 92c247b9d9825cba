import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../app/ErrorNote';
import { useRenameBook } from './library-queries';

/** A book's new title, saved on Enter or Save; Cancel or Escape leaves it as it was. */
export function RenameForm({ bookId, title, onDone }: { bookId: string; title: string; onDone(): void }) {
  const [draftTitle, setDraftTitle] = useState(title);
  const rename = useRenameBook();
  const saveTitle = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ bookId, title: draftTitle }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={saveTitle} className="rename" onKeyDown={(event) => event.key === 'Escape' && onDone()}>
      <input aria-label={`New title for ${title}`} value={draftTitle} onChange={(event) => setDraftTitle(event.target.value)} maxLength={120} autoFocus />
      <button type="submit" className="primary" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {rename.error && <ErrorNote error={rename.error} />}
    </form>
  );
}
