import { useEffect, useId, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { recordingForCore } from './recorded-audio';
import { useRecorder } from './use-recorder';

/**
 * A member reads one page aloud: they see the words, record, hear it back, and keep it or try
 * again. What is kept becomes the page's narration, trimmed of the quiet around it.
 */
export function PageRecorder({ pageId, number, text, onClose }: { pageId: string; number: number; text: string; onClose: () => void }) {
  const headingId = useId();
  const recorder = useRecorder();
  const queryClient = useQueryClient();
  const [taken, setTaken] = useState<{ blob: Blob; url: string } | null>(null);
  const keep = useMutation({
    mutationFn: async (blob: Blob) => bridgeClient.call('narration.record', { pageId, ...(await recordingForCore(blob)) }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['library'] });
      onClose();
    },
  });
  useEffect(() => {
    if (!taken) return;
    return () => URL.revokeObjectURL(taken.url);
  }, [taken]);

  const stop = async () => {
    const blob = await recorder.stop();
    if (blob) setTaken({ blob, url: URL.createObjectURL(blob) });
  };

  return (
    <section className="page-recorder panel stack" aria-labelledby={headingId}>
      <h4 id={headingId}>Read page {number} aloud</h4>
      <p className="recorder-words">{text}</p>
      {recorder.recording ? (
        <div className="row">
          <button type="button" className="primary" onClick={() => void stop()}>
            Stop recording
          </button>
          <meter min={0} max={1} value={recorder.level} aria-label="How loud the microphone hears you" />
        </div>
      ) : taken ? (
        <div className="stack">
          {/* The reader's own voice, just recorded: there is nothing to caption but the words above. */}
          <audio controls src={taken.url} aria-label={`Your reading of page ${number}`} />
          <div className="row">
            <button type="button" className="primary" onClick={() => keep.mutate(taken.blob)} disabled={keep.isPending}>
              {keep.isPending ? 'Keeping it…' : 'Keep this reading'}
            </button>
            <button type="button" onClick={() => setTaken(null)} disabled={keep.isPending}>
              Record again
            </button>
          </div>
        </div>
      ) : (
        <div className="row">
          <button type="button" className="primary" onClick={() => void recorder.start()}>
            Start recording
          </button>
        </div>
      )}
      {recorder.problem && <p role="alert">{recorder.problem}</p>}
      {keep.error && <ErrorNote error={keep.error} />}
      <button type="button" onClick={onClose} disabled={keep.isPending}>
        Close
      </button>
    </section>
  );
}
