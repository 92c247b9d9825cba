import { useId, useState } from 'react';
import { MAX_BLURB_CHARACTERS } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { SAVE_WORDS, useAutosave } from '../pages/use-autosave';
import { useSetBlurb } from './book-queries';

/**
 * The words on the back of the printed book, saved as they are typed. StorySprout writes them with
 * the story (unless they went past the family's limits); anyone in the family may change them.
 */
export function BlurbEditor({ bookId, blurb }: { bookId: string; blurb: string }) {
  const headingId = useId();
  const textId = useId();
  const hintId = useId();
  const countId = useId();
  const [draft, setDraft] = useState(blurb);
  const save = useSetBlurb(bookId);
  // Spaces at either end are not kept, so typing one between words is not yet a change to save.
  const autosave = useAutosave(draft.trim(), blurb, (text) => save.mutateAsync(text));

  // Words changed elsewhere (another window, another device) replace these unless something typed
  // here is still waiting to be saved; compared while rendering, as in the page editor.
  const [storedBlurb, setStoredBlurb] = useState(blurb);
  if (blurb !== storedBlurb) {
    setStoredBlurb(blurb);
    const typing = autosave.state === 'waiting' || autosave.state === 'saving';
    if (!typing && blurb !== draft.trim()) setDraft(blurb);
  }

  return (
    <section aria-labelledby={headingId} className="panel stack blurb-editor">
      <h3 id={headingId}>The back cover</h3>
      <label htmlFor={textId}>Words for the back cover</label>
      <p id={hintId} className="hint">
        Two or three sentences that make someone want to open the book.
      </p>
      <textarea
        id={textId}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        rows={4}
        maxLength={MAX_BLURB_CHARACTERS}
        aria-describedby={`${hintId} ${countId}`}
      />
      <div className="row editor-actions">
        <span id={countId} className="hint">
          {draft.length} of {MAX_BLURB_CHARACTERS} characters
        </span>
        <span className={`save-state save-${autosave.state}`} role="status">
          {SAVE_WORDS[autosave.state]}
        </span>
      </div>
      {autosave.error !== null && <ErrorNote error={autosave.error} />}
    </section>
  );
}
