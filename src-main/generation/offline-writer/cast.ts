import { MAX_CAST, MAX_LOOK_CHARACTERS } from '@storysprout/shared/synced-fields';
import { syllable } from 'syllable';
import { pick } from '../seeded-random';
import type { CastMember, StoryCharacter } from '../providers/provider-types';
import { indefiniteArticle, numberWord, withIndefiniteArticle } from './english';
import type { Figure, ParsedIdea } from './idea';
import { ALL_KINDS, CHILD_NAMES, COLOUR_WORDS, FRIEND_KINDS, HERO_KINDS, type CreatureKind, type Kind, type PersonKind } from './species';

/**
 * The book's characters, each with a look written once and repeated word for word in every
 * picture prompt: what they are, their age, build, colours, clothes and one thing they carry.
 */

export interface Character extends CastMember {
  /** How the story first names them ("a penguin called Pip"); null when the name says it (Grandpa, a saved character). */
  introduction: string | null;
  /** Words on a page that mean them: their name and what they are ("dragon", "dragons"). */
  words: string[];
}

export interface Cast {
  hero: Character;
  friend: Character;
  /** Who does what the idea says: the hero, unless the idea is about someone else. */
  doer: Character;
  /** The rest of the cast: saved characters beyond two, and others the idea names. */
  others: Character[];
  /** Each figure of the idea as cast, by index, for `{f0}` in a topic. */
  figures: Character[];
  members: Character[];
}

const CLOTHES_COLOURS = ['red', 'blue', 'yellow', 'green', 'purple', 'pink', 'orange'];
const CREATURE_CLOTHES = ['{c} knitted scarf', '{c} woolly hat', '{c} striped jumper', '{c} raincoat', 'little {c} cape', '{c} waistcoat', '{c} bow tie', '{c} neckerchief'];
const THINGS_BY_IDEA: [RegExp, string][] = [
  [/^(bak|bread|cake|cook|kitchen|bun|biscuit|cookie|pie|muffin|pancake)/, 'carries a wooden spoon'],
  [/^(bike|bicycle|cycl|scooter|skat)/, 'wears a shiny red helmet'],
  [/^(garden|plant|flower|grow|seed|vegetable)/, 'carries a little green watering can'],
  [/^(moon|star|night|dark|sleep|bed|dream)/, 'carries a small glowing lantern'],
  [/^(dentist|teeth|tooth)/, 'carries a little blue toothbrush'],
  [/^(book|read|librar|school|teacher|class)/, 'carries a little book under one arm'],
  [/^(music|sing|song|drum|band|danc)/, 'carries a tiny drum'],
  [/^(paint|draw|art|colour|color)/, 'carries a paintbrush'],
  [/^(sea|boat|ship|beach|island|pirate|treasure|fish|ocean)/, 'carries a rolled-up paper map'],
  [/^(space|rocket|planet|alien|astronaut)/, 'wears a silver star badge'],
  [/^(snow|winter|ice|iceberg|cold)/, 'wears cosy mittens'],
  [/^(rain|puddle|umbrella)/, 'carries a spotty umbrella'],
  [/^(ball|football|soccer|game|sport)/, 'carries a bouncy ball'],
  [/^(friend|party|birthday|gift|present)/, 'carries a little gift box with a bow'],
];
const THINGS = [
  'carries a little brown satchel',
  'carries a kite on a string',
  'wears a tiny silver bell on a ribbon',
  'carries a pocket telescope',
  'wears a flower behind one ear',
  'carries a little wooden whistle',
  'carries a paper windmill',
  'wears round glasses',
];
const CHILD_BUILDS = ['small and sturdy', 'small and slim', 'little with round cheeks', 'tall and skinny'];
const SKINS = ['pale', 'light peach', 'light brown', 'olive', 'brown', 'dark brown'];
const HAIR = {
  girl: ['curly black hair in two puffs', 'long straight brown hair in a ponytail', 'short red hair with a fringe', 'wavy blond hair in two plaits', 'black hair in a neat bob'],
  boy: ['short curly black hair', 'messy brown hair', 'short straight blond hair', 'red hair sticking up at the back', 'short black hair'],
};
const CHILD_CLOTHES = {
  girl: ['a {c} dress with white spots and {d} shoes', 'a {c} raincoat over {d} dungarees', 'a {c} jumper and {d} leggings'],
  boy: ['a {c} hoodie and {d} shorts', 'a {c} raincoat over {d} dungarees', 'a {c} striped jumper and {d} trousers'],
};
const ELDER_HAIR = { girl: ['curly grey hair', 'white hair in a bun'], boy: ['short white hair and a neat white beard', 'a shiny bald head and a grey moustache'] };
const GROWN_UP_HAIR = { girl: ['long dark hair in a plait', 'short curly brown hair'], boy: ['short dark hair and a trimmed beard', 'curly brown hair'] };
const GROWN_UP_CLOTHES = { girl: ['a {c} cardigan and a long {d} skirt', 'a {c} flowery dress'], boy: ['a {c} knitted cardigan and brown trousers', 'a {c} checked shirt and blue jeans'] };
const UNKNOWN_NAMES = ['Dot', 'Bobbin', 'Tuppence', 'Button', 'Pickle', 'Sprout'];

/** Fills `{c}` and `{d}` with colours and mends the articles before them ("a orange" → "an orange"). */
const dress = (template: string, first: string, second: string) =>
  template.replaceAll('{c}', first).replaceAll('{d}', second).replace(/\b(a|an) (\S+)/g, (_, _article: string, word: string) => `${indefiniteArticle(word)} ${word}`);

/** A look the pictures can hold: at most MAX_LOOK_CHARACTERS, cut between details. */
function fitLook(look: string): string {
  if (look.length <= MAX_LOOK_CHARACTERS) return look;
  const cut = look.slice(0, MAX_LOOK_CHARACTERS);
  const lastDetail = cut.lastIndexOf(', ');
  return lastDetail > 0 ? cut.slice(0, lastDetail) : cut;
}

const kindIn = (text: string): Kind | undefined => {
  const words = text.toLowerCase().split(/[^\p{L}-]+/u);
  return ALL_KINDS.find((kind) => kind.words.some((word) => words.includes(word)));
};

interface Inventing {
  random: () => number;
  used: Set<string>;
  readerAge: number;
  /** What the idea is about, to give the hero a thing that belongs in it. */
  ideaWords: Set<string>;
}

function unusedName(context: Inventing, names: readonly string[]): string {
  const unused = names.filter((name) => !context.used.has(name.toLowerCase()));
  // A name read on every page weighs on how hard the book reads: the youngest get one-beat names.
  const fewestBeats = Math.min(...unused.map((name) => syllable(name)));
  const free = context.readerAge <= 5 ? unused.filter((name) => syllable(name) === fewestBeats) : unused;
  const everyName = [...CHILD_NAMES.either, ...UNKNOWN_NAMES].filter((name) => !context.used.has(name.toLowerCase()));
  const name = free.length > 0 ? pick(context.random, free) : (everyName[0] ?? `Friend ${context.used.size + 1}`);
  context.used.add(name.toLowerCase());
  return name;
}

function thingFor(context: Inventing, forHero: boolean): string {
  if (forHero) {
    for (const [pattern, thing] of THINGS_BY_IDEA) if ([...context.ideaWords].some((word) => pattern.test(word))) return thing;
  }
  return pick(context.random, THINGS);
}

function clothesColours(context: Inventing, avoid: string): [string, string] {
  const choices = CLOTHES_COLOURS.filter((colour) => !avoid.includes(colour));
  const first = pick(context.random, choices);
  return [first, pick(context.random, choices.filter((colour) => colour !== first))];
}

function creatureLook(kind: CreatureKind, typedColour: string | undefined, context: Inventing, forHero: boolean): string {
  const colour = typedColour ?? (kind.colours.length > 0 ? pick(context.random, kind.colours) : '');
  const body = pick(context.random, kind.bodies).replaceAll('{colour}', colour);
  const [clothes] = clothesColours(context, body);
  const clothing = withIndefiniteArticle(pick(context.random, CREATURE_CLOTHES).replaceAll('{c}', clothes));
  const build = pick(context.random, kind.builds);
  const age = numberWord(Math.max(3, context.readerAge + Math.floor(context.random() * 3) - 1));
  return `${withIndefiniteArticle(`${build} ${kind.young}`)}, about ${age} years old, ${body}, ${clothing}, ${thingFor(context, forHero)}`;
}

function personLook(kind: PersonKind, gender: 'girl' | 'boy', context: Inventing, forHero: boolean): string {
  const skin = `${pick(context.random, SKINS)} skin`;
  const [first, second] = clothesColours(context, '');
  const thing = thingFor(context, forHero);
  if (kind.age === 'child') {
    const age = numberWord(Math.max(2, context.readerAge + Math.floor(context.random() * 3) - 1));
    const clothes = kind.costume ?? dress(pick(context.random, CHILD_CLOTHES[gender]), first, second);
    return `${withIndefiniteArticle(gender)} of about ${age}, ${pick(context.random, CHILD_BUILDS)}, ${skin}, ${pick(context.random, HAIR[gender])}, ${clothes}, ${thing}`;
  }
  const elder = kind.age === 'grandparent';
  const who = `${elder ? 'older ' : ''}${gender === 'girl' ? 'woman' : 'man'}`;
  const hair = pick(context.random, (elder ? ELDER_HAIR : GROWN_UP_HAIR)[gender]);
  const clothes = dress(pick(context.random, GROWN_UP_CLOTHES[gender]), first, second);
  return `${withIndefiniteArticle(who)} of about ${elder ? 'seventy' : 'thirty-five'}, ${elder ? 'small and a little stooped' : 'tall and slim'}, ${skin}, ${hair}, ${clothes}, ${thing}`;
}

/** Someone the idea names, made a cast member with a name and a look of their own. */
function invent(figure: Figure, context: Inventing, forHero: boolean): Character {
  const { kind } = figure;
  const typedColour = figure.adjectives.find((word) => COLOUR_WORDS.includes(word));
  const named = (fallback: readonly string[]) => {
    if (figure.name && !context.used.has(figure.name.toLowerCase())) {
      context.used.add(figure.name.toLowerCase());
      return figure.name;
    }
    return unusedName(context, fallback);
  };
  // "a fairy called Tooth Fairy" says it twice: a name holding its kind needs no introduction.
  const described = (noun: string, name: string) =>
    kind?.words.some((word) => name.toLowerCase().split(/\s+/).includes(word)) ? null : `${withIndefiniteArticle([...figure.adjectives, noun].join(' '))} called ${name}`;
  if (kind?.kind === 'creature') {
    const name = named(kind.names);
    return { name, look: fitLook(creatureLook(kind, typedColour, context, forHero)), introduction: described(kind.noun, name), words: [name, ...kind.words] };
  }
  if (kind?.kind === 'person') {
    const gender = kind.gender === 'either' ? (context.random() < 0.5 ? 'girl' : 'boy') : kind.gender;
    // "Mom" as the child wrote it stays "Mom"; "Grandpa Joe" keeps both.
    const typedAsTitle = figure.name !== null && kind.words.includes(figure.name.toLowerCase());
    const title = kind.title && (figure.name ? (typedAsTitle ? figure.name : `${kind.title} ${figure.name}`) : kind.title);
    const name = title && !context.used.has(title.toLowerCase()) ? (context.used.add(title.toLowerCase()), title) : named(CHILD_NAMES[gender]);
    const noun = kind.age === 'child' && !kind.costume ? gender : kind.noun;
    return { name, look: fitLook(personLook(kind, gender, context, forHero)), introduction: title ? null : described(noun, name), words: [name, ...kind.words] };
  }
  if (figure.noun) {
    const name = named(UNKNOWN_NAMES);
    const [colour, clothes] = clothesColours(context, '');
    const look = `${withIndefiniteArticle(`small friendly ${figure.noun}`)}, about ${numberWord(context.readerAge)} years old, round and soft, ${typedColour ?? colour} all over, ${withIndefiniteArticle(`${clothes} knitted scarf`)}, ${thingFor(context, forHero)}`;
    return { name, look: fitLook(look), introduction: described(figure.noun, name), words: [name, figure.noun] };
  }
  const gender = figure.name ? genderOfName(figure.name, context.random) : context.random() < 0.5 ? 'girl' : 'boy';
  const name = named(CHILD_NAMES[gender]);
  return { name, look: fitLook(personLook(kindOf('child'), gender, context, forHero)), introduction: null, words: [name] };
}

/** A guess from a name alone, for the look: names we know, then common endings ("Léa", "Sofia"), else either. */
function genderOfName(name: string, random: () => number): 'girl' | 'boy' {
  const first = name.split(/\s+/)[0]!;
  if (CHILD_NAMES.girl.includes(first)) return 'girl';
  if (CHILD_NAMES.boy.includes(first)) return 'boy';
  if (/(a|ah|ie|ée|ea|elle|ette|ine|y)$/i.test(first)) return 'girl';
  if (/(o|us|er|on|an|el)$/i.test(first)) return 'boy';
  return random() < 0.5 ? 'girl' : 'boy';
}

const kindOf = (key: string) => ALL_KINDS.find((kind) => kind.key === key) as PersonKind;

/** A family's saved character: their name as saved, their traits as their look. */
function fromSaved(character: StoryCharacter, context: Inventing): Character {
  const traits = character.traits.join(', ');
  const kind = kindIn(`${traits} ${character.name}`);
  // A character saved without details still needs a fixed look for the pictures to agree on.
  const [colour] = clothesColours(context, '');
  const look = traits ? fitLook(traits) : `a friendly character with a kind smile, ${withIndefiniteArticle(`${colour} jumper`)}, ${pick(context.random, THINGS)}`;
  const namesItsKind = kind?.words.some((word) => character.name.toLowerCase().includes(word)) ?? true;
  return {
    name: character.name,
    look,
    introduction: kind && !namesItsKind ? `${withIndefiniteArticle(kind.noun)} called ${character.name}` : null,
    words: [character.name, ...(kind?.words ?? [])],
  };
}

/** Whether a saved character is the one an idea's figure means: same name, or same kind of animal. */
function isSavedAs(figure: Figure, character: Character): boolean {
  if (figure.name) return figure.name.toLowerCase() === character.name.toLowerCase();
  if (figure.kind?.kind === 'creature') return figure.kind.words.some((word) => character.words.slice(1).includes(word));
  return false;
}

export function buildCast(input: { characters: StoryCharacter[]; idea: ParsedIdea; random: () => number; readerAge: number }): Cast {
  const { idea, random } = input;
  const context: Inventing = { random, used: new Set(input.characters.map((character) => character.name.toLowerCase())), readerAge: input.readerAge, ideaWords: idea.words };
  const saved = input.characters.map((character) => fromSaved(character, context));
  const subject = idea.subject;

  const figures: Character[] = [];
  const claimed = new Set<Character>();
  idea.figures.forEach((figure, index) => {
    const plainChild = figure.kind?.kind === 'person' && figure.kind.age === 'child' && !figure.kind.costume && !figure.name;
    const match = saved.find((character) => !claimed.has(character) && isSavedAs(figure, character)) ?? (index === subject && plainChild ? saved[0] : undefined);
    const character = match ?? invent(figure, context, index === subject && saved.length === 0);
    claimed.add(character);
    figures[index] = character;
  });

  const doer = subject === null ? undefined : figures[subject];
  const hero = saved[0] ?? doer ?? invent({ kind: pick(random, HERO_KINDS), noun: null, adjectives: [], name: null }, context, true);
  const friend =
    saved[1] ??
    figures.find((character) => character !== hero) ??
    invent({ kind: pick(random, FRIEND_KINDS.filter((kind) => !hero.words.includes(kind.words[0]!))), noun: null, adjectives: [], name: null }, context, false);

  const members = [...new Set([hero, friend, ...saved, doer ?? hero, ...figures])].slice(0, MAX_CAST);
  return { hero, friend, doer: doer ?? hero, others: members.filter((member) => member !== hero && member !== friend), figures, members };
}
