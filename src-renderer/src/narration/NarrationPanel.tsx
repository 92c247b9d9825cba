import { useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PageNarrationView, PageView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { useBookNarration } from './narration-queries';
import { PageRecorder } from './PageRecorder';

/** OpenAI's voices; a speech server of the family's own names its own, which can be typed in. */
const KNOWN_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'];

function describe(narration: PageNarrationView | undefined): string {
  switch (narration?.state) {
    case undefined:
    case 'none':
      return 'not read aloud yet';
    case 'reading':
      return 'being read aloud…';
    case 'failed':
      return `could not be read aloud: ${narration.problem}`;
    case 'out-of-date':
      return `read by ${narration.readerName} before its words changed: read it again`;
    case 'ready':
      return narration.approved ? `read by ${narration.readerName}` : `read by ${narration.readerName}, waiting for a grown-up to use it`;
  }
}

/**
 * The book read aloud: by a family member page by page (recorded here), or by a voice for the
 * whole book; what each page has, and (for a grown-up) a child's reading to accept.
 */
export function NarrationPanel({ bookId, pages, isParent }: { bookId: string; pages: PageView[]; isParent: boolean }) {
  const headingId = useId();
  const voiceId = useId();
  const voicesId = useId();
  const narration = useBookNarration(bookId);
  const queryClient = useQueryClient();
  const [voice, setVoice] = useState('');
  const [recordingPage, setRecordingPage] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['library'] });
  const narrate = useMutation({ mutationFn: () => bridgeClient.call('narration.narrate', { bookId, ...(voice.trim() && { voice: voice.trim() }) }), onSuccess: refresh });
  const approve = useMutation({ mutationFn: (pageId: string) => bridgeClient.call('narration.approve', { pageId }), onSuccess: refresh });
  const recordingIndex = pages.findIndex((page) => page.id === recordingPage);

  return (
    <section className="narration panel stack" aria-labelledby={headingId}>
      <h3 id={headingId}>Read aloud</h3>
      <p className="hint">Someone in the family can read each page aloud, or a voice can read the whole book. The reader plays it with each word lit as it is said.</p>
      <ol className="narration-pages">
        {pages.map((page, index) => {
          const state = narration.data?.pages.find((each) => each.pageId === page.id);
          return (
            <li key={page.id} className="row">
              <span>
                Page {index + 1}: {describe(state)}
              </span>
              <button type="button" onClick={() => setRecordingPage(page.id)} disabled={page.text.trim() === ''} aria-label={`Record page ${index + 1}`}>
                Record
              </button>
              {isParent && state?.state === 'ready' && !state.approved && (
                <button type="button" onClick={() => approve.mutate(page.id)} disabled={approve.isPending}>
                  Use {state.readerName}’s reading
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {recordingIndex >= 0 && <PageRecorder key={recordingPage} pageId={recordingPage!} number={recordingIndex + 1} text={pages[recordingIndex]!.text} onClose={() => setRecordingPage(null)} />}
      <div className="row">
        <div className="field">
          <label htmlFor={voiceId}>Voice</label>
          <input id={voiceId} list={voicesId} value={voice} placeholder="as in Settings" onChange={(event) => setVoice(event.target.value)} />
          <datalist id={voicesId}>
            {KNOWN_VOICES.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <button type="button" onClick={() => narrate.mutate()} disabled={narrate.isPending}>
          Read the rest with this voice
        </button>
      </div>
      {narrate.data && (
        <p role="status">
          {narrate.data.queued === 0 ? 'Every page is read aloud already.' : `Reading ${narrate.data.queued} ${narrate.data.queued === 1 ? 'page' : 'pages'} aloud…`}
        </p>
      )}
      {[narrate.error, approve.error, narration.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
    </section>
  );
}
