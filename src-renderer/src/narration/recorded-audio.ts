/** The rate a recording is sent at: plenty for a voice, and a third of the microphone's 48 kHz to send. */
export const RECORDING_RATE = 24_000;

/**
 * What the microphone gave (webm/opus in Chromium, mp4 in Safari), as the core takes a recording:
 * decoded by the browser, mixed to one channel at RECORDING_RATE, 16-bit little-endian, base64.
 */
export async function recordingForCore(recorded: Blob): Promise<{ sampleRate: number; pcm16: string }> {
  const context = new AudioContext({ sampleRate: RECORDING_RATE });
  try {
    const audio = await context.decodeAudioData(await recorded.arrayBuffer());
    const mono = new Float32Array(audio.length);
    for (let channel = 0; channel < audio.numberOfChannels; channel++) {
      const samples = audio.getChannelData(channel);
      for (let index = 0; index < samples.length; index++) mono[index]! += samples[index]! / audio.numberOfChannels;
    }
    const pcm = new DataView(new ArrayBuffer(mono.length * 2));
    mono.forEach((sample, index) => pcm.setInt16(index * 2, Math.round(Math.max(-1, Math.min(1, sample)) * 32767), true));
    return { sampleRate: audio.sampleRate, pcm16: base64Of(new Uint8Array(pcm.buffer)) };
  } finally {
    await context.close();
  }
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes only so many arguments at once.
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
