import { useCallback, useState } from 'react';

/** How many steps back undo reaches. */
const HISTORY_LIMIT = 200;

interface TextHistory {
  past: string[];
  present: string;
  future: string[];
}

/**
 * The words being edited with their own undo and redo, the same from the buttons and from
 * Ctrl+Z / Ctrl+Shift+Z, and unaffected by saving. Typing on at the end extends one step per
 * word, so undo takes back words rather than letters.
 */
export function useTextHistory(initial: string) {
  const [history, setHistory] = useState<TextHistory>({ past: [], present: initial, future: [] });

  const change = useCallback(
    (next: string) =>
      setHistory(({ past, present }) => {
        if (next === present) return { past, present, future: [] };
        const added = next.startsWith(present) ? next.slice(present.length) : null;
        // A step ends where a word does: a space typed after a letter starts the next one.
        const sameStep = past.length > 0 && added !== null && !(/^\s/.test(added) && /\S$/.test(present));
        return { past: sameStep ? past : [...past, present].slice(-HISTORY_LIMIT), present: next, future: [] };
      }),
    [],
  );
  const undo = useCallback(
    () => setHistory(({ past, present, future }) => (past.length === 0 ? { past, present, future } : { past: past.slice(0, -1), present: past.at(-1)!, future: [present, ...future] })),
    [],
  );
  const redo = useCallback(
    () => setHistory(({ past, present, future }) => (future.length === 0 ? { past, present, future } : { past: [...past, present], present: future[0]!, future: future.slice(1) })),
    [],
  );
  /** Starts over from words that came from elsewhere (a restored version, another window). */
  const reset = useCallback((text: string) => setHistory({ past: [], present: text, future: [] }), []);

  return { text: history.present, change, undo, redo, reset, canUndo: history.past.length > 0, canRedo: history.future.length > 0 };
}
