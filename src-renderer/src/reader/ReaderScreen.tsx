import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { pageWordSpans } from '@storysprout/shared/page-words';
import { ErrorNote } from '../app/ErrorNote';
import { BookIcon } from '../app/icons';
import { useBook } from '../book/book-queries';
import type { PageNarrationView } from '../../../src-preload/contract';
import { assetUrlQuery, StoredPicture } from '../bridge/stored-picture';
import { useNarrationPlayer } from './narration-player';
import { useBookNarration } from '../narration/narration-queries';
import { useSpeech } from './use-speech';

/** How far a finger must travel across the page to turn it. */
const SWIPE_PX = 60;
/** The voice choice that reads each page's kept narration, where it has one. */
const NARRATION = 'narration';
type Playable = Extract<PageNarrationView, { audioAssetSha256: string }>;
/** A narration the reader plays: of the words as they are now, and accepted (a child's recording waits for a parent). */
const playable = (narration: PageNarrationView | undefined): Playable | null => (narration?.state === 'ready' && narration.approved ? narration : null);

const SPEEDS = [
  { rate: 0.7, label: 'Slow' },
  { rate: 0.9, label: 'Gentle' },
  { rate: 1, label: 'Normal' },
  { rate: 1.2, label: 'Quick' },
];

/**
 * The book as a child reads it: one page at a time over the whole window, turned with the arrow
 * keys, a swipe or the big buttons, and read aloud with the word being read lit up: in the voice
 * the book was narrated in (a grandparent's recording, or a generated voice) where a page has it,
 * and in the computer's own voice where it has not.
 */
export function ReaderScreen() {
  const { bookId = '' } = useParams();
  const navigate = useNavigate();
  const book = useBook(bookId);
  const speech = useSpeech();
  const player = useNarrationPlayer();
  const narration = useBookNarration(bookId);
  const queryClient = useQueryClient();
  const [index, setIndex] = useState(0);
  /** NARRATION, a computer voice's URI, or '' for the computer's usual one; unset follows the book (its narration if it has one). */
  const [voiceChoice, setVoiceChoice] = useState<string | null>(null);
  const [rate, setRate] = useState(0.9);
  const [keepReading, setKeepReading] = useState(true);
  const swipeStart = useRef<number | null>(null);
  const voiceId = useId();
  const speedId = useId();
  const pages = book.data?.pages ?? [];
  const page = pages[index];
  const { stop: stopSpeech } = speech;
  const { stop: stopPlayer } = player;
  const narrationOf = (pageId: string) => playable(narration.data?.pages.find((each) => each.pageId === pageId));
  const narrated = pages.some((each) => narrationOf(each.id) !== null);
  const chosenVoice = voiceChoice ?? (narrated ? NARRATION : '');

  const turnTo = useCallback(
    (next: number) => {
      stopSpeech();
      stopPlayer();
      setIndex(Math.min(Math.max(next, 0), Math.max(pages.length - 1, 0)));
    },
    [pages.length, stopSpeech, stopPlayer],
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

  const readAloud = async (from: number) => {
    const reading = pages[from];
    if (!reading) return;
    if (from !== index) setIndex(from);
    const onEnd = () => keepReading && from + 1 < pages.length && void readAloud(from + 1);
    const kept = chosenVoice === NARRATION ? narrationOf(reading.id) : null;
    if (kept) {
      speech.stop();
      player.play(await queryClient.fetchQuery(assetUrlQuery(kept.audioAssetSha256)), kept.words, { rate, onEnd });
      return;
    }
    player.stop();
    speech.speak(reading.text, { voiceUri: chosenVoice === NARRATION ? null : chosenVoice || null, rate, onEnd });
  };
  const reading = speech.speaking || player.playing;
  const stopReading = () => {
    speech.stop();
    player.stop();
  };
  const pageNarration = narrationOf(page.id);
  const words = pageWordSpans(page.text);
  const lit = (position: number, word: { start: number; end: number }) =>
    player.playing ? player.spokenWord === position : speech.spokenAt !== null && speech.spokenAt >= word.start && speech.spokenAt < word.end;
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
            <span key={position} className={lit(position, word) ? 'spoken' : undefined}>
              {word.word}{' '}
            </span>
          ))}
        </p>
      </div>
      <footer className="reader-controls">
        <button type="button" className="big" onClick={() => turnTo(index - 1)} disabled={index === 0}>
          Back
        </button>
        {speech.available || narrated ? (
          <div className="row reader-voice">
            <button type="button" className="big primary" onClick={() => (reading ? stopReading() : void readAloud(index))}>
              {reading ? 'Stop reading' : 'Read to me'}
            </button>
            <div className="field">
              <label htmlFor={voiceId}>Voice</label>
              <select id={voiceId} value={chosenVoice} onChange={(event) => setVoiceChoice(event.target.value)}>
                {narrated && <option value={NARRATION}>The book’s narration</option>}
                {speech.available && <option value="">The computer’s usual voice</option>}
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
            {chosenVoice === NARRATION && (
              <p className="hint" aria-live="polite">
                {pageNarration ? `Read by ${pageNarration.readerName}` : speech.available ? 'This page has no narration yet: the computer reads it.' : 'This page has no narration yet.'}
              </p>
            )}
            {player.problem && <p role="alert">{player.problem}</p>}
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
