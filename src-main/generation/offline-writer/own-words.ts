import type { StoryDraft, StoryRequest } from '../providers/provider-types';
import { blurbFor } from './blurb';
import { buildCast, type Character } from './cast';
import { DETERMINERS, KNOWN_VERBS, joinNames } from './english';
import type { Figure, ParsedIdea } from './idea';
import { kindOfWord } from './species';
import { OWN_WORDS_BLURBS, OWN_WORDS_SOLO_BLURBS } from './story-shapes';
import { titleFor } from './title';

/**
 * "Keep my words": the child's pages exactly as written. The writer finds who the words name
 * (capitalised names, "Tom the cat", "the dragon"), makes them the cast beside the saved
 * characters, and adds who each page shows, picture briefs from the page's words, a title and a
 * blurb.
 */

// Capitalised words that start sentences without being anyone's name.
const SENTENCE_STARTERS = new Set([
  'the', 'then', 'once', 'one', 'yesterday', 'today', 'tomorrow', 'after', 'when', 'finally', 'but', 'and', 'so', 'there', 'it', 'he', 'she',
  'they', 'we', 'i', 'you', 'in', 'on', 'at', 'with', 'up', 'down', 'next', 'soon', 'later', 'every', 'all', 'no', 'yes', 'oh', 'wow', 'what',
  'where', 'why', 'how', 'who', 'now', 'here', 'because', 'if', 'while', 'first', 'last', 'by', 'from', 'into', 'out', 'over', 'under', 'before',
  'meanwhile', 'everyone', 'everybody', 'nobody', 'someone', 'something', 'nothing', 'hello', 'hi', 'bye', 'goodbye', 'please', 'thank', 'thanks',
  'ok', 'okay', 'again', 'even', 'just', 'maybe', 'also', 'still', 'as', 'not', 'do', 'did', 'can', 'could', 'will', 'would', 'let', "let's", 'me',
  'us', 'him', 'them', 'some', 'many', 'lots', 'big', 'little', 'good', 'night', 'morning', 'day', 'monday', 'tuesday', 'wednesday', 'thursday',
  'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'end', 'happy', 'sadly', 'never', 'always', 'suddenly', "i'm", "i'll", "it's", "that's", "there's", "he's", "she's",
]);
// Words that name the speaker or the listener, not a character to draw.
const PRONOUN_KIND_WORDS = new Set(['i', 'me', 'we', 'us', 'friend', 'friends', 'hero', 'kid', 'kids']);

const bare = (raw: string) => raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}'’]+$/gu, '').replace(/['’]s$/, '');

/** Who the child's words name, in the order they first appear. */
function figuresInWords(pages: readonly string[]): Figure[] {
  const figures: Figure[] = [];
  const known = new Map<string, Figure>();
  for (const text of pages) {
    const tokens = text.split(/\s+/).filter(Boolean);
    tokens.forEach((raw, index) => {
      const word = bare(raw);
      const lower = word.toLowerCase();
      if (!word || known.has(lower)) return;
      const startsSentence = index === 0 || /[.!?]["”’')]*$/.test(tokens[index - 1]!);
      const kind = kindOfWord(lower);
      if (kind && !PRONOUN_KIND_WORDS.has(lower)) {
        const namedBefore = tokens[index - 1]?.toLowerCase() === 'the' && tokens[index - 2] ? known.get(bare(tokens[index - 2]!).toLowerCase()) : undefined;
        if (namedBefore && !namedBefore.kind) namedBefore.kind = kind;
        else if (![...known.values()].some((figure) => figure.kind === kind)) {
          const figure: Figure = { kind, noun: null, adjectives: [], name: /^\p{Lu}/u.test(word) && kind.kind === 'person' && kind.title ? word : null };
          figures.push(figure);
          for (const kindWord of kind.words) known.set(kindWord, figure);
        }
        return;
      }
      const looksLikeName = /^\p{Lu}\p{Ll}/u.test(word) && !SENTENCE_STARTERS.has(lower) && !DETERMINERS.has(lower) && !lower.endsWith('ly') && !KNOWN_VERBS.has(lower);
      const nameAgainMidSentence = tokens.some((other, otherIndex) => otherIndex > 0 && bare(other) === word && !/[.!?]["”’')]*$/.test(tokens[otherIndex - 1]!));
      // At the start of a sentence, "Pancakes" or "Running" is more likely a word than a name.
      if (looksLikeName && (!startsSentence || nameAgainMidSentence || !/(ing|s)$/.test(lower))) {
        const figure: Figure = { kind: null, noun: null, adjectives: [], name: word };
        figures.push(figure);
        known.set(lower, figure);
      }
    });
  }
  return figures;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const says = (text: string, word: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${escaped(word)}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
const named = (text: string, member: Character) => member.words.some((word) => !PRONOUN_KIND_WORDS.has(word.toLowerCase()) && says(text, word));

export function keepOwnWords(input: { request: StoryRequest; ownWords: readonly string[]; idea: ParsedIdea; random: () => number }): StoryDraft {
  const { request, ownWords, idea, random } = input;
  const figures = figuresInWords(ownWords).slice(0, 8);
  // The words decide who the story is about; the idea only when the words name no one.
  const storyIdea: ParsedIdea = figures.length > 0 ? { figures, subject: 0, action: null, event: null, topic: null, words: idea.words } : idea;
  const cast = buildCast({ characters: request.characters, idea: storyIdea, random, readerAge: request.readerAge });
  const onPages = ownWords.map((text) => {
    const members = cast.members.filter((member) => named(text, member));
    return members.length > 0 ? members : [cast.hero];
  });
  const saved = new Set(request.characters.map((character) => character.name));
  const members = cast.members.filter((member) => member === cast.hero || saved.has(member.name) || onPages.some((page) => page.includes(member)));
  const [, second] = members;
  const blurbCast = { ...cast, friend: second ?? cast.hero };

  return {
    title: titleFor({ idea: storyIdea, typedIdea: request.idea, cast: blurbCast, topic: null, shapeTitles: second ? ["{hero}'s Story", '{hero} and {friend}'] : ["{hero}'s Story"] }),
    blurb: blurbFor(second ? OWN_WORDS_BLURBS : OWN_WORDS_SOLO_BLURBS, blurbCast, request.idea, random),
    cast: members.map(({ name, look }) => ({ name, look })),
    pages: ownWords.map((text, index) => {
      const shown = onPages[index]!;
      const moment = text.replace(/["“”«»„]/g, '').replace(/\s+/g, ' ').trim().slice(0, 600);
      return {
        text,
        illustrationBrief: `${joinNames(shown.map((member) => member.name))}, in the moment these words tell: ${moment}`,
        cast: shown.map((member) => member.name),
      };
    }),
  };
}
