import { useId, useRef, useState } from 'react';

/** A value to pass on (a link, a code): shown read-only, with a button that copies it. */
export function CopyField({ label, value, what }: { label: string; value: string; what: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'copy-by-hand' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
    } catch {
      // No clipboard (a page not served securely, or permission refused): leave it selected to copy by hand.
      input.current?.select();
      setOutcome('copy-by-hand');
    }
  };
  return (
    <div className="copy-field">
      <div className="row">
        <div className="field grow">
          <label htmlFor={id}>{label}</label>
          <input id={id} ref={input} readOnly value={value} onFocus={(event) => event.target.select()} />
        </div>
        <button type="button" onClick={() => void copy()}>
          Copy {what}
        </button>
      </div>
      <p role="status" className="hint">
        {outcome === 'copied' && 'Copied.'}
        {outcome === 'copy-by-hand' && `This window cannot copy by itself: ${what} is selected, press Ctrl+C (⌘C on a Mac) to copy it.`}
      </p>
    </div>
  );
}
