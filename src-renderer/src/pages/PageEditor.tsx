import { useId, useState, type KeyboardEvent } from 'react';
import type { PageView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { BookIcon } from '../app/icons';
import { StoredPicture } from '../bridge/stored-picture';
import { useSavePageText } from './page-queries';
import { SAVE_WORDS, useAutosave } from './use-autosave';
import { useTextHistory } from './use-text-history';
import { VersionHistory } from './VersionHistory';

interface EditorProps {
  bookId: string;
  page: PageView;
  number: number;
  canRedraw: boolean;
  onRedraw(seed: 'same' | 'new'): void;
}

/** One page: its picture, its words (saved as they are typed, with undo and redo), and its history. */
export function PageEditor({ bookId, page, number, canRedraw, onRedraw }: EditorProps) {
  const textId = useId();
  const history = useTextHistory(page.text);
  const save = useSavePageText(bookId);
  const autosave = useAutosave(history.text, page.text, (text) => save.mutateAsync({ pageId: page.id, text }));

  // Words changed elsewhere (a version brought back, another window) replace these unless
  // something typed here is still waiting to be saved. Compared while rendering, as React
  // advises for state that follows a prop, so typing never races it.
  const [storedText, setStoredText] = useState(page.text);
  if (page.text !== storedText) {
    setStoredText(page.text);
    const typing = autosave.state === 'waiting' || autosave.state === 'saving';
    if (!typing && page.text !== history.text) history.reset(page.text);
  }

  const shortcuts = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) history.undo();
    else if ((key === 'z' && event.shiftKey) || key === 'y') history.redo();
    else return;
    event.preventDefault();
  };

  return (
    <section className="page-editor panel" aria-label={`Page ${number}`}>
      <div className="editor-picture">
        {page.imageAssetSha256 ? (
          <StoredPicture sha256={page.thumbnailAssetSha256 ?? page.imageAssetSha256} alt={`Picture for page ${number}`} />
        ) : (
          <BookIcon />
        )}
      </div>
      <div className="editor-words stack">
        {page.heldReason && (
          <p className="held-reason" role="note">
            Held for a grown-up: {page.heldReason}
          </p>
        )}
        {page.consistencyNote && (
          <p className="consistency-note" role="note">
            {page.consistencyNote} Try “New picture” to draw it again.
          </p>
        )}
        <label htmlFor={textId}>Words on page {number}</label>
        <textarea id={textId} value={history.text} onChange={(event) => history.change(event.target.value)} onKeyDown={shortcuts} rows={6} maxLength={5000} />
        <div className="row editor-actions">
          <button type="button" onClick={history.undo} disabled={!history.canUndo}>
            Undo
          </button>
          <button type="button" onClick={history.redo} disabled={!history.canRedo}>
            Redo
          </button>
          <span className={`save-state save-${autosave.state}`} role="status">
            {SAVE_WORDS[autosave.state]}
          </span>
        </div>
        {autosave.error !== null && <ErrorNote error={autosave.error} />}
        {canRedraw && (
          <div className="actions">
            <button type="button" onClick={() => onRedraw('new')} title="Draw this page again, differently">
              New picture
            </button>
            <button type="button" onClick={() => onRedraw('same')} title="Draw this page again the same way">
              Same picture again
            </button>
          </div>
        )}
        <details className="history">
          <summary>Earlier versions</summary>
          <VersionHistory pageId={page.id} currentText={page.text} beforeRestore={autosave.saveNow} onRestored={history.reset} />
        </details>
      </div>
    </section>
  );
}
