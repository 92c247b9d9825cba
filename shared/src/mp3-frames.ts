/**
 * MP3 read from its frame headers alone: where the audio is, how many samples a player gives out
 * (less the encoder delay and padding a LAME tag gives) and at what rate. Shared by the desktop
 * (a narration's length, the book's audio) and the sync server (an upload that says it is a
 * narration must be one), so both take the same bytes for MP3.
 */

export class NotMp3Error extends Error {
  constructor() {
    super('That sound is not an MP3: no MP3 audio was found in it.');
  }
}

export interface FrameHeader {
  mpeg1: boolean;
  layer: 1 | 2 | 3;
  sampleRate: number;
  mono: boolean;
  crcProtected: boolean;
  /** Bytes, header included. */
  length: number;
  samples: number;
}

// Bitrates in kbps by bitrate index; index 0 (free format) and 15 are not playable here.
const MPEG1_BITRATES = {
  1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
} as const;
const MPEG2_BITRATES = {
  1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  3: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;
/** By the header's version bits: MPEG-2.5, reserved, MPEG-2, MPEG-1. */
const SAMPLE_RATES_BY_VERSION = [[11025, 12000, 8000], null, [22050, 24000, 16000], [44100, 48000, 32000]] as const;

export function frameHeaderAt(data: Buffer, offset: number): FrameHeader | null {
  if (offset + 4 > data.length) return null;
  const header = data.readUInt32BE(offset);
  if (header >>> 21 !== 0x7ff) return null;
  const version = (header >>> 19) & 3;
  const layerBits = (header >>> 17) & 3;
  const bitrateIndex = (header >>> 12) & 15;
  const sampleRateIndex = (header >>> 10) & 3;
  const rates = SAMPLE_RATES_BY_VERSION[version];
  if (!rates || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) return null;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const mpeg1 = version === 3;
  const bitrate = (mpeg1 ? MPEG1_BITRATES : MPEG2_BITRATES)[layer][bitrateIndex]! * 1000;
  const sampleRate = rates[sampleRateIndex]!;
  const padding = (header >>> 9) & 1;
  const length = layer === 1 ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4 : Math.floor(((layer === 3 && !mpeg1 ? 72 : 144) * bitrate) / sampleRate) + padding;
  const samples = layer === 1 ? 384 : layer === 3 && !mpeg1 ? 576 : 1152;
  return { mpeg1, layer, sampleRate, mono: ((header >>> 6) & 3) === 3, crcProtected: ((header >>> 16) & 1) === 0, length, samples };
}

const sameStream = (a: FrameHeader, b: FrameHeader) => a.mpeg1 === b.mpeg1 && a.layer === b.layer && a.sampleRate === b.sampleRate;

/**
 * A frame that can be trusted to start the stream (or restart it after junk): its header is valid
 * and the next frame follows it, or it ends the data. A lone sync pattern in other bytes rarely
 * passes both.
 */
function confirmedFrameAt(data: Buffer, offset: number): FrameHeader | null {
  const frame = frameHeaderAt(data, offset);
  if (!frame || offset + frame.length > data.length) return null;
  if (offset + frame.length === data.length) return frame;
  const next = frameHeaderAt(data, offset + frame.length);
  return next && sameStream(frame, next) ? frame : null;
}

function nextConfirmedFrame(data: Buffer, from: number): { offset: number; frame: FrameHeader } | null {
  for (let offset = data.indexOf(0xff, from); offset !== -1; offset = data.indexOf(0xff, offset + 1)) {
    const frame = confirmedFrameAt(data, offset);
    if (frame) return { offset, frame };
  }
  return null;
}

/** Where the audio starts, past any ID3v2 tags (10 bytes of header, a syncsafe size, 10 more with a footer). */
function afterId3v2(data: Buffer): number {
  let offset = 0;
  while (offset + 10 <= data.length && data.toString('latin1', offset, offset + 3) === 'ID3') {
    const size = ((data[offset + 6]! & 0x7f) << 21) | ((data[offset + 7]! & 0x7f) << 14) | ((data[offset + 8]! & 0x7f) << 7) | (data[offset + 9]! & 0x7f);
    offset += 10 + size + (data[offset + 5]! & 0x10 ? 10 : 0);
  }
  return offset;
}

/** The samples a player gives out, and their rate; throws for bytes holding no MP3 frames. */
export function scanMp3(data: Buffer): { samples: number; sampleRate: number } {
  const first = nextConfirmedFrame(data, afterId3v2(data));
  if (!first) throw new NotMp3Error();
  const tag = lameTagOf(data, first.offset, first.frame);
  let frames = tag ? 0 : 1;
  let offset = first.offset + first.frame.length;
  while (offset < data.length) {
    const frame = frameHeaderAt(data, offset);
    if (frame && sameStream(frame, first.frame) && offset + frame.length <= data.length) {
      frames++;
      offset += frame.length;
      continue;
    }
    // Junk or a tag (ID3v1, APE) after the audio, or a truncated last frame: players go on at the next frame, if any.
    const next = nextConfirmedFrame(data, offset + 1);
    if (!next || !sameStream(next.frame, first.frame)) break;
    offset = next.offset;
  }
  const samples = frames * first.frame.samples - (tag?.delay ?? 0) - (tag?.padding ?? 0);
  return { samples: Math.max(0, samples), sampleRate: first.frame.sampleRate };
}

/**
 * The Xing/Info frame LAME (and FFmpeg) put first, which carries no audio: its encoder delay and
 * padding when a LAME extension follows the Xing fields, read where mpg123 reads them.
 */
function lameTagOf(data: Buffer, offset: number, frame: FrameHeader): { delay: number; padding: number } | null {
  if (frame.layer !== 3) return null;
  let at = offset + 4 + (frame.crcProtected ? 2 : 0) + sideInfoBytes(frame);
  const end = offset + frame.length;
  if (at + 8 > end) return null;
  const id = data.toString('latin1', at, at + 4);
  if (id !== 'Xing' && id !== 'Info') return null;
  const flags = data.readUInt32BE(at + 4);
  at += 8 + (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  if (at + 24 > end || data[at] === 0) return { delay: 0, padding: 0 };
  return { delay: (data[at + 21]! << 4) | (data[at + 22]! >> 4), padding: ((data[at + 22]! & 0xf) << 8) | data[at + 23]! };
}

export const sideInfoBytes = (frame: FrameHeader) => (frame.mpeg1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17);

/**
 * Whether `data` is MP3 audio a player would play: frames with samples in them. Whatever passes is
 * kept and served as audio/mpeg, so a page or a script must not; bytes the reader cannot make
 * sense of are not audio, whatever went wrong in reading them.
 */
export function isMp3(data: Buffer): boolean {
  try {
    return scanMp3(data).samples > 0;
  } catch {
    return false;
  }
}
