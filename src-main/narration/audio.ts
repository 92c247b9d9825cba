/**
 * A page's narration as MP3, the one audio type every EPUB 3 reading system must play: decoded
 * to samples for word timing, encoded from samples (a recording, or the fake speech of tests), and
 * measured from its frames for the book's audio, all without leaving plain Node (LAME and mpg123
 * run as WebAssembly).
 */
import { MPEGDecoder } from 'mpg123-decoder';
import { createMp3Encoder, type WasmMediaEncoder } from 'wasm-media-encoders';
import { InvalidInputError } from '../errors';

export interface DecodedAudio {
  /** Mono: a stereo file's channels are averaged. */
  samples: Float32Array;
  sampleRate: number;
  /** samples / sampleRate, in milliseconds, not rounded. */
  durationMs: number;
}

/** Plenty for speech, and what a page of a picture book costs: about 8 KB a second. */
const BITRATE_KBPS = 64;
/** The sample rates an MP3 can carry (MPEG-1, MPEG-2 and MPEG-2.5), lowest first. */
const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
type Mp3SampleRate = (typeof MP3_SAMPLE_RATES)[number];
/** LAME starts every stream this many samples late (its ENCDELAY), and says so in the LAME tag. */
const LAME_ENCODER_DELAY = 576;
/** Samples handed to LAME at a time, so its buffers in WebAssembly memory stay small for a long page. */
const ENCODE_CHUNK = 1152 * 16;
/** How long a codec instance is kept after its last use. */
const CODEC_IDLE_MS = 30_000;

/**
 * One codec instance kept between uses, because instantiating the WebAssembly costs tens of
 * milliseconds and a book has dozens of pages. Uses take turns, since the instance holds the state
 * of one stream, and it is let go after a quiet spell so an idle app holds no codec memory.
 */
class SharedCodec<T> {
  readonly #create: () => Promise<T>;
  readonly #release: (codec: T) => void;
  #instance: Promise<T> | null = null;
  #turn: Promise<unknown> = Promise.resolve();
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(create: () => Promise<T>, release: (codec: T) => void) {
    this.#create = create;
    this.#release = release;
  }

  use<R>(work: (codec: T) => R | Promise<R>): Promise<R> {
    const result = this.#turn.then(async () => {
      clearTimeout(this.#idleTimer);
      this.#instance ??= this.#create();
      try {
        return await work(await this.#instance);
      } catch (error) {
        // The instance may be mid-stream or never have been made: the next use starts afresh.
        this.#drop();
        throw error;
      }
    });
    this.#turn = result.then(
      () => this.#releaseWhenIdle(),
      () => this.#releaseWhenIdle(),
    );
    return result;
  }

  #releaseWhenIdle() {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.#drop(), CODEC_IDLE_MS);
    this.#idleTimer.unref();
  }

  #drop() {
    const instance = this.#instance;
    this.#instance = null;
    void instance?.then(this.#release, () => undefined);
  }
}

/** mpg123 decodes one stream per instance; `reset` readies it for the next from the module it already compiled. */
const decoders = new SharedCodec(
  async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    return { decoder, used: false };
  },
  ({ decoder }) => decoder.free(),
);

/** LAME's `configure` frees the last stream's encoder and starts a new one in the same instance; the instance goes with its last reference. */
const encoders = new SharedCodec<WasmMediaEncoder<'audio/mpeg'>>(createMp3Encoder, () => undefined);

export async function decodeMp3(data: Buffer): Promise<DecodedAudio> {
  // Checked here first: mpg123 skips anything that is not a frame and would answer silence.
  const expected = scanMp3(data);
  const decoded = await decoders.use(async (codec) => {
    if (codec.used) await codec.decoder.reset();
    codec.used = true;
    return codec.decoder.decode(data);
  });
  if (decoded.samplesDecoded === 0 && expected.samples > 0) throw notMp3();
  const channels = decoded.channelData;
  const samples = new Float32Array(decoded.samplesDecoded);
  for (const channel of channels) {
    for (let index = 0; index < samples.length; index++) samples[index]! += channel[index]! / channels.length;
  }
  const sampleRate = decoded.sampleRate || expected.sampleRate;
  return { samples, sampleRate, durationMs: (samples.length / sampleRate) * 1000 };
}

/**
 * Mono MP3 at 64 kbps, at the samples' own rate where MP3 has it (else LAME resamples to the next
 * rate up, 48 kHz at most), with a LAME tag giving the encoder delay and padding so players that
 * honour it (mpg123, FFmpeg, browsers) play exactly these samples, neither late nor long.
 */
export async function encodeMp3(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`A sample rate is a whole number of samples a second, not ${sampleRate}`);
  const outputRate = MP3_SAMPLE_RATES.find((rate) => rate >= sampleRate) ?? 48000;
  const frames = await encoders.use((encoder) => {
    encoder.configure({ channels: 1, sampleRate, bitrate: BITRATE_KBPS, outputSampleRate: outputRate });
    const parts: Buffer[] = [];
    for (let offset = 0; offset < samples.length; offset += ENCODE_CHUNK) {
      // The encoder owns the bytes it returns until its next call, so each part is copied.
      parts.push(Buffer.from(encoder.encode([samples.subarray(offset, offset + ENCODE_CHUNK)])));
    }
    parts.push(Buffer.from(encoder.finalize()));
    return Buffer.concat(parts);
  });
  const outputSamples = Math.round((samples.length * outputRate) / sampleRate);
  return Buffer.concat([lameTagFrame(frames, outputRate, outputSamples), frames]);
}

/**
 * How long the MP3 plays, from its frame headers: frames × samples per frame, less the encoder
 * delay and padding its LAME tag gives, if it has one. ID3 tags and junk between frames are
 * skipped as players skip them.
 */
export function mp3DurationMs(data: Buffer): number {
  const stream = scanMp3(data);
  return (stream.samples / stream.sampleRate) * 1000;
}

interface FrameHeader {
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

function frameHeaderAt(data: Buffer, offset: number): FrameHeader | null {
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
function scanMp3(data: Buffer): { samples: number; sampleRate: number } {
  const first = nextConfirmedFrame(data, afterId3v2(data));
  if (!first) throw notMp3();
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

const sideInfoBytes = (frame: FrameHeader) => (frame.mpeg1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17);

/**
 * An Info frame (the Xing tag of a constant-bitrate stream) with a LAME extension, as LAME writes
 * when it encodes to a file: the wasm build encodes to memory and leaves it out, and without it a
 * player adds LAME's 576-sample delay, its own 529 and the last frame's padding to every page.
 */
function lameTagFrame(frames: Buffer, sampleRate: Mp3SampleRate, samples: number): Buffer {
  const first = frameHeaderAt(frames, 0);
  if (!first) throw new Error('LAME gave no MP3 frames');
  const count = scanMp3(frames).samples / first.samples;
  // The same header without the padding bit: at 64 kbps every rate's frame has room for the tag and its CRC (192 bytes or more).
  const header = frames.readUInt32BE(0);
  const length = first.length - ((header >>> 9) & 1);
  const tag = Buffer.alloc(length);
  tag.writeUInt32BE((header & ~0x200) >>> 0, 0);
  let at = 4 + sideInfoBytes(first);
  tag.write('Info', at, 'latin1');
  tag.writeUInt32BE(0x3, at + 4); // frames and bytes follow
  tag.writeUInt32BE(count, at + 8);
  tag.writeUInt32BE(length + frames.length, at + 12);
  at += 16;
  tag.write('LAME3.100', at, 'latin1');
  tag[at + 9] = 0x01; // tag revision 0, constant bitrate
  tag[at + 20] = BITRATE_KBPS;
  const padding = Math.min(0xfff, Math.max(0, count * first.samples - LAME_ENCODER_DELAY - samples));
  tag[at + 21] = LAME_ENCODER_DELAY >> 4;
  tag[at + 22] = ((LAME_ENCODER_DELAY & 0xf) << 4) | (padding >> 8);
  tag[at + 23] = padding & 0xff;
  tag[at + 24] = sampleRate <= 32000 ? 0x00 : sampleRate === 44100 ? 0x40 : 0x80; // source rate; mono, no noise shaping
  tag.writeUInt32BE(length + frames.length, at + 28);
  tag.writeUInt16BE(crc16(frames), at + 32);
  tag.writeUInt16BE(crc16(tag.subarray(0, 190)), at + 34);
  return tag;
}

/** CRC-16 with polynomial 0x8005, reflected, from 0: what the LAME tag uses for the audio and for itself. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

const notMp3 = () => new InvalidInputError('That sound is not an MP3: no MP3 audio was found in it.');
