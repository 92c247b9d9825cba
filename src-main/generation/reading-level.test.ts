import { describe, expect, it } from 'vitest';
import { judgeReading, measureReading, readingTargets } from './reading-level';

describe('measuring against published figures', () => {
  it('gives the platypus sentence the grade the flesch-kincaid README states', () => {
    // https://github.com/words/flesch-kincaid#use: 1 sentence, 13 words, 26 syllables => 13.08.
    const measure = measureReading(['The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.'], 'en');
    expect(measure).toMatchObject({ sentences: 1, words: 13 });
    expect(measure.grade).toBeCloseTo(13.08, 2);
  });

  it('differs from Wikipedia on the same sentence only by the two syllables Wikipedia counts fewer', () => {
    // https://en.wikipedia.org/wiki/Flesch%E2%80%93Kincaid_readability_tests: "is an 11.3 as it has
    // 24 syllables and 13 words" (read in a copy of the article, https://wikisum.wiki/wiki/Flesch%E2%80%93Kincaid_Readability_Test). Wikipedia says "Aus-tral-ian" and "rep-til-ian" (3 each), the
    // `syllable` package "Aus-tra-li-an" and "rep-til-i-an" (4 each); dictionaries give both. Two
    // syllables in 13 words move the grade by 11.8 × 2 / 13.
    const measure = measureReading(['The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.'], 'en');
    expect(measure.grade! - 11.3).toBeCloseTo((11.8 * 2) / 13, 1);
  });

  it('gives a stand-in with the counts Wikipedia states for Green Eggs and Ham its grade of −1.3', () => {
    // Wikipedia (address above): "averaging 5.7 words per sentence and 1.02 syllables per word,
    // with a grade level of −1.3. (Most of the 812 words are monosyllabic; 'anywhere', which occurs
    // eight times, is the only exception.)" (read as quoted from the article at
    // http://movingowee.blogspot.com/2007/06/green-eggs-and-hams-flesh-kincaid-grade.html and
    // https://tiffanymarkmantraining.blogspot.com). The book is under copyright, so this text has its
    // counts and none of its lines: 812 words in 142 sentences, 8 of them with "anywhere".
    const measure = measureReading(greenEggsStandIn(), 'en');
    expect(measure).toMatchObject({ words: 812, sentences: 142 });
    expect(measure.wordsPerSentence).toBeCloseTo(5.7, 1);
    expect(measure.grade).toBeCloseTo(-1.3, 1);
  });

  it('finds one syllable a word in a fable written in words of one syllable', () => {
    // Mary Godolphin's Aesop's Fables in Words of One Syllable (1868, public domain), "each tale
    // ... used just one beat per word": https://boingboing.net/2025/07/01/how-short-words-made-old-tales-fresh.html
    // With one syllable a word, the grade is 0.39 × words per sentence + 11.8 − 15.59. The
    // `"Ha! you are` in it stays inside its sentence.
    const fable =
      'A cock came down from his roost at break of day, and set up a loud, shrill crow; he then went to work to scratch the ground in search of food for the hens. ' +
      'By and by, what should he turn up but a bright gem. ' +
      'He gave it a kick and said, "Ha! you are a fine thing, no doubt; but, to my mind, one good grain of wheat is worth all the gems in the world."';
    const measure = measureReading([fable], 'en');
    expect(measure).toMatchObject({ words: 78, sentences: 3 });
    expect(measure.grade).toBeCloseTo(0.39 * (78 / 3) + 11.8 - 15.59, 5);
  });
});

describe('counting words and sentences', () => {
  it('keeps dialogue, ellipses, exclamations and titles from splitting sentences', () => {
    expect(measureReading(['"Wait!" said Bo. "Wait for me..." He ran.'], 'en')).toMatchObject({ words: 8, sentences: 3 });
    expect(measureReading(['Oh no... what now?! Run!'], 'en')).toMatchObject({ words: 5, sentences: 2 });
    expect(measureReading(['Mr. Fox met Mrs. Hen and Dr. Owl.'], 'en')).toMatchObject({ words: 8, sentences: 1 });
    expect(measureReading(['« Bonjour ! » dit le petit lapin.'], 'fr')).toMatchObject({ words: 5, sentences: 1 });
    expect(measureReading(['—¡Hola! —dice Luna.'], 'es')).toMatchObject({ words: 3, sentences: 1 });
  });

  it('takes a page without end punctuation as one sentence, and numbers as words', () => {
    expect(measureReading(['Up up up the hill', 'Down we go'], 'en')).toMatchObject({ words: 8, sentences: 2 });
    expect(measureReading(['Bo has 3 hats and 10 socks.'], 'en')).toMatchObject({ words: 7, sentences: 1 });
  });

  it('measures words per page and letters per word', () => {
    const measure = measureReading(['The cat sat.', 'The big dog ran to the cat.', ''], 'en');
    expect(measure.wordsPerPage).toEqual({ max: 7, average: 10 / 3 });
    expect(measure.lettersPerWord).toBeCloseTo(29 / 10, 5);
  });

  it('survives empty pages, a page of punctuation, no pages and a malformed language', () => {
    const empty = { words: 0, sentences: 0, wordsPerPage: { max: 0, average: 0 }, wordsPerSentence: 0, lettersPerWord: 0, grade: null };
    expect(measureReading(['', '   ', '...!!! ?', '« — »'], 'en')).toEqual({ language: 'en', ...empty });
    expect(measureReading([], 'en')).toEqual({ language: 'en', ...empty });
    expect(measureReading(['Hop.'], 'not a language!')).toMatchObject({ words: 1, sentences: 1, grade: null });
  });
});

describe('targets by age', () => {
  it('grow with the reader', () => {
    const ages = [2, 3, 4, 5, 6, 7, 8, 9, 10];
    const targets = ages.map(readingTargets);
    for (let i = 1; i < targets.length; i += 1) {
      expect(targets[i]!.wordsPerPage).toBeGreaterThan(targets[i - 1]!.wordsPerPage);
      expect(targets[i]!.wordsPerSentence).toBeGreaterThanOrEqual(targets[i - 1]!.wordsPerSentence);
      expect(targets[i]!.grade.max).toBeGreaterThanOrEqual(targets[i - 1]!.grade.max);
    }
    expect(readingTargets(2)).toMatchObject({ wordsPerPage: 15, wordsPerSentence: 6 });
    expect(readingTargets(5)).toEqual({ wordsPerPage: 30, wordsPerSentence: 8, grade: { min: 0, max: 2 } });
    expect(readingTargets(10)).toEqual({ wordsPerPage: 60, wordsPerSentence: 14, grade: { min: 2, max: 5 } });
  });

  it('takes the nearest age outside 2–10 and refuses a non-number', () => {
    expect(readingTargets(1)).toEqual(readingTargets(2));
    expect(readingTargets(12)).toEqual(readingTargets(10));
    expect(readingTargets(5.4)).toEqual(readingTargets(5));
    expect(() => readingTargets(Number.NaN)).toThrow(RangeError);
  });
});

const ACADEMIC_STORY = [
  'The extraordinary phenomenon of photosynthesis, whereby chlorophyll-containing organisms convert electromagnetic radiation into chemical energy, constitutes the fundamental basis of terrestrial ecosystems and their remarkable biodiversity.',
  'Consequently, the interdependence of heterotrophic organisms upon autotrophic production necessitates a comprehensive understanding of biogeochemical cycles. Furthermore, anthropogenic perturbations of atmospheric carbon dioxide concentrations substantially complicate contemporary ecological predictions and the management of vulnerable environments.',
];

const SIMPLE_STORY = [
  'Pip the pup woke up. The sun was warm.',
  'Pip ran to the pond. Splash! Pip got wet.',
  'A duck said, "Quack!" Pip wagged his tail.',
  'They played all day. Then Pip went home to bed.',
];

describe('judging a story for its reader', () => {
  it('calls a story of long academic sentences too hard for 5, naming each figure and its target', () => {
    const measure = measureReading(ACADEMIC_STORY, 'en');
    const verdict = judgeReading(measure, readingTargets(5), 5);
    expect(verdict.fits).toBe(false);
    expect(verdict.problems).toHaveLength(3);
    const [grade, sentences, pages] = verdict.problems;
    expect(grade).toMatch(/^The text reads at Flesch-Kincaid grade (\d+\.?\d*), above grade 2, the most for a 5-year-old;/);
    expect(Number(/grade (\d+\.?\d*)/.exec(grade!)![1])).toBeCloseTo(measure.grade!, 1);
    expect(sentences).toBe(`Sentences average ${Math.round(measure.wordsPerSentence * 10) / 10} words; keep them to 8 words or fewer on average for a 5-year-old.`);
    expect(pages).toBe(`The longest page has ${measure.wordsPerPage.max} words; keep every page to 30 words or fewer for a 5-year-old.`);
    expect(verdict.summary).toMatch(/^Too hard for 5: it reads at school grade \d+\.?\d*; aim for grade 2 or below\. Sentences average [\d.]+ words; aim for 8 or fewer\. One page has \d+ words; aim for 30 or fewer$/);
  });

  it('finds a simple story about right for 5', () => {
    const measure = measureReading(SIMPLE_STORY, 'en');
    expect(measure.grade).toBeLessThanOrEqual(2);
    expect(judgeReading(measure, readingTargets(5), 5)).toEqual({ fits: true, problems: [], summary: 'About right for 5' });
  });

  it('calls a story just over one target a little hard', () => {
    const nineWordSentences = ['The dog and the cat ran up the hill. The cat and the dog ran down the hill.'];
    const verdict = judgeReading(measureReading(nineWordSentences, 'en'), readingTargets(5), 5);
    expect(verdict).toEqual({
      fits: false,
      problems: ['Sentences average 9 words; keep them to 8 words or fewer on average for a 5-year-old.'],
      summary: 'A little hard for 5: sentences average 9 words; aim for 8 or fewer',
    });
  });

  it('lets a story far below the band pass for a small child, and calls it too simple only from 7', () => {
    const measure = measureReading(greenEggsStandIn(), 'en');
    expect(judgeReading(measure, readingTargets(3), 3).fits).toBe(true);
    expect(judgeReading(measure, readingTargets(5), 5).fits).toBe(true);
    const verdict = judgeReading(measure, readingTargets(9), 9);
    expect(verdict.fits).toBe(false);
    expect(verdict.problems).toEqual([
      'The text reads at Flesch-Kincaid grade -1.3, far below grade 2, the least for a 9-year-old; use some longer sentences and a few richer words.',
    ]);
    expect(verdict.summary).toBe('Too simple for 9: the wording is very simple (school grade -1.3); aim for grade 2 to 5');
  });

  it('judges a Spanish or French story on words per page and per sentence only', () => {
    const spanish = ['La gata Luna sale al jardín. ¡Qué sol tan bonito!', 'Luna ve una mariposa. —¡Hola! —dice Luna.', 'La mariposa vuela alto. Luna salta y ríe.'];
    const spanishMeasure = measureReading(spanish, 'es');
    expect(spanishMeasure).toMatchObject({ language: 'es', words: 25, sentences: 5, grade: null });
    expect(judgeReading(spanishMeasure, readingTargets(5), 5).fits).toBe(true);

    // Long words would raise an English grade; here only the sentence length counts.
    const french = [
      "Pendant que l'extraordinaire hippopotame réfléchissait silencieusement à l'organisation particulièrement compliquée de son anniversaire, ses nombreux camarades préparaient secrètement une magnifique surprise au bord de la rivière.",
    ];
    const frenchMeasure = measureReading(french, 'fr-CA');
    expect(frenchMeasure.grade).toBeNull();
    const verdict = judgeReading(frenchMeasure, readingTargets(5), 5);
    expect(verdict.problems).toEqual([`Sentences average ${frenchMeasure.wordsPerSentence} words; keep them to 8 words or fewer on average for a 5-year-old.`]);
    expect(verdict.summary).toBe(`Too hard for 5: sentences average ${frenchMeasure.wordsPerSentence} words; aim for 8 or fewer`);
  });
});

/** 812 one-syllable words but 8 "anywhere"s, in 142 sentences (102 of six words, 40 of five), three to a page. */
function greenEggsStandIn(): string[] {
  const sentences = [
    ...Array.from({ length: 8 }, () => 'Sam the cat can sleep anywhere.'),
    ...Array.from({ length: 94 }, () => 'The red dog ran up here.'),
    ...Array.from({ length: 40 }, () => 'I can see the hen.'),
  ];
  const pages: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) pages.push(sentences.slice(i, i + 3).join(' '));
  return pages;
}
