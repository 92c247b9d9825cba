/**
 * When each word of a page is spoken in its narration, so the reader can light the word the voice
 * is on: from what a transcription service heard and when, or, with no service, from the audio
 * alone (the words share the speech by their syllables, their boundaries drawn to the pauses in it).
 */
import { distance } from 'fastest-levenshtein';
import { syllable } from 'syllable';
import { pageWords } from '@storysprout/shared/page-words';
import type { DecodedAudio } from './audio';

/** Exactly one for each of `pageWords(text)`, in order, in whole milliseconds: non-empty, non-overlapping, within the audio. */
export interface WordTiming {
  word: string;
  startMs: number;
  endMs: number;
}

/** A word as a transcription service heard it, in any spelling, with or without punctuation. */
export interface HeardWord {
  word: string;
  startMs: number;
  endMs: number;
}

export interface Silence {
  startMs: number;
  endMs: number;
}

/** About four syllables a second, a relaxed narration's pace (a word of one syllable and four letters weighs 2.2); used only where nothing was measured. */
const DEFAULT_MS_PER_WEIGHT = 115;
/** Words a service missed get at least this share of the pace measured on the words it heard, taken from their neighbours if need be. */
const HURRIED_PACE = 0.5;
/** A word heard close enough to a page word to be that word (1 − edit distance / length). */
const SAME_WORD_SIMILARITY = 0.5;
/** Punctuation standing alone ("—", "…") is not spoken: it is lit only in passing, or through a pause it stands for. */
const UNSPOKEN_WEIGHT = 0.05;
const LETTER_WEIGHT = 0.3;

/**
 * Times the page's words by the words a transcription service heard: each page word is matched to
 * the heard word (or two) it sounds like, in order, and the words it missed share the time between
 * the heard words around them by their syllables. Heard words that are not on the page are ignored.
 */
export function timingsFromTranscript(text: string, heard: HeardWord[], durationMs: number): WordTiming[] {
  const words = pageWords(text);
  if (words.length === 0) return [];
  const limitMs = checkedLimit(words, durationMs);
  const usable = heard
    .filter((word) => Number.isFinite(word.startMs) && Number.isFinite(word.endMs) && spokenForm(word.word) !== '')
    .map((word) => ({ form: spokenForm(word.word), startMs: clamp(word.startMs, 0, limitMs), endMs: clamp(Math.max(word.startMs, word.endMs), 0, limitMs) }))
    .sort((a, b) => a.startMs - b.startMs);
  const weights = words.map(syllableWeight);
  const wanted: (Span | null)[] = words.map(() => null);
  for (const match of alignWords(words.map(spokenForm), usable.map((word) => word.form))) {
    const group = usable.slice(match.heard, match.heard + match.heardCount);
    const span = { startMs: Math.min(...group.map((word) => word.startMs)), endMs: Math.max(...group.map((word) => word.endMs)) };
    shareByWeight(wanted, weights, match.page, match.page + match.pageCount, span);
  }
  fillMissedWords(wanted, weights, usable, limitMs);
  return legalTimings(words, wanted as Span[], limitMs);
}

/**
 * Times the page's words from the audio alone. The speech (the audio less the silence before and
 * after it) falls into stretches of voice between pauses; the words are fitted to them so that
 * each pause ends a word and each stretch holds words whose syllables suit its length at the
 * speaker's pace, and a stretch's words share it by their syllables. A pause is passed over (taken
 * as within a word, or a hesitation) only where splitting the words there would fit worse.
 */
export function timingsFromSyllables(text: string, audio: DecodedAudio): WordTiming[] {
  const words = pageWords(text);
  if (words.length === 0) return [];
  const limitMs = checkedLimit(words, audio.durationMs);
  const silences = findSilences(audio);
  const leading = silences[0]?.startMs === 0 ? silences[0] : null;
  const trailing = silences.at(-1)?.endMs === limitMs ? silences.at(-1)! : null;
  let speech: Span = { startMs: leading?.endMs ?? 0, endMs: trailing?.startMs ?? limitMs };
  // Silence throughout: nothing to follow, so the words share the whole page.
  if (speech.endMs <= speech.startMs) speech = { startMs: 0, endMs: limitMs };
  const pauses = silences.filter((silence) => silence.startMs > speech.startMs && silence.endMs < speech.endMs);
  const pausable = words.map((word) => PAUSING_PUNCTUATION.test(word));
  return legalTimings(words, fitToVoice(words.map(syllableWeight), pausable, speech, pauses), limitMs);
}

/** RMS over this window, moved on by the hop: long enough to even out a voice's pitch, short enough to find a pause between two words. */
const WINDOW_MS = 20;
const HOP_MS = 10;
/** A quieter stretch inside the speech must last this long to be a pause between words rather than a consonant's closure (a "t" or "p" is silent for about 50–100 ms). */
const MIN_PAUSE_MS = 80;
/**
 * Quiet is relative to the speech: 30 dB under its loudest (the 99th percentile of the windows, so
 * a page of a few words in a long recording still counts), and over the recording's own hum (twice
 * its 10th percentile) when a room is noisier than that, but never within 20 dB of the loudest.
 */
const QUIET_UNDER_LOUDEST = 0.03;
const QUIET_OVER_NOISE = 2;
const QUIET_AT_MOST = 0.1;
/** Below about −80 dBFS nothing is speech, however quiet the rest. */
const INAUDIBLE_RMS = 1e-4;

/**
 * The quiet stretches of the audio: at its start and end, of any length, and inside it those long
 * enough to be a pause between words. "Quiet" is measured against the speech's own loudness, so a
 * soft-spoken recording pauses as a loud one does.
 */
export function findSilences(audio: DecodedAudio): Silence[] {
  const limitMs = Math.floor(audio.durationMs);
  const perMs = audio.sampleRate / 1000;
  const windowSamples = Math.max(1, Math.round(WINDOW_MS * perMs));
  const hopSamples = Math.max(1, Math.round(HOP_MS * perMs));
  const levels: number[] = [];
  for (let start = 0; start < audio.samples.length; start += hopSamples) {
    const end = Math.min(audio.samples.length, start + windowSamples);
    let energy = 0;
    for (let index = start; index < end; index++) energy += audio.samples[index]! ** 2;
    levels.push(Math.sqrt(energy / (end - start)));
  }
  if (levels.length === 0) return [];
  const sorted = levels.toSorted((a, b) => a - b);
  const loudest = sorted[Math.floor((sorted.length - 1) * 0.99)]!;
  if (loudest < INAUDIBLE_RMS) return [{ startMs: 0, endMs: limitMs }];
  const noise = sorted[Math.floor((sorted.length - 1) * 0.1)]!;
  const quiet = clamp(noise * QUIET_OVER_NOISE, loudest * QUIET_UNDER_LOUDEST, loudest * QUIET_AT_MOST);
  const silences: Silence[] = [];
  for (let first = 0; first < levels.length; first++) {
    if (levels[first]! >= quiet) continue;
    let last = first;
    while (last + 1 < levels.length && levels[last + 1]! < quiet) last++;
    const startMs = first === 0 ? 0 : Math.round((first * hopSamples) / perMs);
    const endMs = last === levels.length - 1 ? limitMs : Math.min(limitMs, Math.round((last * hopSamples + windowSamples) / perMs));
    const atEdge = first === 0 || last === levels.length - 1;
    if (endMs > startMs && (atEdge || endMs - startMs >= MIN_PAUSE_MS)) silences.push({ startMs, endMs });
    first = last;
  }
  return silences;
}

interface Span {
  startMs: number;
  endMs: number;
}

/**
 * How long a word takes to say, in syllables (one for each CJK character), plus a little for each
 * letter, since a syllable's consonants lengthen it ("splash" takes longer than "a"): on words
 * spoken by espeak-ng this cut the syllable aligner's mean miss from 80 to 50 ms. Punctuation
 * standing alone gets a sliver.
 */
function syllableWeight(word: string): number {
  const spoken = word.normalize('NFKC').replace(/[^\p{L}\p{N}\p{M}]/gu, '');
  if (spoken === '') return UNSPOKEN_WEIGHT;
  const ideographs = spoken.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const rest = spoken.replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu, '').replace(/\d+/g, (digits) => englishNumber(Number(digits)) ?? digits);
  let syllables = 0;
  if (/^[a-z]+$/i.test(rest)) syllables = syllable(rest);
  else if (rest !== '') {
    // Other Latin (and Greek, Cyrillic) words: a syllable for each run of vowels, digits one each.
    const bare = rest.normalize('NFD').replace(/\p{M}/gu, '');
    syllables = (bare.match(/[aeiouyæøœаеёиоуыэюяαεηιουω]+/giu)?.length ?? 0) + (bare.match(/\d/g)?.length ?? 0);
    if (syllables === 0) syllables = Math.ceil(bare.length / 3);
  }
  return Math.max(1, ideographs + syllables) + LETTER_WEIGHT * spoken.length;
}

/** How a word sounds, as far as comparing spellings can tell: no case, accents kept, no punctuation or quotes of any kind, small numbers in words. */
function spokenForm(word: string): string {
  const letters = word.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}\p{M}]/gu, '');
  return /^\d+$/.test(letters) ? (englishNumber(Number(letters)) ?? letters) : letters;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0–99 as English words run together ("twentyone", as "twenty-one" becomes once punctuation goes): what a page writes and a service may hear as digits, or the other way round. */
function englishNumber(value: number): string | null {
  if (value < 20) return ONES[value]!;
  if (value < 100) return TENS[Math.floor(value / 10)]! + (value % 10 === 0 ? '' : ONES[value % 10]!);
  return null;
}

function similarity(a: string, b: string): number {
  return 1 - distance(a, b) / Math.max(a.length, b.length);
}

interface WordMatch {
  page: number;
  pageCount: number;
  heard: number;
  heardCount: number;
}

/**
 * The page words matched to heard words, in order, by the alignment whose matches are the most
 * alike in all. A page word may be heard as two ("ice-cream" as "ice" "cream"), and two page words
 * as one ("ice cream" as "icecream").
 */
function alignWords(page: string[], heard: string[]): WordMatch[] {
  const columns = heard.length + 1;
  const score = new Float64Array((page.length + 1) * columns);
  const step: (WordMatch | null)[] = Array.from({ length: score.length }, () => null);
  const at = (pageIndex: number, heardIndex: number) => pageIndex * columns + heardIndex;
  for (let pageIndex = 0; pageIndex <= page.length; pageIndex++) {
    for (let heardIndex = 0; heardIndex <= heard.length; heardIndex++) {
      if (pageIndex === 0 && heardIndex === 0) continue;
      let best = -1;
      let bestStep: WordMatch | null = null;
      // Skipping a page word (missed) or a heard word (not on the page) scores nothing.
      if (pageIndex > 0) best = score[at(pageIndex - 1, heardIndex)]!;
      if (heardIndex > 0 && score[at(pageIndex, heardIndex - 1)]! > best) best = score[at(pageIndex, heardIndex - 1)]!;
      for (const [pageCount, heardCount] of [
        [1, 1],
        [1, 2],
        [2, 1],
      ] as const) {
        if (pageIndex < pageCount || heardIndex < heardCount) continue;
        const said = page.slice(pageIndex - pageCount, pageIndex);
        // Punctuation standing alone is never heard: it is left to share a gap.
        if (said.includes('')) continue;
        const alike = similarity(said.join(''), heard.slice(heardIndex - heardCount, heardIndex).join(''));
        if (alike < SAME_WORD_SIMILARITY) continue;
        // Two words for one count once, so that "a cat" heard as "cat" matches "cat" and misses "a".
        const total = score[at(pageIndex - pageCount, heardIndex - heardCount)]! + alike;
        if (total > best) {
          best = total;
          bestStep = { page: pageIndex - pageCount, pageCount, heard: heardIndex - heardCount, heardCount };
        }
      }
      score[at(pageIndex, heardIndex)] = best;
      step[at(pageIndex, heardIndex)] = bestStep;
    }
  }
  const matches: WordMatch[] = [];
  for (let pageIndex = page.length, heardIndex = heard.length; pageIndex > 0 || heardIndex > 0; ) {
    const match = step[at(pageIndex, heardIndex)];
    if (match) {
      matches.unshift(match);
      pageIndex = match.page;
      heardIndex = match.heard;
    } else if (pageIndex > 0 && (heardIndex === 0 || score[at(pageIndex - 1, heardIndex)] === score[at(pageIndex, heardIndex)])) pageIndex--;
    else heardIndex--;
  }
  return matches;
}

/** Words [from, to) share the span in proportion to their weights, back to back. */
function shareByWeight(into: (Span | null)[], weights: number[], from: number, to: number, span: Span) {
  const total = sum(weights.slice(from, to));
  let before = 0;
  for (let index = from; index < to; index++) {
    const startMs = span.startMs + ((span.endMs - span.startMs) * before) / total;
    before += weights[index]!;
    into[index] = { startMs, endMs: span.startMs + ((span.endMs - span.startMs) * before) / total };
  }
}

/**
 * Gives the words the service missed the time between the heard words around them, by weight;
 * where that is too short for them at half the pace measured on the heard words, the neighbours
 * give up to half their own time. Missed words at the start or end take the time just before or
 * after the speech at that pace, and with nothing matched at all the words share the speech.
 */
function fillMissedWords(wanted: (Span | null)[], weights: number[], heard: Span[], limitMs: number) {
  const matched = wanted.flatMap((span, index) => (span ? [{ span, weight: weights[index]! }] : []));
  if (matched.length === 0) {
    const speech = heard.length > 0 ? { startMs: heard[0]!.startMs, endMs: Math.max(...heard.map((word) => word.endMs)) } : { startMs: 0, endMs: limitMs };
    shareByWeight(wanted, weights, 0, wanted.length, speech.endMs > speech.startMs ? speech : { startMs: 0, endMs: limitMs });
    return;
  }
  const matchedMs = sum(matched.map(({ span }) => span.endMs - span.startMs));
  const msPerWeight = matchedMs > 0 ? matchedMs / sum(matched.map(({ weight }) => weight)) : DEFAULT_MS_PER_WEIGHT;
  for (let from = 0; from < wanted.length; from++) {
    if (wanted[from]) continue;
    let to = from;
    while (to < wanted.length && !wanted[to]) to++;
    const before = wanted[from - 1] ?? null;
    const after = wanted[to] ?? null;
    const runMs = sum(weights.slice(from, to)) * msPerWeight;
    const gap: Span = {
      startMs: before ? before.endMs : Math.max(0, after!.startMs - runMs),
      endMs: after ? after.startMs : Math.min(limitMs, before!.endMs + runMs),
    };
    const short = runMs * HURRIED_PACE - (gap.endMs - gap.startMs);
    if (short > 0) {
      // Each neighbour gives up to half of itself; one that is missing gives nothing.
      const fromBefore = before ? Math.min(short / (after ? 2 : 1), (before.endMs - before.startMs) / 2) : 0;
      const fromAfter = after ? Math.min(short - fromBefore, (after.endMs - after.startMs) / 2) : 0;
      if (before) before.endMs = gap.startMs = gap.startMs - fromBefore;
      if (after) after.startMs = gap.endMs = gap.endMs + fromAfter;
    }
    shareByWeight(wanted, weights, from, to, gap);
    from = to;
  }
}

/** A run of words may sound up to this many times longer or shorter than its weight suggests at the page's pace. */
const MAX_PACE_RATIO = 4;
const PASSED_PAUSE_COST = 2;
/** Passing over more pauses than this in one run costs more than any fit it buys; the bound keeps a long page's search short. */
const MOST_PAUSES_PASSED = 6;
const UNPUNCTUATED_PAUSE_COST = 0.5;
/** A word ending a clause or sentence, where a reader aloud takes a breath: its punctuation, then any closing quotes or brackets. */
const PAUSING_PUNCTUATION = /[.,;:!?…—–][”’»"')\]]*$/u;

/**
 * The words placed on the stretches of voice between the pauses, by the cheapest split of the
 * words into runs, one run for each stretch or for several stretches and the pauses between
 * them. A run costs its weight times the squared log of how far its stretch is from the length
 * that weight takes at the pace of the whole page (a run of many words is held closer to it,
 * its words' differences evening out). Each pause passed over costs as much as a short word (a
 * syllable and four letters) taking nearly three times its time, since a pause of 80 ms or more is
 * nearly always between words, and a pause after a word with no punctuation at its end as much as
 * one taking 1.6 times its time, since readers aloud pause at commas and full stops far more than
 * elsewhere. Where no split fits (more pauses than the words can end at), the words share the
 * voice as one run.
 */
function fitToVoice(weights: number[], pausable: boolean[], speech: Span, pauses: Silence[]): Span[] {
  const pieces: Span[] = [];
  let startMs = speech.startMs;
  for (const pause of pauses) {
    pieces.push({ startMs, endMs: pause.startMs });
    startMs = pause.endMs;
  }
  pieces.push({ startMs, endMs: speech.endMs });
  const weightBefore = prefixSums(weights);
  const voicedBefore = prefixSums(pieces.map((piece) => piece.endMs - piece.startMs));
  const totalWeight = weightBefore.at(-1)!;
  const msPerWeight = voicedBefore.at(-1)! / totalWeight;
  const columns = pieces.length + 1;
  const cost = new Float64Array((weights.length + 1) * columns).fill(Infinity);
  const cameFrom = new Int32Array(cost.length).fill(-1);
  cost[0] = 0;
  for (let word = 0; word < weights.length; word++) {
    for (let piece = 0; piece < pieces.length; piece++) {
      const here = cost[word * columns + piece]!;
      if (here === Infinity) continue;
      for (let lastPiece = piece; lastPiece < Math.min(pieces.length, piece + MOST_PAUSES_PASSED + 1); lastPiece++) {
        const voicedMs = voicedBefore[lastPiece + 1]! - voicedBefore[piece]!;
        // Longer stretches only get longer: once even all the words left are too few for one, stop.
        if (voicedMs / (msPerWeight * (totalWeight - weightBefore[word]!)) > MAX_PACE_RATIO) break;
        const passedOver = PASSED_PAUSE_COST * (lastPiece - piece);
        for (let end = word + 1; end <= weights.length; end++) {
          const weight = weightBefore[end]! - weightBefore[word]!;
          const ratio = voicedMs / (msPerWeight * weight);
          if (ratio > MAX_PACE_RATIO) continue;
          if (ratio < 1 / MAX_PACE_RATIO) break;
          const unpunctuated = end < weights.length && !pausable[end - 1] ? UNPUNCTUATED_PAUSE_COST : 0;
          const total = here + passedOver + unpunctuated + weight * Math.log(ratio) ** 2;
          const next = end * columns + lastPiece + 1;
          if (total < cost[next]!) {
            cost[next] = total;
            cameFrom[next] = word * columns + piece;
          }
        }
      }
    }
  }
  const wanted: Span[] = weights.map(() => ({ startMs: 0, endMs: 0 }));
  if (cost.at(-1) === Infinity) {
    shareVoice(wanted, weights, 0, weights.length, pieces);
    return wanted;
  }
  for (let cell = cost.length - 1; cell > 0; ) {
    const from = cameFrom[cell]!;
    shareVoice(wanted, weights, Math.floor(from / columns), Math.floor(cell / columns), pieces.slice(from % columns, cell % columns));
    cell = from;
  }
  return wanted;
}

/** Words [from, to) share the voice in the pieces by weight, as if the pauses between the pieces were not there; a word that spans a pause keeps it. */
function shareVoice(into: Span[], weights: number[], from: number, to: number, pieces: Span[]) {
  const voicedMs = sum(pieces.map((piece) => piece.endMs - piece.startMs));
  const total = sum(weights.slice(from, to));
  // A word starting where one piece ends starts where the next begins; one ending there ends before the pause.
  const timeAt = (voiceMs: number, starting: boolean) => {
    let left = voiceMs;
    for (const piece of pieces) {
      const length = piece.endMs - piece.startMs;
      if (starting ? left < length : left <= length) return piece.startMs + left;
      left -= length;
    }
    return pieces.at(-1)!.endMs;
  };
  let before = 0;
  for (let index = from; index < to; index++) {
    const startMs = timeAt((voicedMs * before) / total, true);
    before += weights[index]!;
    into[index] = { startMs, endMs: timeAt((voicedMs * before) / total, false) };
  }
}

/**
 * The wanted spans made whole milliseconds that keep the promises of WordTiming: each word starts
 * where it wanted or after the last word ends, lasts at least a millisecond, and, where that runs
 * past the end, the words before are pulled back just enough to fit.
 */
function legalTimings(words: string[], wanted: Span[], limitMs: number): WordTiming[] {
  const timings: WordTiming[] = [];
  let previousEnd = 0;
  for (const [index, word] of words.entries()) {
    const startMs = Math.max(previousEnd, clamp(Math.round(wanted[index]!.startMs), 0, limitMs));
    const endMs = Math.max(startMs + 1, Math.round(wanted[index]!.endMs));
    timings.push({ word, startMs, endMs });
    previousEnd = endMs;
  }
  let nextStart = limitMs;
  for (const timing of timings.toReversed()) {
    timing.endMs = Math.min(timing.endMs, nextStart);
    timing.startMs = Math.min(timing.startMs, timing.endMs - 1);
    nextStart = timing.startMs;
  }
  return timings;
}

function checkedLimit(words: string[], durationMs: number): number {
  const limitMs = Math.floor(durationMs);
  if (!Number.isFinite(limitMs) || limitMs < words.length) throw new RangeError(`${durationMs} ms of audio cannot be shared among ${words.length} words, a millisecond at least each`);
  return limitMs;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
function prefixSums(values: number[]): number[] {
  const sums = [0];
  for (const value of values) sums.push(sums.at(-1)! + value);
  return sums;
}
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
