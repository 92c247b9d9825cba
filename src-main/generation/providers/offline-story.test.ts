import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BLURB_CHARACTERS, STORY_TONES } from '../../../src-preload/contract';
import { createOfflineStoryProvider } from './offline-story';
import type { StoryCharacter, StoryDraft, StoryRequest } from './provider-types';

const signal = new AbortController().signal;
const write = (request: StoryRequest) => createOfflineStoryProvider().writeStory(request, { signal });

const request = (overrides: Partial<StoryRequest> = {}): StoryRequest => ({
  idea: 'A penguin who opens a bakery on an iceberg',
  pageCount: 6,
  readerAge: 6,
  language: 'en',
  tone: 'gentle',
  artStyle: 'watercolor',
  characters: [],
  targets: { wordsPerPage: 40, wordsPerSentence: 12, grade: { min: 0, max: 5 } },
  ownWords: null,
  fixSpelling: false,
  revision: null,
  ...overrides,
});

// Counted as simply as a reader would: words between spaces, sentences by their end marks.
const wordsIn = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
const sentencesIn = (text: string) => Math.max(1, text.match(/[.!?]+/g)?.length ?? 0);
const sentenceStarts = (text: string) => text.split(/(?<=[.!?]["”’')]*)\s+/).map((sentence) => sentence.match(/\p{L}/u)?.[0] ?? '');
const comparable = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

// Word edges that know "é" is a letter, so "Léa at" holds no article.
const DOUBLED_ARTICLE = /(?<![\p{L}\p{N}'’-])(a|an|the)\s+(a|an|the)(?![\p{L}\p{N}])/iu;
const CAPITAL_ARTICLE_MID_SENTENCE = /\p{Ll}[,;]?\s+(A|An|The)\s/u;
const AN_BEFORE_CONSONANT = /(?<![\p{L}\p{N}'’-])an\s+[bcdfgjklmnpqrstvwxz]/iu;
const A_BEFORE_VOWEL = /(?<![\p{L}\p{N}'’-])a\s+[aeio]/iu;

// Ideas built from the pieces families type, with odd casing and punctuation, beside plain noise.
const determiner = fc.constantFrom('', 'a', 'A', 'an', 'the', 'The', 'my', 'My', 'our', 'the the', 'a a', 'A the', 'an the');
const adjective = fc.constantFrom('', 'shy', 'little', 'purple', 'brave', 'sleepy', 'old');
const noun = fc.constantFrom('penguin', 'robot', 'dragon', 'owl', 'elephant', 'unicorn', 'octopus', 'moon', 'hat', 'zorblax', 'daughter', 'grandpa', 'Dragons', 'cats', 'girl', 'astronaut', 'iceberg', 'umbrella', 'hour');
const name = fc.constantFrom('', 'Mia', 'Léa', 'Zoë', 'Søren', 'Łucja', 'O’Neil', 'mia', 'Jean-Luc', 'Ōta', 'Dr. Who');
const relative = fc.constantFrom('who', 'that', 'which', 'who who');
const verbPhrase = fc.constantFrom(
  'opens a bakery on an iceberg',
  'wants a friend',
  'wants to fly',
  'learns to ride a bike',
  'is lost',
  'loses her hat',
  'has a red balloon',
  "can't sleep",
  'goes to the moon',
  'flies to the stars and sings',
  'does a dance',
  'is afraid of the dark',
  'cries',
  'fixes a broken kite',
  'watches the stars',
  'dreams of flying',
  'gets lost',
  'finds a "magic" egg',
);
const ending = fc.constantFrom('', '.', '!', '!!!', '?', '...', ' :)', ',');
const casing = fc.constantFrom<(text: string) => string>(
  (text) => text,
  (text) => text.toUpperCase(),
  (text) => text.toLowerCase(),
  (text) => text.charAt(0).toUpperCase() + text.slice(1),
);
const words = (...parts: string[]) => parts.filter(Boolean).join(' ');
const idea = fc.oneof(
  fc.tuple(determiner, adjective, noun, name, relative, verbPhrase, ending, casing).map(([d, a, n, who, r, v, e, c]) => c(`${words(d, a, n, who, r, v)}${e}`)),
  fc.tuple(determiner, noun, name, verbPhrase, ending).map(([d, n, who, v, e]) => `${words(d, n, who, v)}${e}`),
  fc.tuple(name, verbPhrase, ending).map(([who, v, e]) => `${words(who || 'Mia', v)}${e}`),
  fc.tuple(determiner, adjective, noun, ending, casing).map(([d, a, n, e, c]) => c(`${words(d, a, n)}${e}`)),
  fc.constantFrom('going to the dentist', "Grandpa's garden", 'Léa et son chat', '!!!', 'dragons', 'the moon is lost', 'Space', "Mia's birthday", 'my first day at school', 'a story about a bear and a bunny', 'x', '   '),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const savedCharacters = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom('Pip', 'Mia', 'Grandpa Joe', 'Léa', 'Captain Beans', 'Zoë', 'Otto'),
    traits: fc.array(fc.constantFrom('orange fox', 'green scarf', 'brave', 'red wellies', 'curly hair', 'a small grey owl'), { maxLength: 3 }),
  }),
  { maxLength: 4, selector: (character: StoryCharacter) => character.name },
);
const storyRequest = fc.record({
  idea,
  pageCount: fc.integer({ min: 2, max: 16 }).map((half) => half * 2),
  readerAge: fc.integer({ min: 2, max: 10 }),
  tone: fc.constantFrom(...STORY_TONES),
  characters: savedCharacters,
  wordsPerPage: fc.integer({ min: 12, max: 90 }),
  wordsPerSentence: fc.integer({ min: 5, max: 16 }),
}).map(({ wordsPerPage, wordsPerSentence, ...rest }) => request({ ...rest, targets: { wordsPerPage, wordsPerSentence, grade: { min: 0, max: 4 } } }));

function expectWellWritten(draft: StoryDraft, asked: StoryRequest) {
  const names = draft.cast.map((member) => member.name);
  expect(draft.pages).toHaveLength(asked.pageCount);
  expect(new Set(names).size).toBe(names.length);
  for (const page of draft.pages) {
    expect(names.some((castName) => page.text.includes(castName)), page.text).toBe(true);
    expect(page.cast.length).toBeGreaterThan(0);
    for (const shown of page.cast) expect(names).toContain(shown);
    for (const start of sentenceStarts(page.text)) expect(start, page.text).not.toMatch(/\p{Ll}/u);
    expect(wordsIn(page.text), page.text).toBeLessThanOrEqual(asked.targets.wordsPerPage);
    expect(wordsIn(page.text) / sentencesIn(page.text), page.text).toBeLessThanOrEqual(asked.targets.wordsPerSentence);
    expect(page.illustrationBrief.length).toBeGreaterThan(0);
  }
  const everything = [draft.title, draft.blurb, ...draft.pages.flatMap((page) => [page.text, page.illustrationBrief]), ...draft.cast.map((member) => member.look)];
  for (const text of everything) {
    expect(text).not.toMatch(DOUBLED_ARTICLE);
    expect(text).not.toMatch(AN_BEFORE_CONSONANT);
    expect(text).not.toMatch(A_BEFORE_VOWEL);
  }
  for (const text of [draft.blurb, ...draft.pages.map((page) => page.text)]) expect(text).not.toMatch(CAPITAL_ARTICLE_MID_SENTENCE);

  expect(draft.title.split(/\s+/).length).toBeLessThanOrEqual(8);
  expect(draft.title).not.toMatch(/[.!?,;:]$/);
  expect(draft.title).toMatch(/^\P{Ll}/u);
  expect(comparable(draft.title)).not.toBe(comparable(asked.idea));
  expect(draft.blurb.length).toBeLessThanOrEqual(MAX_BLURB_CHARACTERS);
  if (/\s/.test(asked.idea.trim())) expect(draft.blurb.toLowerCase()).not.toContain(asked.idea.trim().toLowerCase());
  for (const saved of asked.characters) {
    const member = draft.cast.find((castMember) => castMember.name === saved.name);
    expect(member).toBeDefined();
    if (saved.traits.length > 0) expect(member!.look).toBe(saved.traits.join(', '));
  }
}

describe('the offline writer', () => {
  it('writes any idea into a story that reads well and fits its reader', async () => {
    await fc.assert(
      fc.asyncProperty(storyRequest, async (asked) => {
        const draft = await write(asked);
        expectWellWritten(draft, asked);
        expect(await write(structuredClone(asked))).toEqual(draft);
      }),
      { numRuns: 300 },
    );
  });

  it('works the idea into whole sentences', async () => {
    // Invented names come from each kind's list by the request's seed: the sentences around them are fixed.
    const penguin = await write(request());
    const pip = penguin.cast[0]!.name;
    expect(penguin.title).toBe(`${pip} Opens a Bakery on an Iceberg`);
    expect(penguin.pages[0]!.text).toBe(`In a cosy little town lived a penguin called ${pip}. ${pip} was good at having ideas. It was time for ${pip} to open a bakery on an iceberg.`);
    expect(penguin.pages.at(-1)!.text).toMatch(new RegExp(`^And that is how ${pip} opened a bakery on an iceberg\\.`));
    expect(penguin.pages[0]!.illustrationBrief).toBe(`${pip} opening a bakery on an iceberg`);
    expect(penguin.cast[0]!.look).toMatch(/^a (small round|little plump) penguin chick, about \w+ years old, black and white feathers, an orange beak and orange feet, .+, carries a wooden spoon$/);

    const mia = await write(request({ idea: 'my daughter Mia learns to ride a bike' }));
    expect(mia.title).toBe('Mia Learns to Ride a Bike');
    expect(mia.cast[0]).toMatchObject({ name: 'Mia', look: expect.stringMatching(/^a girl of about \w+, /) });
    expect(mia.pages[0]!.text).toContain('It was time for Mia to learn to ride a bike.');
    expect(mia.pages.at(-1)!.text).toContain('And that is how Mia learned to ride a bike.');

    const robot = await write(request({ idea: 'a shy robot who wants a friend' }));
    const bolt = robot.cast[0]!.name;
    expect(robot.pages[0]!.text).toContain(`a shy robot called ${bolt}.`);
    expect(robot.pages[0]!.text).toContain(`More than anything, ${bolt} wanted a friend.`);
    expect(robot.pages.at(-1)!.text).toContain(`At last, ${bolt} had a friend.`);
    expect(robot.title).toBe(`${bolt} Wants a Friend`);

    const moon = await write(request({ idea: 'the moon is lost' }));
    expect(moon.pages[0]!.text).toContain('Oh no, the moon was lost!');
    expect(moon.pages.at(-1)!.text).toContain('At last, the moon was found again.');
    expect(moon.title).toBe(`${moon.cast[0]!.name} and the Lost Moon`);

    const garden = await write(request({ idea: "Grandpa's garden" }));
    expect(garden.cast.map((member) => member.name)).toContain('Grandpa');
    expect(garden.pages[0]!.text).toContain(`${garden.cast[0]!.name} loved Grandpa's garden.`);
    expect(garden.title).toBe(`${garden.cast[0]!.name} and Grandpa's Garden`);

    const dentist = await write(request({ idea: 'going to the dentist' }));
    expect(dentist.pages[0]!.text).toContain(`It was time for ${dentist.cast[0]!.name} to go to the dentist.`);
    expect(dentist.title).toBe(`${dentist.cast[0]!.name} Goes to the Dentist`);

    const dragons = await write(request({ idea: 'dragons' }));
    expect(dragons.cast[0]!.look).toContain('dragon');

    const lea = await write(request({ idea: 'Léa et son chat' }));
    expect(lea.cast[0]!.name).toBe('Léa');
    expect(lea.pages[0]!.text).toMatch(/Léa/);

    for (const odd of ['!!!', 'x', 'dragons']) {
      const asked = request({ idea: odd });
      expectWellWritten(await write(asked), asked);
    }
  });

  it('keeps the names of saved characters, with their traits as their look, and every one of them in the cast', async () => {
    const characters = [
      { name: 'Pip', traits: ['orange fox', 'green scarf'] },
      { name: 'Hazel', traits: ['small hedgehog', 'red boots'] },
      { name: 'Grandpa Joe', traits: ['tall', 'white beard', 'blue cap'] },
    ];
    const asked = request({ idea: 'a dragon who bakes bread', characters });
    const draft = await write(asked);
    expectWellWritten(draft, asked);
    expect(draft.cast.slice(0, 3)).toEqual([
      { name: 'Pip', look: 'orange fox, green scarf' },
      { name: 'Hazel', look: 'small hedgehog, red boots' },
      { name: 'Grandpa Joe', look: 'tall, white beard, blue cap' },
    ]);
    expect(draft.pages[0]!.text).toContain('Pip');
    expect(draft.pages.some((page) => page.cast.includes('Grandpa Joe') && page.text.includes('Grandpa Joe'))).toBe(true);
    expect(draft.cast.some((member) => member.look.includes('dragon'))).toBe(true);
  });

  it('steers the story by the tone and the idea', async () => {
    const shapeOf = async (overrides: Partial<StoryRequest>) => (await write(request(overrides))).pages.map((page) => page.text).join(' ');
    expect(await shapeOf({ idea: 'a fox who cannot sleep at night', tone: 'calm' })).toMatch(/moon|night|sleep/i);
    expect(await shapeOf({ idea: 'a cat who loses her hat' })).toMatch(/looked|search/i);
    const silly = await shapeOf({ idea: 'a monster who likes socks', tone: 'silly' });
    expect(silly).toMatch(/\b(two|three|four|five|six|seven|eight|nine|ten) /);
  });

  it('writes shorter sentences for a younger reader', async () => {
    const targets = { wordsPerPage: 14, wordsPerSentence: 6, grade: { min: 0, max: 1 } };
    const young = await write(request({ readerAge: 3, targets, pageCount: 12 }));
    const older = await write(request({ readerAge: 9, targets: { wordsPerPage: 80, wordsPerSentence: 14, grade: { min: 2, max: 5 } }, pageCount: 12 }));
    const average = (draft: StoryDraft) => draft.pages.reduce((sum, page) => sum + wordsIn(page.text), 0) / draft.pages.length;
    expect(average(young)).toBeLessThan(average(older));
    for (const page of young.pages) expect(wordsIn(page.text) / sentencesIn(page.text)).toBeLessThanOrEqual(6);
  });

  it('answers an English draft for any language and a valid draft when asked to revise', async () => {
    const first = await write(request({ language: 'fr' }));
    expect(first.pages[0]!.text).toContain('It was time for');
    const revised = await write(request({ revision: { previous: first, problems: ['sentences are too long'] } }));
    expect(revised.pages).toHaveLength(6);
  });
});

describe('keep my words', () => {
  it('keeps every page exactly as written and adds the cast, who is on each page, briefs, a title and a blurb', async () => {
    const ownWords = ['Tom the cat woke up.', 'He saw a big dragon in the garden!', 'The dragon and Tom had tea with Mum.', 'the end'];
    const draft = await write(request({ idea: 'my story', pageCount: 4, ownWords }));
    expect(draft.pages.map((page) => page.text)).toEqual(ownWords);
    const names = draft.cast.map((member) => member.name);
    expect(names[0]).toBe('Tom');
    expect(draft.cast[0]!.look).toMatch(/kitten|cat/);
    expect(names).toContain('Mum');
    const dragon = draft.cast.find((member) => member.look.includes('dragon'))!.name;
    expect(draft.pages.map((page) => page.cast)).toEqual([['Tom'], [dragon], ['Tom', dragon, 'Mum'].sort((a, b) => names.indexOf(a) - names.indexOf(b)), ['Tom']]);
    expect(draft.pages[1]!.illustrationBrief).toBe(`${dragon}, in the moment these words tell: He saw a big dragon in the garden!`);
    expect(draft.title).toBe("Tom's Story");
    expect(draft.blurb).toContain('Tom');
  });

  it('keeps any words, with saved characters, whatever the idea', async () => {
    await fc.assert(
      fc.asyncProperty(storyRequest, fc.array(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 8 }), async (asked, ownWords) => {
        const draft = await write({ ...asked, ownWords });
        expect(draft.pages.map((page) => page.text)).toEqual(ownWords);
        const names = draft.cast.map((member) => member.name);
        for (const page of draft.pages) {
          expect(page.cast.length).toBeGreaterThan(0);
          for (const shown of page.cast) expect(names).toContain(shown);
        }
        for (const saved of asked.characters) expect(names).toContain(saved.name);
        expect(draft.blurb.length).toBeLessThanOrEqual(MAX_BLURB_CHARACTERS);
        expect(await write({ ...asked, ownWords: [...ownWords] })).toEqual(draft);
      }),
      { numRuns: 100 },
    );
  });
});
