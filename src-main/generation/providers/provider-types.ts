import type { HeardWord } from '../../narration/word-timings';

/**
 * What StorySprout asks of an AI service, whichever one a family chose. Each provider turns these
 * into its own protocol; the pipeline never sees a provider's wire format.
 */

export interface StoryCharacter {
  name: string;
  traits: string[];
}

/** What the story should read like for its reader (generation/reading-level.ts sets them from the age). */
export interface ReadingTargets {
  /** Words on one page, at most. */
  wordsPerPage: number;
  /** Average words in a sentence, at most. */
  wordsPerSentence: number;
  /** The Flesch-Kincaid grade band an English story should fall in. */
  grade: { min: number; max: number };
}

export interface StoryRequest {
  idea: string;
  pageCount: number;
  readerAge: number;
  language: string;
  tone: string;
  artStyle: string;
  /** The family's saved characters: they join the cast with these traits as their look. */
  characters: StoryCharacter[];
  targets: ReadingTargets;
  /**
   * "Keep my words": the child's own text, one entry per page, never rewritten. The writer adds
   * only the cast, who is on each page, the picture briefs, a title and a blurb.
   */
  ownWords: string[] | null;
  /** Correct the spelling of `ownWords`, and nothing else. */
  fixSpelling: boolean;
  /** A second try at a story the measure found off its targets: what was written, and what was off. */
  revision: { previous: StoryDraft; problems: string[] } | null;
}

/**
 * One character of a book. `look` is fixed for the whole book and repeated word for word in the
 * picture prompt of every page they are on: species or person, age, build, colours, clothes and
 * one distinctive item.
 */
export interface CastMember {
  name: string;
  look: string;
}

export interface StoryPage {
  text: string;
  illustrationBrief: string;
  /** The names (as in `cast`) of the characters this page's picture shows. */
  cast: string[];
}

export interface StoryDraft {
  title: string;
  /** For the back cover: a few sentences a parent reads; empty when the model wrote none that fits. */
  blurb: string;
  cast: CastMember[];
  pages: StoryPage[];
}

export interface PictureReference {
  name: string;
  data: Buffer;
  mime: string;
}

export interface PictureRequest {
  prompt: string;
  seed: number;
  width: number;
  height: number;
  /** A cast member's reference portrait (one figure, plain background), or a page of the book. */
  purpose: 'portrait' | 'page';
  /** The characters this picture shows, with their fixed looks (the prompt carries the same words). */
  cast: CastMember[];
  /** The reference pictures of the characters on this page, for providers that can follow them. */
  references: PictureReference[];
}

/**
 * How a picture provider follows reference pictures: given to the model as image inputs (OpenAI's
 * image edits), through IP-Adapter on a self-hosted server, or not at all (then only the fixed
 * look in the prompt and a shared seed keep characters alike). `detail` is said in Settings.
 */
export interface ReferenceSupport {
  mode: 'image-inputs' | 'ip-adapter' | 'none';
  detail: string;
}

/** For a provider that cannot look at pictures it is given. */
export const followsNoReferences = (detail: string) => async (): Promise<ReferenceSupport> => ({ mode: 'none', detail });

export interface Picture {
  data: Buffer;
  mime: string;
}

/** Scores from 0 to 1 per category, as OpenAI's moderation names them. */
export type ModerationScores = Record<string, number>;

export interface CallOptions {
  signal: AbortSignal;
}

export interface TextProvider {
  readonly id: string;
  readonly model: string;
  writeStory(request: StoryRequest, options: CallOptions): Promise<StoryDraft>;
  /** Compares drawn pages with their cast, where this writer can look at pictures; otherwise why not, for Settings. */
  readonly consistency: ConsistencyChecker | { unavailable: string };
}

/** A drawn page, and the characters it should show with their looks and reference pictures. */
export interface ConsistencyRequest {
  picture: Picture;
  characters: { name: string; look: string; reference: PictureReference | null }[];
}

/** What a look at one page found of one character. `differences` says what, in a few words, when it does not match. */
export interface CharacterMatch {
  name: string;
  present: boolean;
  matches: boolean;
  differences: string;
}

export interface ConsistencyChecker {
  readonly id: string;
  readonly model: string;
  compare(request: ConsistencyRequest, options: CallOptions): Promise<CharacterMatch[]>;
}

export interface ImageProvider {
  readonly id: string;
  readonly model: string;
  /** How many pictures it may draw at once. */
  readonly concurrency: number;
  /** Asked before a book's pictures are drawn and by Settings; a self-hosted server is asked what it has installed. */
  referenceSupport(options: CallOptions): Promise<ReferenceSupport>;
  drawPicture(request: PictureRequest, options: CallOptions): Promise<Picture>;
}

export interface ModerationProvider {
  readonly id: string;
  /** Said to parents in the UI: what this check can and cannot catch. */
  readonly limits: string;
  checkText(text: string, options: CallOptions): Promise<ModerationScores>;
  /** Null when this provider cannot look at pictures. */
  checkPicture(picture: Picture, options: CallOptions): Promise<ModerationScores | null>;
}

export interface Providers {
  text: TextProvider;
  image: ImageProvider;
  moderation: ModerationProvider;
  /** True when everything is made on this computer and labelled as an offline draft. */
  offline: boolean;
}

/** A page read aloud: MP3, an EPUB core media type that every reader and player takes. */
export interface SpokenAudio {
  data: Buffer;
  mime: 'audio/mpeg';
}

export interface SpeechRequest {
  text: string;
  voice: string;
  /** 1 is the voice's own pace; 0.25 to 4. */
  speed: number;
}

export interface SpeechProvider {
  readonly id: string;
  readonly model: string;
  speak(request: SpeechRequest, options: CallOptions): Promise<SpokenAudio>;
}

/** Hears a page's narration back with the time of every word (as it heard them: narration/word-timings.ts matches them to the page), so the reader can light each as it is spoken. */
export interface TranscriptionProvider {
  readonly id: string;
  readonly model: string;
  heardWords(audio: SpokenAudio, options: CallOptions): Promise<HeardWord[]>;
}
