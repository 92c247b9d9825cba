import { MAX_BLURB_CHARACTERS } from '../../src-preload/contract';
import type { StoryCharacter, StoryRequest } from './providers/provider-types';

const ART_STYLE_WORDS: Record<string, string> = {
  watercolor: 'soft watercolor picture-book illustration, gentle washes, warm light',
  crayon: "bright crayon drawing with a child's hand-drawn charm, textured paper",
  'paper-cut': 'layered paper-cut collage illustration, crisp shapes, subtle shadows',
  storybook: 'classic storybook illustration, detailed ink lines with warm colours',
  clay: 'claymation-style illustration, rounded sculpted shapes, soft studio light',
};

export function storyInstructions(request: StoryRequest): string {
  const characters =
    request.characters.length > 0
      ? request.characters.map((character) => `- ${character.name}: ${character.traits.join(', ') || 'no details given'}`).join('\n')
      : '- (none given: invent one friendly main character)';
  return [
    `You write picture books for children aged ${request.readerAge}.`,
    `Write in the language with code "${request.language}". Tone: ${request.tone}.`,
    `Write exactly ${request.pageCount} pages. Each page has 1 to 3 short sentences a parent reads aloud, with words a ${request.readerAge}-year-old knows.`,
    'Keep every character the same from page to page. Nothing frightening, violent, rude or unsafe: this book is for a young child.',
    "For each page, also write an illustration brief: what the picture shows (who, where, doing what), in English, with no words or letters in the picture.",
    `Also write the blurb for the back cover, in the book's language: two or three sentences (at most ${MAX_BLURB_CHARACTERS} characters) for the parent of a ${request.readerAge}-year-old, saying who the story is about and why it is a joy to read together, without giving away the ending.`,
    `Characters:\n${characters}`,
  ].join('\n');
}

/** Each character's fixed look, repeated in every page's prompt so pictures agree with each other. */
export function characterSheet(characters: StoryCharacter[]): string {
  return characters.map((character) => `CHARACTER ${character.name}: ${character.traits.join(', ') || 'as in the story'}`).join('. ');
}

export function picturePrompt(input: { characters: StoryCharacter[]; artStyle: string; brief: string }): string {
  const style = ART_STYLE_WORDS[input.artStyle] ?? input.artStyle;
  const sheet = characterSheet(input.characters);
  return [`${style}.`, sheet ? `${sheet}.` : '', `Scene: ${input.brief}.`, 'No text, letters or numbers in the picture. Friendly and safe for young children.']
    .filter(Boolean)
    .join(' ');
}
