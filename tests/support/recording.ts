import { decodeMp3 } from '../../src-main/narration/audio';

/** An MP3 as the window would send its recording: decoded to 16-bit PCM, with quiet before and after. */
export async function asRecorded(mp3: Buffer, options: { quietMs: number }) {
  const audio = await decodeMp3(mp3);
  const quiet = Math.round((options.quietMs / 1000) * audio.sampleRate);
  const pcm = Buffer.alloc((audio.samples.length + 2 * quiet) * 2);
  audio.samples.forEach((sample, index) => pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample)) * 32767), (quiet + index) * 2));
  return { sampleRate: audio.sampleRate, pcm16: pcm.toString('base64') };
}
