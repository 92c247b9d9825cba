import { describe, expect, it } from 'vitest';
import { baseFromGerund, baseFromThirdPerson, capitaliseSentences, gerund, indefiniteArticle, pastTense, titleCase } from './english';
import { parseIdea } from './idea';

describe('the English the offline writer needs', () => {
  it('turns third-person verbs to their base form, and back to past and -ing forms', () => {
    const bases = { opens: 'open', flies: 'fly', cries: 'cry', watches: 'watch', wishes: 'wish', fixes: 'fix', kisses: 'kiss', goes: 'go', has: 'have', is: 'be', does: 'do', loses: 'lose', dances: 'dance', lies: 'lie' };
    for (const [third, base] of Object.entries(bases)) expect(baseFromThirdPerson(third), third).toBe(base);
    const pasts = { open: 'opened', ride: 'rode', stop: 'stopped', cry: 'cried', play: 'played', visit: 'visited', bake: 'baked', learn: 'learned', go: 'went', find: 'found' };
    for (const [base, past] of Object.entries(pasts)) expect(pastTense(base), base).toBe(past);
    expect(pastTense('be', true)).toBe('were');
    expect(['ride', 'swim', 'lie', 'open', 'be', 'see'].map(gerund)).toEqual(['riding', 'swimming', 'lying', 'opening', 'being', 'seeing']);
    expect(['going', 'riding', 'swimming', 'baking', 'having', 'visiting', 'falling'].map(baseFromGerund)).toEqual(['go', 'ride', 'swim', 'bake', 'have', 'visit', 'fall']);
  });

  it('says "a" or "an" by sound, and capitals where sentences and titles need them', () => {
    expect(['owl', 'unicorn', 'hour', 'European', 'umbrella', 'iceberg', 'one-eyed cat', '"owl"', 'X-ray'].map(indefiniteArticle)).toEqual(['an', 'a', 'an', 'a', 'an', 'an', 'a', 'an', 'an']);
    expect(capitaliseSentences('oh no! the moon was lost. "léa?" asked mo.')).toBe('Oh no! The moon was lost. "Léa?" Asked mo.');
    expect(titleCase("pip opens a bakery on an iceberg")).toBe('Pip Opens a Bakery on an Iceberg');
    expect(titleCase("sam and Grandpa's garden")).toBe("Sam and Grandpa's Garden");
    expect(titleCase('good night, McDuff')).toBe('Good Night, McDuff');
  });
});

describe('reading an idea', () => {
  it('finds who it is about and what they do in a relative clause', () => {
    const penguin = parseIdea('A penguin who opens a bakery on an iceberg');
    expect(penguin.figures[penguin.subject!]).toMatchObject({ kind: { key: 'penguin' }, adjectives: [], name: null });
    expect(penguin.action).toEqual({
      kind: 'deed',
      base: 'open a bakery on an iceberg',
      past: 'opened a bakery on an iceberg',
      present: 'opens a bakery on an iceberg',
      doing: 'opening a bakery on an iceberg',
      wish: null,
      outcome: null,
    });
    const robot = parseIdea('a shy robot who wants a friend');
    expect(robot.figures[0]).toMatchObject({ kind: { key: 'robot' }, adjectives: ['shy'] });
    expect(robot.action).toMatchObject({ kind: 'wish', wish: 'a friend', outcome: 'had a friend', past: 'wanted a friend' });
    expect(parseIdea('a dragon who wants to fly').action).toMatchObject({ kind: 'wish', wish: 'to fly', outcome: 'flew' });
    expect(parseIdea('a cat who loses her hat').action).toMatchObject({ kind: 'mishap', past: 'lost her hat', outcome: 'found her hat again' });
    expect(parseIdea("an owl that can't sleep").action).toMatchObject({ kind: 'state', past: 'could not sleep', present: "can't sleep" });
    expect(parseIdea('a unicorn who eats cake and flies home').action).toMatchObject({ base: 'eat cake and fly home', past: 'ate cake and flew home' });
    expect(parseIdea('a penguin called Pip who sings').figures[0]).toMatchObject({ kind: { key: 'penguin' }, name: 'Pip' });
  });

  it('finds a name after a family word, and a verb without "who"', () => {
    const mia = parseIdea('my daughter Mia learns to ride a bike');
    expect(mia.figures[0]).toMatchObject({ kind: { key: 'girl' }, name: 'Mia' });
    expect(mia.action).toMatchObject({ kind: 'deed', base: 'learn to ride a bike', past: 'learned to ride a bike', present: 'learns to ride a bike' });
    expect(parseIdea('my daughter mia learns to ride a bike').figures[0]!.name).toBe('Mia');
    expect(parseIdea('two cats play chess').figures[0]).toMatchObject({ kind: { key: 'cat' }, adjectives: [] });
  });

  it('reads a clause about a thing as something that happens, with how it ends well', () => {
    expect(parseIdea('the moon is lost')).toMatchObject({ figures: [], subject: null, event: { past: 'the moon was lost', outcome: 'the moon was found again', mishap: true, title: 'the lost moon' } });
    expect(parseIdea('the stars are missing').event).toMatchObject({ past: 'the stars were missing', title: 'the missing stars' });
  });

  it('reads an -ing phrase as something the hero does', () => {
    expect(parseIdea('going to the dentist')).toMatchObject({ subject: null, action: { kind: 'deed', base: 'go to the dentist', past: 'went to the dentist', present: 'goes to the dentist', doing: 'going to the dentist' } });
  });

  it('reads a noun phrase as who is in it and what it is about', () => {
    const dragons = parseIdea('dragons');
    expect(dragons).toMatchObject({ subject: 0, topic: null, action: null });
    expect(dragons.figures[0]!.kind?.key).toBe('dragon');
    const garden = parseIdea("Grandpa's garden");
    expect(garden).toMatchObject({ subject: null, topic: { phrase: "{f0}'s garden", occasion: false } });
    expect(garden.figures[0]!.kind?.key).toBe('grandpa');
    expect(parseIdea('my first day at school').topic).toEqual({ phrase: "{hero}'s first day at school", occasion: true });
    expect(parseIdea('my garden').topic).toEqual({ phrase: 'the garden', occasion: false });
    expect(parseIdea("Mia's birthday")).toMatchObject({ subject: 0, figures: [{ name: 'Mia' }], topic: { phrase: "{f0}'s birthday", occasion: true } });
    const bearAndBunny = parseIdea('a story about a bear and a bunny');
    expect(bearAndBunny.figures.map((figure) => figure.kind?.key)).toEqual(['bear', 'rabbit']);
    expect(bearAndBunny.topic).toBeNull();
    expect(parseIdea('dragon eggs').topic).toEqual({ phrase: 'dragon eggs', occasion: false });
  });

  it('keeps names and words it does not know as typed, and reads nothing into noise', () => {
    const lea = parseIdea('Léa et son chat');
    expect(lea.figures).toEqual([{ kind: null, noun: null, adjectives: [], name: 'Léa' }]);
    expect(lea.topic).toBeNull();
    expect(parseIdea('Space').topic).toEqual({ phrase: 'Space', occasion: false });
    expect(parseIdea('Friendship').topic).toEqual({ phrase: 'friendship', occasion: false });
    expect(parseIdea('a parrot who says "hello"').action).toMatchObject({ base: 'say "hello"' });
    for (const noise of ['!!!', '', '   ', '...?', '— * —']) expect(parseIdea(noise)).toMatchObject({ figures: [], subject: null, action: null, event: null, topic: null });
    expect(parseIdea('{x} cake').topic?.phrase).toBe('x cake');
  });

  it('mends the articles it is given', () => {
    expect(parseIdea('the the big red ball').topic?.phrase).toBe('the big red ball');
    expect(parseIdea('A the cat who sings').figures[0]!.kind?.key).toBe('cat');
    expect(parseIdea('a apple pie').topic?.phrase).toBe('an apple pie');
    expect(parseIdea('fun with A ball').topic?.phrase).toBe('fun with a ball');
    expect(parseIdea('cats A dogs').figures[0]).toMatchObject({ kind: { key: 'dog' }, adjectives: [] });
    expect(parseIdea('A DRAGON WHO IS SCARED OF BUTTERFLIES!!!').action?.present).toBe('is scared of butterflies');
  });
});
