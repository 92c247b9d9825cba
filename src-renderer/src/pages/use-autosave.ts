import { useCallback, useEffect, useRef, useState } from 'react';

/** How long typing must pause before the words are saved. */
const AUTOSAVE_DELAY_MS = 600;

export type SaveState = 'saved' | 'waiting' | 'saving' | 'failed';

/** How each editor that saves as you type says where its words are. */
export const SAVE_WORDS: Record<SaveState, string> = {
  saved: 'Saved',
  waiting: 'Editing…',
  saving: 'Saving…',
  failed: 'Not saved',
};

/**
 * Saves `value` a moment after it stops changing, and at once when the editor goes away (another
 * page chosen, the window closing), so nothing typed is lost. Saves never overlap: a change made
 * while one is on its way is saved after it.
 */
export function useAutosave(value: string, savedValue: string, save: (value: string) => Promise<unknown>) {
  const [state, setState] = useState<SaveState>('saved');
  const [error, setError] = useState<unknown>(null);
  const latest = useRef({ value, save, inFlight: null as Promise<unknown> | null, confirmed: savedValue });

  // Declared first, so the effects below (and a timer they start) see this render's values.
  useEffect(() => {
    latest.current.value = value;
    latest.current.save = save;
  });
  useEffect(() => {
    // What the store holds moved on (saved here, or changed elsewhere): that is the new baseline.
    latest.current.confirmed = savedValue;
  }, [savedValue]);

  const flush = useRef(async () => {
    const current = latest.current;
    if (current.inFlight) await current.inFlight.catch(() => {});
    const value = current.value;
    if (value === current.confirmed) {
      setState('saved');
      return;
    }
    setState('saving');
    current.inFlight = current.save(value);
    try {
      await current.inFlight;
      current.confirmed = value;
      setError(null);
      setState(current.value === value ? 'saved' : 'waiting');
    } catch (saveError) {
      setError(saveError);
      setState('failed');
    } finally {
      current.inFlight = null;
    }
  });

  useEffect(() => {
    if (value === latest.current.confirmed) {
      setState((state) => (state === 'waiting' ? 'saved' : state));
      return;
    }
    setState('waiting');
    const timer = setTimeout(() => void flush.current(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);

  useEffect(() => {
    const saveNow = () => void flush.current();
    window.addEventListener('pagehide', saveNow);
    return () => {
      window.removeEventListener('pagehide', saveNow);
      saveNow();
    };
  }, []);

  return { state, error, saveNow: useCallback(() => flush.current(), []) };
}
