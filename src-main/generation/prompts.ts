import { MAX_BLURB_CHARACTERS } from '../../src-preload/contract';
import type { CastMember, StoryRequest } from './providers/provider-types';

const ART_STYLE_WORDS: Record<string, string> = {
  watercolor: 'soft watercolor picture-book illustration, gentle washes, warm light',
  crayon: "bright crayon drawing with a child's hand-drawn charm, textured paper",
  'paper-cut': 'layered paper-cut collage illustration, crisp shapes, subtle shadows',
  storybook: 'classic storybook illustration, detailed ink lines with warm colours',
  clay: 'claymation-style illustration, rounded sculpted shapes, soft studio light',
};

const SAFE_PICTURE = 'No text, letters or numbers in the picture. Friendly and safe for young children.';

export function storyInstructions(request: StoryRequest): string {
  const { targets } = request;
  const saved =
    request.characters.length > 0
      ? `These characters belong in the cast, with these names, and their look built from these details:\n${request.characters
          .map((character) => `- ${character.name}: ${character.traits.join(', ') || 'no details given'}`)
          .join('\n')}`
      : 'Invent the cast: one friendly main character, and a friend or two if the story needs them.';
  const words = request.ownWords
    ? [
        request.fixSpelling
          ? `The child wrote the story's words already, ${request.ownWords.length} pages of them. Copy each page's text as given, correcting only misspelt words: change no word for another, add or remove nothing, keep every space and punctuation mark.`
          : `The child wrote the story's words already, ${request.ownWords.length} pages of them. Copy each page's text exactly as given, character for character: never rewrite, correct or add to it.`,
        'Your part is the cast, which characters each page shows, the illustration briefs, a title and the blurb.',
      ]
    : [
        `Write exactly ${request.pageCount} pages. Each page has 1 to 3 short sentences a parent reads aloud, with words a ${request.readerAge}-year-old knows.`,
        `Keep to at most ${targets.wordsPerPage} words on a page and sentences of ${targets.wordsPerSentence} words or fewer on average.`,
      ];
  const revision = request.revision
    ? [
        'You wrote the story below before, and it does not fit its reader yet:',
        ...request.revision.problems.map((problem) => `- ${problem}`),
        'Write it again with the same cast and the same events, fixing what is off. The story before:',
        JSON.stringify({ title: request.revision.previous.title, pages: request.revision.previous.pages.map((page) => page.text) }),
      ]
    : [];
  return [
    `You write picture books for children aged ${request.readerAge}.`,
    `Write in the language with code "${request.language}". Tone: ${request.tone}.`,
    ...words,
    'Nothing frightening, violent, rude or unsafe: this book is for a young child.',
    'The cast: give every character a name and a look written once and repeated word for word in every picture, so they look the same on every page: species or person, age, build, colours, clothes and one distinctive item, in English, in one line.',
    'For each page, list the names of the cast members its picture shows, and write an illustration brief: what the picture shows (who, where, doing what), in English, with no words or letters in the picture.',
    `Also write the blurb for the back cover, in the book's language: two or three sentences (at most ${MAX_BLURB_CHARACTERS} characters) for the parent of a ${request.readerAge}-year-old, saying who the story is about and why it is a joy to read together, without giving away the ending.`,
    saved,
    ...revision,
  ].join('\n');
}

/** Each character's fixed look, repeated word for word in every prompt they are in, so pictures agree with each other. */
export function castSheet(cast: readonly CastMember[]): string {
  return cast.map((member) => `CHARACTER ${member.name}: ${member.look}.`).join(' ');
}

export function picturePrompt(input: { cast: readonly CastMember[]; artStyle: string; brief: string }): string {
  const style = ART_STYLE_WORDS[input.artStyle] ?? input.artStyle;
  return [`${style}.`, castSheet(input.cast), `Scene: ${input.brief}.`, SAFE_PICTURE].filter(Boolean).join(' ');
}

/** A cast member alone, whole and plain, so the pages can be drawn from it. */
export function portraitPrompt(input: { member: CastMember; artStyle: string }): string {
  const style = ART_STYLE_WORDS[input.artStyle] ?? input.artStyle;
  return [
    `${style}.`,
    'A character reference sheet: one full figure, head to toe, standing and facing forward, centred on a plain light background with no scenery.',
    castSheet([input.member]),
    SAFE_PICTURE,
  ].join(' ');
}

/** The prompt of a page drawn again because its characters did not match their portraits. */
export function correctedPicturePrompt(prompt: string, differences: readonly string[]): string {
  return `${prompt} Draw the characters exactly as in their reference pictures; last time these differed: ${differences.join('; ')}.`;
}
