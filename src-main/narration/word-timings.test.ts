import fc from 'fast-check';
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { pageWords } from '@storysprout/shared/page-words';
import { fakeOpenAI, fakeSpeech, speechRequests, transcriptionRequests, type FakeSpeech } from '../../tests/fakes/openai-server';
import { decodeMp3, encodeMp3, type DecodedAudio } from './audio';
import { findSilences, timingsFromSyllables, timingsFromTranscript, type HeardWord, type WordTiming } from './word-timings';

const PAGE =
  'Once upon a time, a small brown hedgehog called Hazel lived beside a quiet pond. Every morning she watched the otters splash and dive, and every morning she wished, “Oh, if only I could swim too!”';

/** What a transcription service hears of the fake voice: every spoken word, bare, where its tone is. */
const heardOf = (speech: FakeSpeech): HeardWord[] =>
  speech.words.map(({ word, startMs, endMs }) => ({ word: word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''), startMs, endMs }));

/** The promises every timing keeps, whatever it was made from. */
function expectLegal(timings: WordTiming[], text: string, durationMs: number) {
  expect(timings.map((timing) => timing.word)).toEqual(pageWords(text));
  let previousEnd = 0;
  for (const { startMs, endMs } of timings) {
    expect(Number.isInteger(startMs) && Number.isInteger(endMs)).toBe(true);
    expect(startMs).toBeGreaterThanOrEqual(previousEnd);
    expect(endMs).toBeGreaterThan(startMs);
    expect(endMs).toBeLessThanOrEqual(durationMs);
    previousEnd = endMs;
  }
}

/** The furthest any word's start or end is from its tone's. */
function worstMissMs(timings: WordTiming[], speech: FakeSpeech): number {
  const spoken = timings.filter((timing) => /[\p{L}\p{N}]/u.test(timing.word));
  expect(spoken.map((timing) => timing.word)).toEqual(speech.words.map((word) => word.word));
  return Math.max(...spoken.flatMap((timing, index) => [Math.abs(timing.startMs - speech.words[index]!.startMs), Math.abs(timing.endMs - speech.words[index]!.endMs)]));
}

/** Audio made of stretches of tone and silence, for the aligner to follow. */
function audioOf(stretches: { ms: number; loud: number }[], sampleRate = 8000): DecodedAudio {
  const samples = new Float32Array(Math.round((sum(stretches.map((stretch) => stretch.ms)) * sampleRate) / 1000));
  let at = 0;
  for (const { ms, loud } of stretches) {
    const length = Math.round((ms * sampleRate) / 1000);
    for (let index = 0; index < length; index++) samples[at + index] = loud * Math.sin((2 * Math.PI * 300 * index) / sampleRate);
    at += length;
  }
  return { samples, sampleRate, durationMs: (samples.length / sampleRate) * 1000 };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

const pageWord = fc.oneof(
  fc.constantFrom('Hazel', 'swam,', '“Oh!”', 'don’t', '—', '…', 'ice-cream', '3', 'three', 'niño', '猫が走った。', 'Ωμέγα', 'x'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);
const pageText = fc.array(pageWord, { maxLength: 30 }).map((words) => words.join(' '));

describe('word timings from a transcript', () => {
  it('keeps one legal timing per page word, in order, whatever the service heard', () => {
    fc.assert(
      fc.property(
        pageText,
        fc.array(
          fc.record({
            word: fc.oneof(pageWord, fc.constantFrom('hazel', 'ice', 'cream', 'Oh', 'dont')),
            startMs: fc.oneof(fc.integer({ min: -500, max: 20_000 }), fc.double({ noNaN: false })),
            endMs: fc.oneof(fc.integer({ min: -500, max: 20_000 }), fc.double({ noNaN: false })),
          }),
          { maxLength: 40 },
        ),
        fc.double({ min: 0, max: 15_000, noNaN: true }),
        (text, heard, extraMs) => {
          const durationMs = pageWords(text).length + extraMs;
          expectLegal(timingsFromTranscript(text, heard, durationMs), text, durationMs);
        },
      ),
    );
  });

  it('takes each word’s time from the service where it heard the word, punctuation, quotes and case aside', async () => {
    const speech = await fakeSpeech(PAGE);
    const timings = timingsFromTranscript(PAGE, heardOf(speech), speech.durationMs);
    expectLegal(timings, PAGE, speech.durationMs);
    expect(worstMissMs(timings, speech)).toBe(0);
  });

  it('gives a word the service missed the gap it sits in', () => {
    const heard = [
      { word: 'Hazel', startMs: 100, endMs: 400 },
      { word: 'the', startMs: 900, endMs: 1000 },
      { word: 'hedgehog', startMs: 1000, endMs: 1500 },
    ];
    expect(timingsFromTranscript('Hazel swam the hedgehog', heard, 2000)).toEqual([
      { word: 'Hazel', startMs: 100, endMs: 400 },
      { word: 'swam', startMs: 400, endMs: 900 },
      { word: 'the', startMs: 900, endMs: 1000 },
      { word: 'hedgehog', startMs: 1000, endMs: 1500 },
    ]);
  });

  it('shares a gap among missed words by their syllables and letters, and takes time from the neighbours when the gap is too short for them', () => {
    const wide = timingsFromTranscript('Hazel swam beautifully home', [
      { word: 'Hazel', startMs: 0, endMs: 400 },
      { word: 'home', startMs: 1400, endMs: 1700 },
    ], 2000);
    // "swam" weighs 1 syllable + 0.3 × 4 letters = 2.2, "beautifully" 4 + 0.3 × 11 = 7.3.
    expect(wide.slice(1, 3)).toEqual([
      { word: 'swam', startMs: 400, endMs: 632 },
      { word: 'beautifully', startMs: 632, endMs: 1400 },
    ]);
    const squeezed = timingsFromTranscript('Hazel swam home', [
      { word: 'Hazel', startMs: 0, endMs: 400 },
      { word: 'home', startMs: 400, endMs: 700 },
    ], 1000);
    expect(squeezed[1]!.endMs - squeezed[1]!.startMs).toBeGreaterThanOrEqual(100);
    expect(squeezed[0]!.startMs).toBe(0);
    expect(squeezed[2]!.endMs).toBe(700);
  });

  it('puts missed words at the start or end just before or after the speech, at the speaker’s pace', () => {
    // Words of one syllable and three letters each: the two heard took 300 ms apiece, so do the two missed.
    const timings = timingsFromTranscript('Yes the cat ran', [
      { word: 'the', startMs: 2000, endMs: 2300 },
      { word: 'cat', startMs: 2400, endMs: 2700 },
    ], 9000);
    expect(timings[0]).toEqual({ word: 'Yes', startMs: 1700, endMs: 2000 });
    expect(timings[3]).toEqual({ word: 'ran', startMs: 2700, endMs: 3000 });
  });

  it('ignores words the service heard that are not on the page', () => {
    const timings = timingsFromTranscript('Hazel swam', [
      { word: 'um', startMs: 0, endMs: 200 },
      { word: 'Hazel', startMs: 300, endMs: 600 },
      { word: 'uh', startMs: 700, endMs: 800 },
      { word: 'swam', startMs: 900, endMs: 1200 },
      { word: 'thank you', startMs: 1300, endMs: 1500 },
    ], 2000);
    expect(timings).toEqual([
      { word: 'Hazel', startMs: 300, endMs: 600 },
      { word: 'swam', startMs: 900, endMs: 1200 },
    ]);
  });

  it('matches a misheard word to the page word it sounds like, numbers as digits or words, split or joined words', () => {
    const timings = timingsFromTranscript('Hazle ate 3 ice-cream cones with twenty-one friends under the sun flower', [
      { word: 'Hazel', startMs: 0, endMs: 300 },
      { word: 'ate', startMs: 300, endMs: 500 },
      { word: 'three', startMs: 500, endMs: 800 },
      { word: 'ice', startMs: 800, endMs: 1000 },
      { word: 'cream', startMs: 1000, endMs: 1300 },
      { word: 'cones', startMs: 1300, endMs: 1600 },
      { word: 'with', startMs: 1600, endMs: 1800 },
      { word: '21', startMs: 1800, endMs: 2300 },
      { word: 'friends', startMs: 2300, endMs: 2700 },
      { word: 'under', startMs: 2700, endMs: 3000 },
      { word: 'the', startMs: 3000, endMs: 3100 },
      { word: 'sunflower', startMs: 3100, endMs: 3700 },
    ], 4000);
    expect(timings.map(({ startMs, endMs }) => [startMs, endMs])).toEqual([
      [0, 300],
      [300, 500],
      [500, 800],
      [800, 1300],
      [1300, 1600],
      [1600, 1800],
      [1800, 2300],
      [2300, 2700],
      [2700, 3000],
      [3000, 3100],
      // "sun" weighs 1 syllable + 0.3 × 3 letters = 1.9, "flower" 2 + 0.3 × 6 = 3.8.
      [3100, 3300],
      [3300, 3700],
    ]);
  });

  it('follows a page in another language, accents heard or not', () => {
    const timings = timingsFromTranscript('¿Dónde está el niño? —preguntó Mamá.', [
      { word: 'Dónde', startMs: 100, endMs: 400 },
      { word: 'esta', startMs: 400, endMs: 700 },
      { word: 'el', startMs: 700, endMs: 800 },
      { word: 'nino', startMs: 800, endMs: 1200 },
      { word: 'pregunto', startMs: 1500, endMs: 2000 },
      { word: 'mama', startMs: 2000, endMs: 2400 },
    ], 3000);
    expect(timings.map(({ startMs }) => startMs)).toEqual([100, 400, 700, 800, 1500, 2000]);
  });

  it('matches words written without spaces to the pieces heard of them, and else shares what was heard by their syllables', () => {
    const heard = [
      { word: '猫', startMs: 500, endMs: 700 },
      { word: 'が', startMs: 700, endMs: 800 },
      { word: '走っ', startMs: 800, endMs: 1200 },
      { word: 'た', startMs: 1200, endMs: 1400 },
    ];
    expect(timingsFromTranscript('猫が 走った。', heard, 2000)).toEqual([
      { word: '猫が', startMs: 500, endMs: 800 },
      { word: '走った。', startMs: 800, endMs: 1400 },
    ]);
    // Heard in kana, the kanji match nothing: the words share what was heard, 500–1400 ms, a syllable and a letter for each character.
    const inKana = [
      { word: 'ねこ', startMs: 500, endMs: 700 },
      { word: 'が', startMs: 700, endMs: 800 },
      { word: 'はしっ', startMs: 800, endMs: 1200 },
      { word: 'た', startMs: 1200, endMs: 1400 },
    ];
    expect(timingsFromTranscript('猫が走った。 はい', inKana, 2000)).toEqual([
      { word: '猫が走った。', startMs: 500, endMs: 1143 },
      { word: 'はい', startMs: 1143, endMs: 1400 },
    ]);
    expect(timingsFromTranscript('Hazel swam', [], 1000)).toEqual([
      { word: 'Hazel', startMs: 0, endMs: 614 },
      { word: 'swam', startMs: 614, endMs: 1000 },
    ]);
  });

  it('has nothing to time on an empty page, and refuses audio too short for its words', () => {
    expect(timingsFromTranscript('  ', [], 0)).toEqual([]);
    expect(() => timingsFromTranscript('one two three', [], 2.5)).toThrow(RangeError);
    expect(() => timingsFromTranscript('one', [], Infinity)).toThrow(RangeError);
  });
});

describe('word timings from the audio alone', () => {
  it('keeps one legal timing per page word, in order, whatever the audio', () => {
    const stretch = fc.record({ ms: fc.integer({ min: 1, max: 700 }), loud: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })) });
    fc.assert(
      fc.property(pageText, fc.array(stretch, { maxLength: 20 }), (text, stretches) => {
        const audio = audioOf([...stretches, { ms: pageWords(text).length + 1, loud: 0 }]);
        expectLegal(timingsFromSyllables(text, audio), text, audio.durationMs);
      }),
      { numRuns: 200 },
    );
  });

  it.each([1, 1.3, 0.8])('follows the fake voice at speed %s to within 80 ms of each word’s tone', async (speed) => {
    const speech = await fakeSpeech(PAGE, { speed });
    const audio = await decodeMp3(speech.mp3);
    const timings = timingsFromSyllables(PAGE, audio);
    expectLegal(timings, PAGE, audio.durationMs);
    expect(worstMissMs(timings, speech)).toBeLessThanOrEqual(80);
  });

  it('shares a stretch of voice without pauses among its words by their syllables and letters, after the silence before it', () => {
    const audio = audioOf([
      { ms: 300, loud: 0 },
      { ms: 900, loud: 0.5 },
      { ms: 300, loud: 0 },
      { ms: 500, loud: 0.5 },
      { ms: 200, loud: 0 },
    ]);
    // "Hello" weighs 2 syllables + 0.3 × 5 letters = 3.5, "there" 1 + 0.3 × 5 = 2.5.
    expect(timingsFromSyllables('Hello there, friend!', audio)).toEqual([
      { word: 'Hello', startMs: 300, endMs: 825 },
      { word: 'there,', startMs: 825, endMs: 1200 },
      { word: 'friend!', startMs: 1500, endMs: 2000 },
    ]);
  });

  it('takes a pause the voice could part the words at either way as the one after punctuation', () => {
    const audio = audioOf([
      { ms: 200, loud: 0 },
      { ms: 500, loud: 0.5 },
      { ms: 250, loud: 0 },
      { ms: 500, loud: 0.5 },
      { ms: 200, loud: 0 },
    ]);
    // Five words alike (a syllable and three letters): three then two fit the stretches as well as two then three.
    expect(timingsFromSyllables('one two six, ten red', audio).map((timing) => timing.endMs)).toEqual([367, 533, 700, 1200, 1450]);
    expect(timingsFromSyllables('one two, six ten red', audio).map((timing) => timing.endMs)).toEqual([450, 700, 1117, 1283, 1450]);
  });

  it('passes over a pause that no split of the words fits, as a stop within a word', () => {
    const audio = audioOf([
      { ms: 200, loud: 0 },
      { ms: 400, loud: 0.5 },
      { ms: 120, loud: 0 },
      { ms: 600, loud: 0.5 },
      { ms: 250, loud: 0 },
      { ms: 600, loud: 0.5 },
      { ms: 200, loud: 0 },
    ]);
    const timings = timingsFromSyllables('Hippopotamus swims slowly', audio);
    expect(timings[0]).toEqual({ word: 'Hippopotamus', startMs: 200, endMs: 1320 });
    expect(timings[1]!.startMs).toBe(1570);
  });

  it('gives the words the whole speech when it breaks off more often than they could', () => {
    const stuttered = Array.from({ length: 9 }, () => [
      { ms: 100, loud: 0 },
      { ms: 100, loud: 0.5 },
    ]).flat();
    expect(timingsFromSyllables('Hi', audioOf([...stuttered, { ms: 100, loud: 0 }]))).toEqual([{ word: 'Hi', startMs: 100, endMs: 1800 }]);
  });

  it('shares the whole page when the audio is silent', () => {
    const audio = audioOf([{ ms: 1000, loud: 0 }]);
    expect(timingsFromSyllables('Shh now', audio)).toEqual([
      { word: 'Shh', startMs: 0, endMs: 500 },
      { word: 'now', startMs: 500, endMs: 1000 },
    ]);
  });
});

describe('silences in the audio', () => {
  const stretches = [
    { ms: 250, loud: 0 },
    { ms: 400, loud: 0.6 },
    { ms: 150, loud: 0 },
    { ms: 400, loud: 0.6 },
    { ms: 40, loud: 0 },
    { ms: 400, loud: 0.6 },
    { ms: 300, loud: 0 },
  ];

  it('finds the silence before and after the speech and the pauses within it, but not a consonant’s gap', () => {
    expect(findSilences(audioOf(stretches))).toEqual([
      { startMs: 0, endMs: 250 },
      { startMs: 650, endMs: 800 },
      { startMs: 1640, endMs: 1940 },
    ]);
  });

  it('finds a few words in a long quiet recording', () => {
    expect(findSilences(audioOf([{ ms: 6000, loud: 0 }, { ms: 300, loud: 0.3 }, { ms: 4000, loud: 0 }]))).toEqual([
      { startMs: 0, endMs: 6000 },
      { startMs: 6300, endMs: 10300 },
    ]);
  });

  it('finds the same pauses in a soft voice, and over a room’s hum', () => {
    const soft = audioOf(stretches.map((stretch) => ({ ...stretch, loud: stretch.loud * 0.02 })));
    expect(findSilences(soft)).toEqual(findSilences(audioOf(stretches)));
    const hummed = audioOf(stretches);
    for (let index = 0; index < hummed.samples.length; index++) hummed.samples[index]! += 0.02 * Math.sin((2 * Math.PI * 50 * index) / hummed.sampleRate);
    const found = findSilences(hummed);
    expect(found).toHaveLength(3);
    found.forEach((silence, index) => {
      expect(Math.abs(silence.startMs - [0, 650, 1640][index]!)).toBeLessThanOrEqual(10);
      expect(Math.abs(silence.endMs - [250, 800, 1940][index]!)).toBeLessThanOrEqual(10);
    });
  });
});

describe('a page narrated by the speech service and aligned through the transcription service', () => {
  it('aligns a page spoken by the speech service to its words through the transcription service', async () => {
    const server = await fakeOpenAI();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const spoken = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: PAGE, response_format: 'mp3' });
    expect(spoken.headers.get('content-type')).toBe('audio/mpeg');
    const mp3 = Buffer.from(await spoken.arrayBuffer());
    const heard = await client.audio.transcriptions.create({
      file: await toFile(mp3, 'page.mp3', { type: 'audio/mpeg' }),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word'],
    });
    const audio = await decodeMp3(mp3);
    expect(heard.duration * 1000).toBeCloseTo(audio.durationMs, 6);
    expect(heard.words?.map((word) => word.word)).toEqual(PAGE.split(' ').map((word) => word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')));
    const timings = timingsFromTranscript(PAGE, heard.words!.map((word) => ({ word: word.word, startMs: word.start * 1000, endMs: word.end * 1000 })), audio.durationMs);
    const truth = await fakeSpeech(PAGE);
    expect(worstMissMs(timings, truth)).toBe(0);
    expect(speechRequests(server)).toEqual([{ model: 'gpt-4o-mini-tts', voice: 'coral', input: PAGE, response_format: 'mp3' }]);
    expect(transcriptionRequests(server)).toMatchObject([{ model: 'whisper-1', response_format: 'verbose_json', timestamp_granularities: ['word'], file: mp3, filename: 'page.mp3' }]);
  });

  it('hears nothing in audio the fake voice did not make, and only mp3 is spoken', async () => {
    const server = await fakeOpenAI();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const recording = await encodeMp3(audioOf([{ ms: 1500, loud: 0.5 }], 24000).samples, 24000);
    const heard = await client.audio.transcriptions.create({ file: await toFile(recording, 'page.mp3'), model: 'whisper-1', response_format: 'verbose_json', timestamp_granularities: ['word'] });
    expect(heard).toMatchObject({ text: '', words: [], duration: 1.5 });
    await expect(client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello', response_format: 'wav' })).rejects.toMatchObject({ status: 400, param: 'response_format' });
  });
});
