import libsamplerate from '@alexanderolsen/libsamplerate-js';
import type { DecodedAudio } from '../../narration/audio';

/** The pages' samples one after another, at one rate, a pause between each two. */
export interface JoinedPages {
  samples: Float32Array;
  sampleRate: number;
  /** Where each page starts in the joined samples, in milliseconds, in the order given. */
  startsMs: number[];
  durationMs: number;
}

/**
 * A page at `sampleRate`. Pages can come at different rates (the speech service's 24 kHz, a
 * recording's 44.1 or 48 kHz), and one MP3 stream has one: libsamplerate (as WebAssembly)
 * converts them with a sinc filter, where a hand-written interpolation would add audible noise.
 */
async function atRate(page: DecodedAudio, sampleRate: number): Promise<Float32Array> {
  if (page.sampleRate === sampleRate) return page.samples;
  const converter = await libsamplerate.create(1, page.sampleRate, sampleRate, { converterType: libsamplerate.ConverterType.SRC_SINC_MEDIUM_QUALITY });
  try {
    return converter.simple(page.samples);
  } finally {
    converter.destroy();
  }
}

/**
 * Joins decoded pages into one stream to encode once: page MP3s put end to end would each bring
 * their encoder's delay and padding, and the times would drift page by page. The joined stream is
 * at the highest rate among the pages, so no page loses sound, and every time comes from the
 * joined samples themselves.
 */
export async function joinPages(pages: DecodedAudio[], pauseMs: number): Promise<JoinedPages> {
  const sampleRate = Math.max(...pages.map((page) => page.sampleRate));
  const parts: Float32Array[] = [];
  // One at a time: a converter holds its own WebAssembly memory.
  for (const page of pages) parts.push(await atRate(page, sampleRate));
  const pause = Math.round((pauseMs * sampleRate) / 1000);
  const samples = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0) + pause * (parts.length - 1));
  const startsMs: number[] = [];
  let offset = 0;
  for (const part of parts) {
    startsMs.push((offset / sampleRate) * 1000);
    samples.set(part, offset);
    offset += part.length + pause;
  }
  return { samples, sampleRate, startsMs, durationMs: (samples.length / sampleRate) * 1000 };
}
