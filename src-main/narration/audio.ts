/**
 * A page's narration as MP3, the one audio type every EPUB 3 reading system must play: decoded
 * to samples for word timing, encoded from samples (a recording, or the fake speech of tests), and
 * measured from its frames for the book's audio, all without leaving plain Node (LAME and mpg123
 * run as WebAssembly).
 */
import { MPEGDecoder } from 'mpg123-decoder';
import { createMp3Encoder, type WasmMediaEncoder } from 'wasm-media-encoders';
import { frameHeaderAt, NotMp3Error, scanMp3, sideInfoBytes } from '@storysprout/shared/mp3-frames';
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
  const expected = mp3Stream(data);
  const decoded = await decoders.use(async (codec) => {
    if (codec.used) await codec.decoder.reset();
    codec.used = true;
    return codec.decoder.decode(data);
  });
  if (decoded.samplesDecoded === 0 && expected.samples > 0) throw new InvalidInputError(new NotMp3Error().message);
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
  const stream = mp3Stream(data);
  return (stream.samples / stream.sampleRate) * 1000;
}

/** The stream's samples and rate, refused in the family's words when the bytes hold no MP3. */
function mp3Stream(data: Buffer) {
  try {
    return scanMp3(data);
  } catch (error) {
    if (error instanceof NotMp3Error) throw new InvalidInputError(error.message);
    throw error;
  }
}

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

