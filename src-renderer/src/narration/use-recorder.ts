import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The microphone, for a member reading a page aloud: records until stopped, and says how loud the
 * voice is as it goes (0 to 1), so a reader can see the microphone hears them.
 */
export function useRecorder() {
  const [recording, setRecording] = useState(false);
  const [level, setLevel] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const session = useRef<{ recorder: MediaRecorder; stream: MediaStream; context: AudioContext; frame: number; done: Promise<Blob> } | null>(null);

  const release = useCallback(() => {
    const current = session.current;
    if (!current) return;
    session.current = null;
    cancelAnimationFrame(current.frame);
    for (const track of current.stream.getTracks()) track.stop();
    void current.context.close();
    setRecording(false);
    setLevel(0);
  }, []);

  const start = useCallback(async () => {
    setProblem(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch {
      setProblem('StorySprout cannot use the microphone. Allow it in the computer’s settings, and try again.');
      return;
    }
    const recorder = new MediaRecorder(stream);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const done = new Promise<Blob>((resolve) => (recorder.onstop = () => resolve(new Blob(chunks, { type: recorder.mimeType }))));
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const current = { recorder, stream, context, frame: 0, done };
    const measure = () => {
      analyser.getFloatTimeDomainData(samples);
      const loudness = Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length);
      // Speech sits around 0.05–0.3 RMS; the meter fills at a loud voice.
      setLevel(Math.min(1, loudness * 4));
      current.frame = requestAnimationFrame(measure);
    };
    session.current = current;
    recorder.start();
    setRecording(true);
    measure();
  }, []);

  /** Stops, and gives what was recorded. */
  const stop = useCallback(async (): Promise<Blob | null> => {
    const current = session.current;
    if (!current) return null;
    current.recorder.stop();
    const recorded = await current.done;
    release();
    return recorded;
  }, [release]);

  useEffect(() => release, [release]);
  return { recording, level, problem, start, stop };
}
