/**
 * The small amount of English grammar the offline writer needs to work a family's idea into its
 * sentences: articles, verb forms, capitals and counting. Heuristics, not a parser: each rule
 * covers the common case and leaves anything it does not recognise as typed.
 */

export const ARTICLES = new Set(['a', 'an', 'the']);
export const DETERMINERS = new Set([...ARTICLES, 'my', 'your', 'our', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those', 'some', 'one']);

// Words spelled with a vowel that start with a consonant sound, and the reverse.
const CONSONANT_SOUND_VOWELS = /^(uni|use|usu|uk|ur[aeiou]|eu|ewe|one|once|ouija)/i;
const VOWEL_SOUND_CONSONANTS = /^(hour|honest|honou?r|heir|herb\b|[fhlmnrsx]\b)/i;

/** "a" or "an", by how the word sounds. */
export function indefiniteArticle(word: string): 'a' | 'an' {
  const letters = word.replace(/^[^\p{L}\p{N}]+/u, '');
  if (VOWEL_SOUND_CONSONANTS.test(letters)) return 'an';
  if (CONSONANT_SOUND_VOWELS.test(letters)) return 'a';
  return /^[aeiouàáâäæèéêëìíîïòóôöœùúûü8]/i.test(letters) || /^(11|18)(\D|$)/.test(letters) ? 'an' : 'a';
}

export const withIndefiniteArticle = (phrase: string) => `${indefiniteArticle(phrase)} ${phrase}`;

/** Upper-cases the first letter, skipping any opening quotes or brackets before it. */
export function capitalise(text: string): string {
  return text.replace(/^([^\p{L}\p{N}]*)(\p{L})/u, (_, before: string, letter: string) => `${before}${letter.toLocaleUpperCase('en')}`);
}

/** Every sentence of a text starting with a capital letter. */
export function capitaliseSentences(text: string): string {
  return text.replace(/(^|[.!?]["”’')]*\s+)([^\p{L}\p{N}]*)(\p{L})/gu, (_, end: string, before: string, letter: string) => `${end}${before}${letter.toLocaleUpperCase('en')}`);
}

const SMALL_TITLE_WORDS = new Set(['a', 'an', 'the', 'and', 'but', 'or', 'nor', 'for', 'of', 'on', 'in', 'at', 'to', 'by', 'up', 'as', 'with', 'from', 'into']);

/**
 * Title case: small words lower-case except first and last, every other word with a capital
 * first letter; capitals already typed (names, "McDuff") are kept.
 */
export function titleCase(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words
    .map((word, index) => {
      const bare = word.toLowerCase();
      if (index > 0 && index < words.length - 1 && SMALL_TITLE_WORDS.has(bare)) return bare;
      return capitalise(word);
    })
    .join(' ');
}

/**
 * Words as a reading measure counts them, erring high: every whitespace-separated token counts,
 * and hyphenated or slashed words count once per part.
 */
export function countWords(text: string): number {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .reduce((total, token) => total + Math.max(1, token.split(/[-–—/]+/).filter((part) => /[\p{L}\p{N}]/u.test(part)).length), 0);
}

// Verbs whose forms do not follow the rules, as [base, third person, past].
const IRREGULAR_VERBS: [string, string, string][] = [
  ['be', 'is', 'was'], ['have', 'has', 'had'], ['do', 'does', 'did'], ['go', 'goes', 'went'], ['say', 'says', 'said'],
  ['make', 'makes', 'made'], ['take', 'takes', 'took'], ['find', 'finds', 'found'], ['lose', 'loses', 'lost'], ['see', 'sees', 'saw'],
  ['come', 'comes', 'came'], ['get', 'gets', 'got'], ['give', 'gives', 'gave'], ['fly', 'flies', 'flew'], ['run', 'runs', 'ran'],
  ['swim', 'swims', 'swam'], ['ride', 'rides', 'rode'], ['eat', 'eats', 'ate'], ['drink', 'drinks', 'drank'], ['sing', 'sings', 'sang'],
  ['sleep', 'sleeps', 'slept'], ['feel', 'feels', 'felt'], ['build', 'builds', 'built'], ['bring', 'brings', 'brought'], ['buy', 'buys', 'bought'],
  ['catch', 'catches', 'caught'], ['think', 'thinks', 'thought'], ['teach', 'teaches', 'taught'], ['fall', 'falls', 'fell'], ['forget', 'forgets', 'forgot'],
  ['break', 'breaks', 'broke'], ['wake', 'wakes', 'woke'], ['write', 'writes', 'wrote'], ['draw', 'draws', 'drew'], ['grow', 'grows', 'grew'],
  ['know', 'knows', 'knew'], ['throw', 'throws', 'threw'], ['blow', 'blows', 'blew'], ['hide', 'hides', 'hid'], ['leave', 'leaves', 'left'],
  ['meet', 'meets', 'met'], ['read', 'reads', 'read'], ['sit', 'sits', 'sat'], ['stand', 'stands', 'stood'], ['tell', 'tells', 'told'],
  ['win', 'wins', 'won'], ['begin', 'begins', 'began'], ['keep', 'keeps', 'kept'], ['dig', 'digs', 'dug'], ['hold', 'holds', 'held'],
  ['spin', 'spins', 'spun'], ['sweep', 'sweeps', 'swept'], ['shine', 'shines', 'shone'], ['spend', 'spends', 'spent'], ['send', 'sends', 'sent'],
  ['wear', 'wears', 'wore'], ['choose', 'chooses', 'chose'], ['speak', 'speaks', 'spoke'], ['feed', 'feeds', 'fed'], ['hear', 'hears', 'heard'],
  ['pay', 'pays', 'paid'], ['put', 'puts', 'put'], ['set', 'sets', 'set'], ['cut', 'cuts', 'cut'], ['let', 'lets', 'let'], ['hit', 'hits', 'hit'],
  ['become', 'becomes', 'became'], ['understand', 'understands', 'understood'], ['slide', 'slides', 'slid'], ['swing', 'swings', 'swung'],
  ['stick', 'sticks', 'stuck'], ['sink', 'sinks', 'sank'], ['ring', 'rings', 'rang'], ['drive', 'drives', 'drove'], ['rise', 'rises', 'rose'],
  ['shake', 'shakes', 'shook'], ['light', 'lights', 'lit'], ['lead', 'leads', 'led'], ['sell', 'sells', 'sold'],
  ['lie', 'lies', 'lay'], ['steal', 'steals', 'stole'], ['tear', 'tears', 'tore'], ['can', 'can', 'could'], ['will', 'will', 'would'],
  ['mean', 'means', 'meant'], ['bite', 'bites', 'bit'], ['hang', 'hangs', 'hung'], ['shoot', 'shoots', 'shot'], ['fight', 'fights', 'fought'],
  ['freeze', 'freezes', 'froze'], ['seek', 'seeks', 'sought'],
];
const BASE_BY_THIRD = new Map(IRREGULAR_VERBS.map(([base, third]) => [third, base]));
const PAST_BY_BASE = new Map(IRREGULAR_VERBS.map(([base, , past]) => [base, past]));
const THIRD_BY_BASE = new Map(IRREGULAR_VERBS.map(([base, third]) => [base, third]));

/**
 * Common verbs in their base form, for telling "a cat plays" (a verb) from "cats and dogs" (a
 * plural noun) when no "who" marks the verb.
 */
export const KNOWN_VERBS = new Set([
  ...IRREGULAR_VERBS.map(([base]) => base),
  'open', 'close', 'bake', 'want', 'wish', 'need', 'hope', 'like', 'love', 'hate', 'try', 'help', 'play', 'visit', 'live', 'look',
  'search', 'explore', 'travel', 'walk', 'jump', 'dance', 'climb', 'paint', 'cook', 'plant', 'save', 'rescue', 'discover', 'invent', 'fix',
  'mend', 'clean', 'wash', 'count', 'share', 'start', 'finish', 'join', 'move', 'miss', 'drop', 'spill', 'worry', 'cry', 'laugh', 'smile',
  'wonder', 'wait', 'bounce', 'roll', 'skate', 'ski', 'sail', 'row', 'fish', 'hunt', 'collect', 'deliver', 'carry', 'follow', 'chase',
  'learn', 'stay', 'turn', 'celebrate', 'decide', 'dress', 'knit', 'sew', 'hug', 'kiss', 'stop', 'shop', 'hop', 'skip', 'clap', 'nap',
  'wave', 'listen', 'watch', 'call', 'ask', 'answer', 'talk', 'shout', 'whisper', 'belong', 'pretend', 'imagine', 'remember', 'arrive',
  'escape', 'hurry', 'reach', 'touch', 'paddle', 'splash', 'float', 'wiggle', 'giggle', 'tickle', 'sneeze', 'yawn', 'snore', 'dream',
  'bloom', 'melt', 'tidy', 'organise', 'organize', 'prepare', 'practise', 'practice', 'train', 'race', 'rush', 'guard', 'protect', 'tame',
  'befriend', 'adopt', 'wander', 'roam', 'hike', 'camp', 'land', 'launch', 'crash', 'sparkle', 'glow', 'rain', 'snow', 'vanish',
  'disappear', 'appear',
]);

// One-syllable verbs ending consonant-vowel-consonant double it: stop, stopped, stopping.
const doublesLastConsonant = (verb: string) => /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(verb);

/** "opens" → "open", "flies" → "fly", "watches" → "watch", "goes" → "go", "has" → "have". */
export function baseFromThirdPerson(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular = BASE_BY_THIRD.get(lower);
  if (irregular) return irregular;
  if (/ies$/.test(lower)) return lower.length <= 4 ? lower.slice(0, -1) : `${lower.slice(0, -3)}y`;
  if (/(ch|sh|x|ss|zz|o)es$/.test(lower)) return lower.slice(0, -2);
  if (/s$/.test(lower) && !/(ss|us|is)$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

/** A verb's third-person form: "open" → "opens". */
export function thirdPerson(verb: string): string {
  const irregular = THIRD_BY_BASE.get(verb);
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  if (/(ch|sh|x|s|z|o)$/.test(verb)) return `${verb}es`;
  return `${verb}s`;
}

/** A verb's simple past: "open" → "opened", "ride" → "rode", "be" → "was". */
export function pastTense(verb: string, plural = false): string {
  if (verb === 'be') return plural ? 'were' : 'was';
  const irregular = PAST_BY_BASE.get(verb);
  if (irregular) return irregular;
  if (/e$/.test(verb)) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  if (doublesLastConsonant(verb)) return `${verb}${verb.at(-1)}ed`;
  return `${verb}ed`;
}

/** A verb's -ing form: "ride" → "riding", "swim" → "swimming", "lie" → "lying". */
export function gerund(verb: string): string {
  if (/ie$/.test(verb)) return `${verb.slice(0, -2)}ying`;
  if (/[^aeiou]e$/.test(verb) && verb !== 'be') return `${verb.slice(0, -1)}ing`;
  if (doublesLastConsonant(verb)) return `${verb}${verb.at(-1)}ing`;
  return `${verb}ing`;
}

/** Back from an -ing form: "going" → "go", "riding" → "ride", "swimming" → "swim". */
export function baseFromGerund(word: string): string {
  const stem = word.toLowerCase().replace(/ing$/, '');
  if (stem.endsWith('y') && stem.length <= 2) return `${stem.slice(0, -1)}ie`;
  if (KNOWN_VERBS.has(stem)) return stem;
  if (/([^aeiouls])\1$/.test(stem)) return stem.slice(0, -1);
  if (KNOWN_VERBS.has(`${stem}e`)) return `${stem}e`;
  // Unknown verbs: "bak" reads as "bake", one vowel before a final consonant.
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(stem)) return `${stem}e`;
  return stem;
}

/** True for a word that is a third-person verb we know: "opens", "is", "flies". */
export function isThirdPersonVerb(word: string): boolean {
  const lower = word.toLowerCase();
  if (BASE_BY_THIRD.has(lower)) return true;
  return /s$/.test(lower) && lower !== baseFromThirdPerson(lower) && KNOWN_VERBS.has(baseFromThirdPerson(lower));
}

/** Names joined as a parent reads them: "Pip", "Pip and Bea", "Pip, Bea and Mo". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

export const numberWord = (count: number) => NUMBER_WORDS[count] ?? String(count);
