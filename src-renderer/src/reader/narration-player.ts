import { useCallback, useEffect, useRef, useState } from 'react';
import type { WordTimingView } from '../../../src-preload/contract';

/**
 * Which word of a page is being said at `ms` into its narration: the last one to have started, so
 * the word just said stays lit through the pause after it; none before the first word.
 */
export function wordAt(words: readonly WordTimingView[], ms: number): number | null {
  let low = 0;
  let high = words.length - 1;
  let found: number | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (words[middle]!.startMs <= ms) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Plays a page's kept narration and follows it word by word, each frame, so the word being said is
 * lit as the voice says it.
 */
export function useNarrationPlayer() {
  const audio = useRef<HTMLAudioElement | null>(null);
  const frame = useRef(0);
  const [playing, setPlaying] = useState(false);
  const [spokenWord, setSpokenWord] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const stop = useCallback(() => {
    cancelAnimationFrame(frame.current);
    audio.current?.pause();
    audio.current = null;
    setPlaying(false);
    setSpokenWord(null);
  }, []);

  const play = useCallback(
    (url: string, words: readonly WordTimingView[], options: { rate: number; onEnd?: () => void }) => {
      stop();
      setProblem(null);
      const element = new Audio(url);
      element.playbackRate = options.rate;
      audio.current = element;
      const follow = () => {
        if (audio.current !== element) return;
        setSpokenWord(wordAt(words, element.currentTime * 1000));
        frame.current = requestAnimationFrame(follow);
      };
      element.onended = () => {
        if (audio.current !== element) return;
        stop();
        options.onEnd?.();
      };
      const fail = () => {
        if (audio.current !== element) return;
        stop();
        setProblem('The narration of this page could not be played.');
      };
      element.onerror = fail;
      setPlaying(true);
      element.play().then(() => (frame.current = requestAnimationFrame(follow)), fail);
    },
    [stop],
  );

  useEffect(() => stop, [stop]);
  return { playing, spokenWord, problem, play, stop };
}
