import { useCallback, useEffect, useRef, useState } from 'react';

const synthesis: SpeechSynthesis | null = typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;

/**
 * Reads words aloud with the computer's own voices (the Web Speech API: nothing leaves the
 * computer), reporting where in the text the voice is, so the word being read can be lit up.
 */
export function useSpeech() {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(() => synthesis?.getVoices() ?? []);
  const [speaking, setSpeaking] = useState(false);
  const [spokenAt, setSpokenAt] = useState<number | null>(null);
  const current = useRef<SpeechSynthesisUtterance | null>(null);

  useEffect(() => {
    if (!synthesis) return;
    // Voices arrive after the page loads in Chromium, all at once in others.
    const refresh = () => setVoices(synthesis.getVoices());
    synthesis.addEventListener('voiceschanged', refresh);
    return () => {
      synthesis.removeEventListener('voiceschanged', refresh);
      synthesis.cancel();
    };
  }, []);

  const stop = useCallback(() => {
    current.current = null;
    synthesis?.cancel();
    setSpeaking(false);
    setSpokenAt(null);
  }, []);

  const speak = useCallback((text: string, options: { voiceUri: string | null; rate: number; onEnd?: () => void }) => {
    if (!synthesis) return;
    synthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = options.rate;
    utterance.voice = synthesis.getVoices().find((voice) => voice.voiceURI === options.voiceUri) ?? null;
    utterance.onboundary = (event) => {
      if (event.name === 'word' && current.current === utterance) setSpokenAt(event.charIndex);
    };
    utterance.onend = () => {
      if (current.current !== utterance) return;
      current.current = null;
      setSpeaking(false);
      setSpokenAt(null);
      options.onEnd?.();
    };
    current.current = utterance;
    setSpeaking(true);
    setSpokenAt(0);
    synthesis.speak(utterance);
  }, []);

  return { available: synthesis !== null, voices, speaking, spokenAt, speak, stop };
}
