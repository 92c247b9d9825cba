import { useCallback, useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { pageWordSpans } from '@storysprout/shared/page-words';
import { ErrorNote } from '../app/ErrorNote';
import { BookIcon } from '../app/icons';
import { useBook } from '../book/book-queries';
import { StoredPicture } from '../bridge/stored-picture';
import { useSpeech } from './use-speech';

/** How far a finger must travel across the page to turn it. */
const SWIPE_PX = 60;
const SPEEDS = [
  { rate: 0.7, label: 'Slow' },
  { rate: 0.9, label: 'Gentle' },
  { rate: 1, label: 'Normal' },
  { rate: 1.2, label: 'Quick' },
];

/**
 * The book as a child reads it: one page at a time over the whole window, turned with the arrow
 * keys, a swipe or the big buttons, and read aloud with the word being read lit up.
 */
export function ReaderScreen() {
  const { bookId = '' } = useParams();
  const navigate = useNavigate();
  const book = useBook(bookId);
  const speech = useSpeech();
  const [index, setIndex] = useState(0);
  const [voiceUri, setVoiceUri] = useState<string | null>(null);
  const [rate, setRate] = useState(0.9);
  const [keepReading, setKeepReading] = useState(true);
  const swipeStart = useRef<number | null>(null);
  const voiceId = useId();
  const speedId = useId();
  const pages = book.data?.pages ?? [];
  const page = pages[index];
  const { stop } = speech;

  const turnTo = useCallback(
    (next: number) => {
      stop();
      setIndex(Math.min(Math.max(next, 0), Math.max(pages.length - 1, 0)));
    },
    [pages.length, stop],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement) return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown') turnTo(index + 1);
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') turnTo(index - 1);
      else if (event.key === 'Home') turnTo(0);
      else if (event.key === 'End') turnTo(pages.length - 1);
      else if (event.key === 'Escape') void navigate(`/books/${bookId}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bookId, index, navigate, pages.length, turnTo]);

  if (book.error) return <ErrorNote error={book.error} />;
  if (!book.data || !page) return <p aria-live="polite">Opening the book…</p>;

  const readAloud = (from: number) => {
    const text = pages[from]?.text ?? '';
    if (from !== index) setIndex(from);
    speech.speak(text, {
      voiceUri,
      rate,
      onEnd: () => keepReading && from + 1 < pages.length && readAloud(from + 1),
    });
  };
  const words = pageWordSpans(page.text);
  const swipeEnd = (event: PointerEvent) => {
    if (swipeStart.current === null) return;
    const travelled = event.clientX - swipeStart.current;
    swipeStart.current = null;
    if (Math.abs(travelled) >= SWIPE_PX) turnTo(index + (travelled < 0 ? 1 : -1));
  };

  return (
    <div className="reader" aria-label={`Reading ${book.data.title}`} role="region">
      <header className="reader-top">
        <Link to={`/books/${bookId}`} className="button-link">
          Close the book
        </Link>
        <h2>{book.data.title}</h2>
        <p aria-live="polite">
          Page {index + 1} of {pages.length}
        </p>
      </header>
      <div className="reader-page" onPointerDown={(event) => (swipeStart.current = event.clientX)} onPointerUp={swipeEnd} onPointerCancel={() => (swipeStart.current = null)}>
        <div className="reader-picture">
          {page.imageAssetSha256 ? <StoredPicture sha256={page.imageAssetSha256} alt={`Picture for page ${index + 1}`} draggable={false} /> : <BookIcon />}
        </div>
        <p className="reader-words">
          {words.map((word, position) => (
            <span key={position} className={speech.spokenAt !== null && speech.spokenAt >= word.start && speech.spokenAt < word.end ? 'spoken' : undefined}>
              {word.word}{' '}
            </span>
          ))}
        </p>
      </div>
      <footer className="reader-controls">
        <button type="button" className="big" onClick={() => turnTo(index - 1)} disabled={index === 0}>
          Back
        </button>
        {speech.available ? (
          <div className="row reader-voice">
            <button type="button" className="big primary" onClick={() => (speech.speaking ? speech.stop() : readAloud(index))}>
              {speech.speaking ? 'Stop reading' : 'Read to me'}
            </button>
            <div className="field">
              <label htmlFor={voiceId}>Voice</label>
              <select id={voiceId} value={voiceUri ?? ''} onChange={(event) => setVoiceUri(event.target.value || null)}>
                <option value="">The computer’s usual voice</option>
                {speech.voices.map((voice) => (
                  <option key={voice.voiceURI} value={voice.voiceURI}>
                    {voice.name} ({voice.lang})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={speedId}>Speed</label>
              <select id={speedId} value={rate} onChange={(event) => setRate(Number(event.target.value))}>
                {SPEEDS.map((speed) => (
                  <option key={speed.rate} value={speed.rate}>
                    {speed.label}
                  </option>
                ))}
              </select>
            </div>
            <label className="check">
              <input type="checkbox" checked={keepReading} onChange={(event) => setKeepReading(event.target.checked)} /> Turn the pages by itself
            </label>
          </div>
        ) : (
          <p className="hint">This computer cannot read aloud.</p>
        )}
        <button type="button" className="big" onClick={() => turnTo(index + 1)} disabled={index === pages.length - 1}>
          Next
        </button>
      </footer>
    </div>
  );
}
