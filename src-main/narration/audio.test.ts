import { createMp3Encoder } from 'wasm-media-encoders';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors';
import { decodeMp3, encodeMp3, mp3DurationMs } from './audio';

/** A tone with a click at `clickAt` seconds, so where the sound lands after a round trip can be checked. */
function tone(sampleRate: number, seconds: number, clickAt = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(sampleRate * seconds));
  for (let index = 0; index < samples.length; index++) samples[index] = 0.2 * Math.sin((2 * Math.PI * 330 * index) / sampleRate);
  const click = Math.round(clickAt * sampleRate);
  samples.fill(0, click - Math.round(sampleRate * 0.05), click);
  samples.fill(0.9, click, click + Math.round(sampleRate / 1000));
  return samples;
}

const peakAt = (samples: Float32Array) => samples.reduce((peak, value, index) => (value > samples[peak]! ? index : peak), 0);

describe('narration audio as MP3', () => {
  it.each([
    { rate: 24000, kept: 24000, frameSamples: 576 },
    { rate: 44100, kept: 44100, frameSamples: 1152 },
    { rate: 8000, kept: 8000, frameSamples: 576 },
    { rate: 96000, kept: 48000, frameSamples: 1152 },
    { rate: 22000, kept: 22050, frameSamples: 576 },
  ])('encodes $rate Hz and decodes it back at $kept Hz, as long as it was within one frame', async ({ rate, kept, frameSamples }) => {
    const mp3 = await encodeMp3(tone(rate, 2.3), rate);
    const decoded = await decodeMp3(mp3);
    expect(decoded.sampleRate).toBe(kept);
    expect(Math.abs(decoded.durationMs - 2300)).toBeLessThanOrEqual((frameSamples / kept) * 1000);
    expect(decoded.samples.length).toBe(Math.round((decoded.durationMs * kept) / 1000));
    expect(Math.abs(mp3DurationMs(mp3) - decoded.durationMs)).toBeLessThan(30);
  });

  it('keeps each sound where it was, with no encoder delay before it', async () => {
    const decoded = await decodeMp3(await encodeMp3(tone(24000, 1.5, 0.8), 24000));
    expect(Math.abs(peakAt(decoded.samples) / 24 - 800)).toBeLessThan(3);
    expect(decoded.durationMs).toBe(1500);
  });

  it('measures a page without decoding it, to the millisecond of what a player plays', async () => {
    for (const seconds of [0.31, 4, 12.5]) expect(mp3DurationMs(await encodeMp3(tone(24000, seconds), 24000))).toBeCloseTo(seconds * 1000, 6);
  });

  it('spends 64 kbps on a page, mono', async () => {
    const mp3 = await encodeMp3(tone(44100, 10), 44100);
    expect(mp3.length).toBeGreaterThan(10 * 8000);
    expect(mp3.length).toBeLessThan(10.1 * 8000);
    // Channel mode in the first frame header: 3 is mono.
    expect((mp3.readUInt32BE(0) >>> 6) & 3).toBe(3);
  });

  it('measures an MP3 from elsewhere, with an ID3v2 tag before it, an ID3v1 tag after it and no LAME tag, as long as it decodes', async () => {
    const tagged = await encodeMp3(tone(44100, 3), 44100);
    const untagged = tagged.subarray(tagged.indexOf(Buffer.from([0xff, 0xfb]), 4));
    const id3v2 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x14', 'latin1'), Buffer.alloc(20)]);
    const id3v1 = Buffer.concat([Buffer.from('TAG', 'latin1'), Buffer.alloc(125)]);
    const mp3 = Buffer.concat([id3v2, untagged, id3v1]);
    const decoded = await decodeMp3(mp3);
    // Without the tag a player plays whole frames, so the page grows by the delay and padding.
    expect(decoded.durationMs).toBeGreaterThan(3000);
    expect(Math.abs(mp3DurationMs(mp3) - decoded.durationMs)).toBeLessThan(30);
  });

  it('averages a stereo file’s channels into one', async () => {
    const encoder = await createMp3Encoder();
    encoder.configure({ channels: 2, sampleRate: 44100, bitrate: 128 });
    const left = tone(44100, 1);
    const right = left.map((sample) => -sample);
    const mp3 = Buffer.concat([Buffer.from(encoder.encode([left, right])), Buffer.from(encoder.finalize())]);
    const decoded = await decodeMp3(mp3);
    expect(decoded.samples.reduce((loudest, sample) => Math.max(loudest, Math.abs(sample)), 0)).toBeLessThan(0.05);
  });

  it('decodes pages side by side as it decodes them one by one', async () => {
    const pages = await Promise.all([0.5, 1, 1.5, 2].map((seconds) => encodeMp3(tone(24000, seconds, 0.2), 24000)));
    const together = await Promise.all(pages.map((page) => decodeMp3(page)));
    for (const [index, page] of pages.entries()) {
      const alone = await decodeMp3(page);
      expect(together[index]!.samples).toEqual(alone.samples);
      expect(together[index]!.durationMs).toBe((index + 1) * 500);
    }
  });

  it('makes an empty page an MP3 that plays for no time', async () => {
    const mp3 = await encodeMp3(new Float32Array(0), 24000);
    expect(mp3DurationMs(mp3)).toBe(0);
    expect((await decodeMp3(mp3)).samples).toHaveLength(0);
  });

  it.each([
    { what: 'text', bytes: Buffer.from('Once upon a time there was a hedgehog.') },
    { what: 'nothing', bytes: Buffer.alloc(0) },
    { what: 'a PNG', bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
    { what: 'noise with MP3 sync bytes in it', bytes: Buffer.from(Array.from({ length: 4096 }, (_, index) => (index % 7 === 0 ? 0xff : (index * 31) & 0xff))) },
  ])('says clearly that $what is not MP3', async ({ bytes }) => {
    expect(() => mp3DurationMs(bytes)).toThrow(InvalidInputError);
    await expect(decodeMp3(bytes)).rejects.toThrow('That sound is not an MP3');
  });

  it('refuses a sample rate that is not a whole positive number', async () => {
    await expect(encodeMp3(new Float32Array(10), 0)).rejects.toThrow(RangeError);
    await expect(encodeMp3(new Float32Array(10), 22050.5)).rejects.toThrow(RangeError);
  });
});
