import {
  ARTICLES,
  DETERMINERS,
  KNOWN_VERBS,
  baseFromGerund,
  baseFromThirdPerson,
  capitalise,
  gerund,
  indefiniteArticle,
  isThirdPersonVerb,
  pastTense,
  thirdPerson,
} from './english';
import { isPluralKindWord, kindOfWord, type Kind } from './species';

/**
 * What a family's idea says, read with honest heuristics: who it is about (an article or
 * possessive, a noun, a name), what they do (a relative clause or a verb phrase), or else what it
 * is about (a noun phrase). The pieces keep the family's own words and capitals; only articles
 * are mended, and anything that cannot be read is left out rather than guessed at.
 */

/** Someone the idea speaks of. */
export interface Figure {
  kind: Kind | null;
  /** The word the idea named them by when it is not a kind we know ("zorblax"). */
  noun: string | null;
  /** Words typed before the noun: "shy", "purple". */
  adjectives: string[];
  name: string | null;
}

export interface Action {
  kind: 'deed' | 'wish' | 'mishap' | 'state';
  /** After "was going to": "open a bakery on an iceberg". */
  base: string;
  /** "opened a bakery on an iceberg", "wanted a friend", "was afraid of the dark". */
  past: string;
  /** For a title: "opens a bakery on an iceberg". */
  present: string;
  /** For a picture brief: "opening a bakery on an iceberg". */
  doing: string;
  /** What a wish is for: "a friend", "to fly". */
  wish: string | null;
  /** How it ends well, in the past: "had a friend", "found her hat again". */
  outcome: string | null;
}

/** A clause about a thing rather than a character: "the moon is lost". */
export interface IdeaEvent {
  past: string;
  outcome: string | null;
  mishap: boolean;
  /** "the lost moon", when the clause is a thing and a word for its state. */
  title: string | null;
}

export interface Topic {
  /** A noun phrase; `{hero}` and `{f0}`, `{f1}` … stand for the cast members it names. */
  phrase: string;
  /** A day or an outing ("first day at school"), which "Today was …" suits. */
  occasion: boolean;
}

export interface ParsedIdea {
  figures: Figure[];
  /** Which figure the idea is about, if any: the one who does the action. */
  subject: number | null;
  action: Action | null;
  event: IdeaEvent | null;
  topic: Topic | null;
  /** The idea's words in lower case, to steer the story's shape and the cast's things. */
  words: Set<string>;
}

interface Token {
  raw: string;
  /** Lower case, without surrounding punctuation or quotes. */
  word: string;
}

const RELATIVE_PRONOUNS = new Set(['who', 'that', 'which']);
const CONJUNCTIONS = new Set(['and', 'or', 'with', 'plus', 'et', 'y', 'und', 'e', 'och', 'og', 'en']);
const PREPOSITIONS = new Set(['of', 'at', 'to', 'in', 'on', 'into', 'for', 'from', 'by', 'under', 'over', 'near', 'behind', 'about', 'with']);
const FUNCTION_WORDS = new Set([...DETERMINERS, ...CONJUNCTIONS, ...PREPOSITIONS, ...RELATIVE_PRONOUNS, 'called', 'named', 'is', 'are', 'who']);
const NAMING_WORDS = new Set(['called', 'named']);
const COUNTING_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'many', 'some', 'lots', 'few', 'several', 'all']);
// Verbs of feeling or having: "a bear who loves honey" is how the bear is, not something it sets out to do.
const STATE_VERBS = new Set(['love', 'like', 'hate', 'know', 'believe', 'own', 'prefer', 'enjoy', 'adore', 'live', 'belong', 'fear', 'hear']);
const DESIRE_VERBS = new Set(['want', 'wish', 'need', 'hope', 'long', 'dream']);
const NOT_GERUNDS = new Set([
  'king', 'ring', 'thing', 'spring', 'morning', 'evening', 'wedding', 'building', 'ceiling', 'painting', 'string', 'wing', 'swing',
  'pudding', 'something', 'everything', 'nothing', 'anything', 'sibling', 'duckling', 'darling', 'earring', 'icing', 'stuffing',
  'lightning', 'bring', 'sling', 'sting', 'viking', 'dumpling', 'seedling', 'clothing', 'offspring', 'sing', 'thanksgiving',
]);
const OCCASIONS = new Set([
  'day', 'birthday', 'party', 'trip', 'visit', 'holiday', 'holidays', 'adventure', 'picnic', 'wedding', 'concert', 'race', 'show', 'sleepover',
  'night', 'morning', 'christmas', 'halloween', 'parade', 'festival', 'outing', 'journey', 'voyage', 'match', 'game', 'play', 'camping', 'walk',
]);
// Words with these endings are nouns, not names, even with a capital first letter.
const NOUN_ENDINGS = /(ship|ness|tion|sion|ment|ity|ism|hood|ing|s)$/;
const STATE_OUTCOMES: Record<string, string> = { lost: 'found again', missing: 'found again', gone: 'found again', stuck: 'free again', broken: 'mended', sad: 'happy again', sick: 'better again', ill: 'better again' };
const MISHAP_STATES = new Set(Object.keys(STATE_OUTCOMES));
const MISHAP_OUTCOMES: Record<string, (rest: string) => string | null> = {
  lose: (rest) => (rest ? `found ${rest} again` : null),
  forget: (rest) => (rest ? `remembered ${rest}` : null),
  break: (rest) => (rest ? `mended ${rest}` : null),
  drop: (rest) => (rest ? `picked up ${rest}` : null),
  spill: (rest) => (rest ? `cleaned up ${rest}` : null),
  fall: () => 'got up again',
  miss: () => null,
};
const NEGATIONS: Record<string, { past: string; present: string }> = {
  "can't": { past: 'could not', present: "can't" },
  cannot: { past: 'could not', present: 'cannot' },
  "doesn't": { past: 'did not', present: "doesn't" },
  "don't": { past: 'did not', present: "don't" },
  "won't": { past: 'would not', present: "won't" },
  "isn't": { past: 'was not', present: "isn't" },
};

const wordOf = (raw: string) => raw.toLowerCase().replace(/’/g, "'").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const token = (raw: string): Token => ({ raw, word: wordOf(raw) });
const isCapitalised = (raw: string) => /^[^\p{L}]*\p{Lu}/u.test(raw);
const isPossessive = (tokenValue: Token) => /['’]s$/.test(tokenValue.word) || /s['’]$/.test(tokenValue.raw);
const isPlainWord = (word: string) => /^[\p{L}][\p{L}'-]*$/u.test(word);
const phrase = (tokens: readonly Token[]) => tokens.map((item) => item.raw).join(' ').replace(/^[,\s]+|[,\s]+$/g, '');

/**
 * The idea as tokens fit to go into a sentence: no sentence punctuation inside (it would end the
 * sentence early), no braces (they mark the writer's slots), articles in lower case, no article
 * doubled or before another determiner, "a" or "an" as the next word sounds, and no dangling
 * function word at either end.
 */
function tokenise(idea: string): Token[] {
  const cleaned = idea
    .normalize('NFC')
    .replace(/[{}<>[\]|\\]/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/^\s*((a|the|my)\s+)?(story|book|tale)\s+(about|of|where|in which|with)\s+/i, '')
    .replace(/^\s*about\s+/i, '');
  let tokens = cleaned
    .split(/\s+/)
    .map((raw) => raw.replace(/[!?…;:]+/g, '').replace(/(?<!\d)\.|\.(?!\d)/g, ''))
    .filter((raw) => /[\p{L}\p{N}]/u.test(raw))
    .map(token);

  let changed = true;
  while (changed) {
    changed = false;
    const kept: Token[] = [];
    tokens.forEach((item, index) => {
      const next = tokens[index + 1];
      const doubled = next !== undefined && ((ARTICLES.has(item.word) && DETERMINERS.has(next.word)) || (DETERMINERS.has(item.word) && item.word === next.word));
      if (doubled) changed = true;
      else kept.push(item);
    });
    tokens = kept;
  }
  while (tokens.length > 0 && FUNCTION_WORDS.has(tokens.at(-1)!.word)) tokens.pop();
  while (tokens.length > 0 && (CONJUNCTIONS.has(tokens[0]!.word) || PREPOSITIONS.has(tokens[0]!.word) || RELATIVE_PRONOUNS.has(tokens[0]!.word))) tokens.shift();

  return tokens.map((item, index) => {
    if (!ARTICLES.has(item.word)) return item;
    const next = tokens[index + 1];
    const article = next && (item.word === 'a' || item.word === 'an') ? indefiniteArticle(next.raw) : item.word;
    // Only the article's letters change: a quote typed before it ("\"A tale") stays.
    return token(item.raw.replace(/\p{L}+/u, article));
  });
}

/**
 * A capital on the first word is usually only the start of the sentence: "A penguin", "Dragons",
 * "Going to the dentist". It is kept where the word reads as a name: "Mia learns", "Léa et son
 * chat", "Grandpa's garden", "Pip the penguin".
 */
function lowerSentenceCapital(tokens: Token[]): Token[] {
  const [first, next] = tokens;
  if (!first || !isCapitalised(first.raw) || /^\P{L}*\p{Lu}{2}/u.test(first.raw)) return tokens;
  const kind = kindOfWord(first.word);
  const ordinaryWord =
    DETERMINERS.has(first.word) ||
    FUNCTION_WORDS.has(first.word) ||
    KNOWN_VERBS.has(first.word) ||
    (kind !== undefined && !(kind.kind === 'person' && kind.title && isPossessive(first))) ||
    isGerundWord(first.word) ||
    (NOUN_ENDINGS.test(first.word) && !isPossessive(first));
  const readsAsName =
    !ordinaryWord &&
    (next === undefined ||
      isPossessive(first) ||
      CONJUNCTIONS.has(next.word) ||
      next.word === 'the' ||
      isThirdPersonVerb(next.word) ||
      isCapitalised(next.raw));
  if (readsAsName || first.word === 'i') return tokens;
  return [token(first.raw.replace(/\p{Lu}/u, (letter) => letter.toLocaleLowerCase('en'))), ...tokens.slice(1)];
}

const isGerundWord = (word: string) => word.length > 4 && word.endsWith('ing') && !NOT_GERUNDS.has(word);

/** A name as the story writes it: as typed, with a capital first letter. */
const asName = (tokens: readonly Token[]) => capitalise(phrase(tokens).replace(/^["'“‘]+|["'”’]+$/g, ''));

/** Who a noun phrase names: "a shy robot", "my daughter Mia", "Pip the penguin", "a zorblax". */
function readFigure(tokens: readonly Token[], unknownNounIsCharacter: boolean): Figure | null {
  let rest = tokens.filter((item) => !DETERMINERS.has(item.word) && !isPossessive(item));
  let name: string | null = null;
  const naming = rest.findIndex((item) => NAMING_WORDS.has(item.word));
  if (naming >= 0) {
    const named = rest.slice(naming + 1);
    if (named.length > 0) name = asName(named);
    rest = rest.slice(0, naming);
  }
  const kindIndex = rest.findLastIndex((item) => kindOfWord(item.word) !== undefined);
  const namesAmong = (part: readonly Token[]) => part.filter((item) => isCapitalised(item.raw) && !ARTICLES.has(item.word) && kindOfWord(item.word) === undefined);
  const adjectivesAmong = (part: readonly Token[]) =>
    part
      .filter((item) => !isCapitalised(item.raw) && isPlainWord(item.word) && !FUNCTION_WORDS.has(item.word) && !COUNTING_WORDS.has(item.word) && !kindOfWord(item.word))
      .map((item) => item.word)
      .slice(-2);
  if (kindIndex >= 0) {
    const kind = kindOfWord(rest[kindIndex]!.word)!;
    const before = rest.slice(0, kindIndex);
    const after = rest.slice(kindIndex + 1);
    // "my daughter mia": a plain word after the noun, typed without its capital, is still the name.
    const [next] = after;
    const uncapitalisedName = next && !isCapitalised(next.raw) && isPlainWord(next.word) && !FUNCTION_WORDS.has(next.word) && !KNOWN_VERBS.has(next.word) && !kindOfWord(next.word) ? [token(capitalise(next.raw))] : [];
    const typedNames = [...namesAmong(before), ...namesAmong(after), ...uncapitalisedName];
    // A capitalised kind after a name is part of it: "the Tooth Fairy", "Captain Bear".
    const kindInName = isCapitalised(rest[kindIndex]!.raw) && namesAmong(before).length > 0 && after.length === 0;
    if (!name && typedNames.length > 0) name = asName(kindInName ? [...namesAmong(before), rest[kindIndex]!] : typedNames);
    return { kind, noun: null, adjectives: adjectivesAmong(before), name };
  }
  if (rest.length > 0 && rest.every((item) => isCapitalised(item.raw))) return { kind: null, noun: null, adjectives: [], name: asName(rest) };
  if (name) return { kind: null, noun: null, adjectives: [], name };
  const head = rest.at(-1);
  if (unknownNounIsCharacter && head && isPlainWord(head.word)) return { kind: null, noun: head.word, adjectives: adjectivesAmong(rest.slice(0, -1)), name: null };
  return null;
}

/** A verb phrase whose verbs can be put in another form: "opens a bakery and sells buns". */
function conjugator(tokens: readonly Token[], plural: boolean) {
  const verbAt = new Map<number, string>();
  const markVerb = (index: number) => {
    const item = tokens[index];
    if (!item) return;
    if (isThirdPersonVerb(item.word)) verbAt.set(index, baseFromThirdPerson(item.word));
    else if ((plural || index === 0) && KNOWN_VERBS.has(item.word)) verbAt.set(index, item.word);
  };
  markVerb(0);
  tokens.forEach((item, index) => {
    if (item.word === 'and' || item.word === 'then' || item.word === 'but') markVerb(index + 1);
  });
  return (form: (base: string) => string) => tokens.map((item, index) => (verbAt.has(index) ? form(verbAt.get(index)!) : item.raw)).join(' ').replace(/[,\s]+$/, '');
}

/** What a verb phrase says the subject does, wishes, suffers or is. */
function readAction(tokens: readonly Token[], plural: boolean): Action | null {
  const [verb, next] = tokens;
  if (!verb) return null;
  const restTokens = tokens.slice(1);
  const rest = phrase(restTokens);
  const be = plural ? 'are' : 'is';

  if (verb.word === 'is' || verb.word === 'are') {
    if (next && isGerundWord(next.word) && !MISHAP_STATES.has(next.word)) return readAction([token(baseFromGerund(next.word)), ...tokens.slice(2)], true);
    if (!rest) return null;
    const pastBe = pastTense('be', plural);
    const state = next ? STATE_OUTCOMES[next.word] : undefined;
    return {
      kind: next && MISHAP_STATES.has(next.word) ? 'mishap' : 'state',
      base: `be ${rest}`,
      past: `${pastBe} ${rest}`,
      present: `${be} ${rest}`,
      doing: `being ${rest}`,
      wish: null,
      outcome: state ? `${pastBe} ${state}` : null,
    };
  }
  const negation = NEGATIONS[verb.word] ?? (verb.word === 'can' && next?.word === 'not' ? NEGATIONS.cannot : undefined) ?? (verb.word === 'does' && next?.word === 'not' ? NEGATIONS["doesn't"] : undefined);
  if (negation) {
    const what = phrase(tokens.slice(next?.word === 'not' ? 2 : 1));
    if (!what) return null;
    return { kind: 'state', base: `not ${what}`, past: `${negation.past} ${what}`, present: `${negation.present} ${what}`, doing: `trying to ${what}`, wish: null, outcome: null };
  }
  if (verb.word === 'can') {
    if (!rest) return null;
    return { kind: 'state', base: `be able to ${rest}`, past: `could ${rest}`, present: `can ${rest}`, doing: conjugator(restTokens, true)(gerund), wish: null, outcome: null };
  }
  const base = plural ? verb.word : baseFromThirdPerson(verb.word);
  if ((base === 'have' || base === 'need') && next?.word === 'to') return readAction(tokens.slice(2), true);
  if (base === 'have' && rest) {
    return { kind: 'state', base: `have ${rest}`, past: `had ${rest}`, present: `${thirdPerson('have')} ${rest}`, doing: `with ${rest}`, wish: null, outcome: null };
  }
  if (DESIRE_VERBS.has(base) && rest) return readWish(base, restTokens);
  if (base === 'get' && next && MISHAP_STATES.has(next.word)) {
    return { kind: 'mishap', base: `get ${rest}`, past: `got ${rest}`, present: `gets ${rest}`, doing: `getting ${rest}`, wish: null, outcome: next.word === 'lost' ? 'found the way home' : null };
  }
  const conjugate = conjugator(tokens, plural);
  const outcome = MISHAP_OUTCOMES[base];
  return {
    kind: outcome ? 'mishap' : STATE_VERBS.has(base) ? 'state' : 'deed',
    base: conjugate((verbBase) => verbBase),
    past: conjugate((verbBase) => pastTense(verbBase, plural)),
    present: conjugate(thirdPerson),
    doing: conjugate(gerund),
    wish: null,
    outcome: outcome ? outcome(rest) : null,
  };
}

/** "wants a friend", "wants to fly", "dreams of flying", "wishes for snow". */
function readWish(verb: string, rest: readonly Token[]): Action {
  const [first, second] = rest;
  const typed = phrase(rest);
  let wish: string;
  let outcome: string;
  if (first?.word === 'to' && rest.length > 1) {
    const goal = rest.slice(1);
    wish = `to ${phrase(goal)}`;
    outcome = conjugator(goal, true)((base) => pastTense(base));
  } else if ((first?.word === 'of' || first?.word === 'about') && second && isGerundWord(second.word)) {
    const goal = [token(baseFromGerund(second.word)), ...rest.slice(2)];
    wish = `to ${phrase(goal)}`;
    outcome = conjugator(goal, true)((base) => pastTense(base));
  } else {
    const wanted = first?.word === 'for' || first?.word === 'of' ? rest.slice(1) : rest;
    wish = phrase(wanted);
    outcome = `had ${wish}`;
  }
  return { kind: 'wish', base: `${verb} ${typed}`, past: `${pastTense(verb)} ${typed}`, present: `${thirdPerson(verb)} ${typed}`, doing: `${gerund(verb)} ${typed}`, wish, outcome };
}

/** Where a clause's verb is: the first verb after something that can be its subject. */
function findVerb(tokens: readonly Token[]): number {
  for (let index = 1; index < tokens.length; index++) {
    const item = tokens[index]!;
    const before = tokens[index - 1]!;
    if (FUNCTION_WORDS.has(before.word) && !isCapitalised(before.raw)) continue;
    if (isPossessive(before)) continue;
    const pluralSubject = isPluralKindWord(before.word) || ['i', 'we', 'they', 'you'].includes(before.word);
    const finite = isThirdPersonVerb(item.word) || item.word in NEGATIONS || item.word === 'can' || item.word === 'are' || (pluralSubject && KNOWN_VERBS.has(item.word));
    if (finite) return index;
  }
  return -1;
}

const SUBJECT_PRONOUNS = new Set(['i', 'we', 'they', 'you', 'he', 'she']);

export function parseIdea(idea: string): ParsedIdea {
  // An idea typed in capitals is shouted, not a list of names.
  const shouted = /\p{Lu}.*\p{Lu}/u.test(idea) && !/\p{Ll}/u.test(idea);
  const tokens = lowerSentenceCapital(tokenise(shouted ? idea.toLocaleLowerCase('en') : idea));
  const words = new Set(tokens.map((item) => item.word));
  const empty: ParsedIdea = { figures: [], subject: null, action: null, event: null, topic: null, words };
  if (tokens.length === 0) return empty;

  const relative = tokens.findIndex((item, index) => index > 0 && RELATIVE_PRONOUNS.has(item.word));
  if (relative > 0 && relative < tokens.length - 1) {
    const subjectTokens = tokens.slice(0, relative);
    // "who" makes even an unknown noun someone ("a zorblax who sings"); "a hat that is too big" stays a thing.
    const figure = readFigure(subjectTokens, tokens[relative]!.word === 'who');
    const plural = isPluralKindWord(subjectTokens.at(-1)!.word);
    const action = readAction(tokens.slice(relative + 1), plural);
    if (figure && action) return { ...empty, figures: [figure, ...possessors(subjectTokens)], subject: 0, action };
  }

  const verbIndex = findVerb(tokens);
  if (verbIndex > 0) {
    const subjectTokens = tokens.slice(0, verbIndex);
    const head = subjectTokens.at(-1)!;
    const plural = isPluralKindWord(head.word) || ['we', 'they', 'you', 'i'].includes(head.word) || tokens[verbIndex]!.word === 'are';
    const action = readAction(tokens.slice(verbIndex), plural);
    const pronoun = subjectTokens.length === 1 && SUBJECT_PRONOUNS.has(head.word);
    const figure = pronoun ? { kind: kindOfWord('child')!, noun: null, adjectives: [], name: null } : readFigure(subjectTokens, false);
    if (action && figure) return { ...empty, figures: [figure, ...possessors(subjectTokens)], subject: 0, action };
    if (action) return { ...empty, event: readEvent(subjectTokens, action, tokens[verbIndex + 1]) };
  }

  if (isGerundWord(tokens[0]!.word)) {
    const action = readAction([token(baseFromGerund(tokens[0]!.word)), ...tokens.slice(1)], true);
    if (action) return { ...empty, action: { ...action, doing: phrase(tokens) } };
  }

  return readNounPhrase(tokens, words);
}

/** The owners a noun phrase names: "Grandpa's" in "Grandpa's garden". */
function possessors(tokens: readonly Token[]): Figure[] {
  return tokens.flatMap((item) => {
    const owner = isPossessive(item) && (isCapitalised(item.raw) || kindOfWord(item.word) !== undefined) ? readFigure([withoutPossessive(item)], false) : null;
    return owner ? [owner] : [];
  });
}

const withoutPossessive = (item: Token) => token(item.raw.replace(/['’]s?$/, ''));

function readEvent(subjectTokens: readonly Token[], action: Action, stateWord: Token | undefined): IdeaEvent {
  const subject = phrase(subjectTokens);
  const [determiner, ...noun] = subjectTokens;
  const describable = action.present.split(' ').length === 2 && stateWord !== undefined && determiner !== undefined && ARTICLES.has(determiner.word) && noun.length > 0;
  return {
    past: `${subject} ${action.past}`,
    outcome: action.outcome ? `${subject} ${action.outcome}` : null,
    mishap: action.kind === 'mishap',
    title: describable ? `the ${stateWord.raw} ${phrase(noun)}` : null,
  };
}

/**
 * An idea without a verb: the characters it names ("a bear and a bunny", "dragons", "Grandpa's
 * garden") and, when it says more than who, what it is about.
 */
function readNounPhrase(tokens: readonly Token[], words: Set<string>): ParsedIdea {
  const figures: Figure[] = [];
  let subject: number | null = null;
  let onlyCharacters = true;
  const rendered: string[] = [];
  const segments: Token[][] = [[]];
  tokens.forEach((item) => (CONJUNCTIONS.has(item.word) ? segments.push([item], []) : segments.at(-1)!.push(item)));

  for (const segment of segments) {
    if (segment.length === 1 && CONJUNCTIONS.has(segment[0]!.word)) {
      rendered.push(segment[0]!.raw);
      continue;
    }
    // A kind of animal or person names someone only as the head of its phrase: "a dragon", "a dragon
    // called Ember", "a dragon in a cave"; not "dragon eggs" (a thing) or French "son chat" (his cat).
    const kindIndex = segment.findIndex((item, index) => {
      const next = segment[index + 1];
      const isHead = !next || isCapitalised(next.raw) || PREPOSITIONS.has(next.word) || NAMING_WORDS.has(next.word);
      return kindOfWord(item.word) !== undefined && !isPossessive(item) && isHead;
    });
    const names = segment.filter((item, index) => isCapitalised(item.raw) && !isPossessive(item) && !ARTICLES.has(item.word) && (index > 0 || segment.length === 1 || segments.length > 1));
    const whole = kindIndex >= 0 || (names.length > 0 && names.length === segment.filter((item) => !DETERMINERS.has(item.word)).length && (segments.length > 1 || tokens.length > 1));
    if (whole) {
      const figure = readFigure(segment, false);
      if (figure) {
        subject ??= figures.length;
        rendered.push(`{f${figures.length}}`);
        figures.push(figure);
        continue;
      }
    }
    onlyCharacters = false;
    rendered.push(renderTopicSegment(segment, figures));
  }
  // With only owners named ("Mia's birthday", "Grandpa's garden"), the story is about the owner, unless a grown-up: then a child visits.
  if (subject === null) {
    const owner = figures.findIndex((figure) => figure.kind?.kind !== 'person' || !figure.kind.title);
    subject = owner >= 0 ? owner : null;
  }

  let topic: Topic | null = null;
  const phraseText = rendered.join(' ').trim();
  if (!onlyCharacters && phraseText) {
    const headIndex = tokens.findIndex((item, index) => index > 0 && PREPOSITIONS.has(item.word));
    const head = tokens[(headIndex > 0 ? headIndex : tokens.length) - 1]!.word;
    topic = { phrase: phraseText, occasion: OCCASIONS.has(head) };
    // The subject's own name inside what the story is about reads twice ("Léa … Léa et son chat").
    if (subject !== null && topic.phrase.includes(`{f${subject}}`) && !topic.phrase.includes(`{f${subject}}'s`)) topic = null;
  }
  return { figures, subject, action: null, event: null, topic, words };
}

/**
 * One part of what an idea is about, with the owners it names made cast members ("Grandpa's
 * garden" → "{f0}'s garden") and "my" read as the hero's for a day ("my first day at school" →
 * "{hero}'s first day at school") or as "the" for a thing ("my garden" → "the garden").
 */
function renderTopicSegment(segment: readonly Token[], figures: Figure[]): string {
  const occasion = segment.some((item) => OCCASIONS.has(item.word));
  const parts: string[] = [];
  segment.forEach((item, index) => {
    const next = segment[index + 1];
    if (['my', 'our', 'your'].includes(item.word)) {
      if (next && isPossessive(next) && kindOfWord(next.word)) return;
      parts.push(occasion && !next?.raw.endsWith("'s") ? '{hero}\'s' : 'the');
      return;
    }
    if (isPossessive(item) && (isCapitalised(item.raw) || kindOfWord(item.word))) {
      const owner = readFigure([withoutPossessive(item)], false);
      if (owner) {
        parts.push(`{f${figures.length}}'s`);
        figures.push(owner);
        return;
      }
    }
    parts.push(item.raw);
  });
  return parts.join(' ');
}
