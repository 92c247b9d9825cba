/**
 * What StorySprout asks of an AI service, whichever one a family chose. Each provider turns these
 * into its own protocol; the pipeline never sees a provider's wire format.
 */

export interface StoryCharacter {
  name: string;
  traits: string[];
}

export interface StoryRequest {
  idea: string;
  pageCount: number;
  readerAge: number;
  language: string;
  tone: string;
  artStyle: string;
  characters: StoryCharacter[];
}

export interface StoryDraft {
  title: string;
  /** For the back cover: a few sentences a parent reads; empty when the model wrote none that fits. */
  blurb: string;
  pages: { text: string; illustrationBrief: string }[];
}

export interface PictureRequest {
  prompt: string;
  seed: number;
  width: number;
  height: number;
  /** Character reference pictures, for providers that can follow them. */
  references: { name: string; data: Buffer; mime: string }[];
}

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
}

export interface ImageProvider {
  readonly id: string;
  readonly model: string;
  /** How many pictures it may draw at once. */
  readonly concurrency: number;
  readonly acceptsReferences: boolean;
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
