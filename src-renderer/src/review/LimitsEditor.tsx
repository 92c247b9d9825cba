import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ModerationView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';

/** What each checked category means, in a parent's words. */
const CATEGORY_WORDS: Record<string, string> = {
  sexual: 'Sexual content',
  'sexual/minors': 'Sexual content involving children',
  violence: 'Fighting and violence',
  'violence/graphic': 'Blood and injuries',
  'self-harm': 'Hurting oneself',
  hate: 'Hateful words about groups of people',
  harassment: 'Bullying and insults',
  illicit: 'Breaking the law (drugs, weapons, stealing)',
};

const strictness = (limit: number) => (limit <= 0.1 ? 'very strict' : limit <= 0.3 ? 'strict' : limit <= 0.6 ? 'relaxed' : 'very relaxed');

/**
 * How sure the check must be before a page is held for a grown-up, per category. Lower holds
 * more pages; the words beside each slider say so without numbers to decode.
 */
export function LimitsEditor({ moderation }: { moderation: ModerationView }) {
  const queryClient = useQueryClient();
  const [limits, setLimits] = useState(moderation.thresholds);
  const save = useMutation({
    mutationFn: (thresholds: Record<string, number>) => bridgeClient.call('moderation.set', { thresholds }),
    onSuccess: (view) => queryClient.setQueryData(['moderation'], view),
  });
  const baseId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(limits);
  };
  return (
    <form className="panel stack limits" onSubmit={submit} aria-labelledby={`${baseId}-title`}>
      <h3 id={`${baseId}-title`}>When to hold a page</h3>
      <p className="hint">Further left holds a page at the faintest sign; further right only when the check is sure. Checked by {moderation.checker}.</p>
      {Object.entries(limits).map(([category, limit]) => {
        const id = `${baseId}-${category}`;
        return (
          <div key={category} className="limit">
            <label htmlFor={id}>{CATEGORY_WORDS[category] ?? category}</label>
            <input
              id={id}
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={limit}
              aria-valuetext={`${strictness(limit)} (${Math.round(limit * 100)} out of 100)`}
              onChange={(event) => setLimits({ ...limits, [category]: Number(event.target.value) })}
            />
            <span className="limit-words">{strictness(limit)}</span>
          </div>
        );
      })}
      <button type="submit" className="primary" disabled={save.isPending}>
        Save the limits
      </button>
      {save.isSuccess && !save.isPending && <p role="status">Saved. New pages are checked with these limits.</p>}
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}
