/**
 * The bridge contract: every call the window can make into the core and every event the core
 * pushes back. Electron's IPC and the browser host's HTTP/WebSocket both serve exactly this list,
 * validate each input with these schemas before a handler runs, and refuse any other name.
 * This module is imported by main, preload and renderer alike, so it depends on zod only.
 */
import { z } from 'zod';

export type MemberRole = 'parent-admin' | 'child-creator';
export type BookStatus = 'draft' | 'generating' | 'complete' | 'failed';
export type PageGenerateStatus = 'pending' | 'generating' | 'complete' | 'failed' | 'held';

export interface BookSummary {
  id: string;
  title: string;
  status: BookStatus;
  pageCount: number;
  coverAssetSha256: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set while the book is in the trash: the last moment it can be restored. */
  inTrashUntil: string | null;
  /** The words on the printed back cover; '' until the story or the family writes them. */
  blurb: string;
}

export interface PageView {
  id: string;
  orderIndex: number;
  text: string;
  illustrationBrief: string;
  imageAssetSha256: string | null;
  generateStatus: PageGenerateStatus;
  seedValue: number | null;
  heldReason: string | null;
  printAssetSha256: string | null;
  thumbnailAssetSha256: string | null;
  updatedAt: string;
  /** The ids of the cast members this page's picture shows. */
  cast: string[];
  /** What still differs from the cast after the consistency check's redraw; null when nothing does. */
  consistencyNote: string | null;
}

/** When one word of a page is said in its narration, in milliseconds from the start of the page's audio. */
export interface WordTimingView {
  word: string;
  startMs: number;
  endMs: number;
}

/**
 * A page read aloud, as the window shows it: being read by the speech service, ready, made from
 * words that have changed since ('out-of-date'), failed with why, or none yet.
 */
export type PageNarrationView =
  | { pageId: string; state: 'none' | 'reading' }
  | { pageId: string; state: 'failed'; problem: string }
  | {
      pageId: string;
      state: 'ready' | 'out-of-date';
      source: 'generated' | 'recorded';
      /** The voice's name, or the member who read it. */
      readerName: string;
      audioAssetSha256: string;
      durationMs: number;
      words: WordTimingView[];
      /** A child's recording waits for a parent to say it is used. */
      approved: boolean;
    };

export interface BookNarrationView {
  bookId: string;
  pages: PageNarrationView[];
}

/** One of a book's characters: a look fixed for the whole book, and the portrait every page is drawn from. */
export interface CastMemberView {
  id: string;
  name: string;
  look: string;
  /** The family character this one is, if any. */
  characterId: string | null;
  portraitAssetSha256: string | null;
  /** Why there is no portrait: it could not be drawn, or went past the family's limits. */
  portraitProblem: string | null;
  /** A portrait is being drawn for it now. */
  drawing: boolean;
}

export interface BookDetail extends BookSummary {
  pages: PageView[];
  cast: CastMemberView[];
  /** How well the story fits its reader: "About right for 5", or what is off; '' before it is measured. */
  readingLevel: string;
}

export interface PageVersionView {
  id: string;
  pageId: string;
  versionNumber: number;
  text: string;
  imageAssetSha256: string | null;
  reason: string;
  createdAt: string;
}

export interface CharacterView {
  id: string;
  name: string;
  traits: string[];
  /** Its traits could not be read (written wrongly before they were checked): shown without them, mended by saving it. */
  damaged: boolean;
  styleRefAssetSha256: string | null;
  thumbnailAssetSha256: string | null;
  updatedAt: string;
}

export interface MemberView {
  id: string;
  displayName: string;
  role: MemberRole;
  hasPin: boolean;
}

export interface FamilyView {
  id: string;
  name: string;
  members: MemberView[];
}

export interface ProfileView {
  family: { id: string; name: string };
  member: MemberView;
}

/** `reviewing`: the cast is drawn and the book waits for the family to meet it before its pages are drawn. */
export type GenerationStatus = 'waiting' | 'active' | 'reviewing' | 'complete' | 'failed' | 'cancelled';

export interface GenerationView {
  id: string;
  bookId: string;
  status: GenerationStatus;
  /** While waiting: how many of the family's generations are ahead in line. */
  ahead: number;
  textProvider: string;
  imageProvider: string;
  /** True when made on this computer with the offline provider: a draft, and labelled so. */
  offlineDraft: boolean;
  estimatedCostUsd: number;
  error: string | null;
  createdAt: string;
}

export interface HeldPageView {
  bookId: string;
  bookTitle: string;
  page: PageView;
}

export type GenerationStage = 'queue' | 'story' | 'cast' | 'picture' | 'consistency' | 'moderation' | 'rendition' | 'book';
export type ProgressStatus = 'waiting' | 'started' | 'done' | 'held' | 'retrying' | 'failed' | 'cancelled';

export const ART_STYLES = ['watercolor', 'crayon', 'paper-cut', 'storybook', 'clay'] as const;
export const STORY_TONES = ['gentle', 'funny', 'adventurous', 'calm', 'silly'] as const;

export interface ModerationView {
  /** The highest score each category may reach before a page is held for a parent. */
  thresholds: Record<string, number>;
  checker: string;
  /** Plain words for parents: what the current check can and cannot catch. */
  limits: string;
}

export interface GenerationSettingsView {
  providers: ProviderSettings;
  /** US dollars per call, by `provider:model`. */
  prices: Record<string, number>;
  /** What a new book would use now, after environment overrides and missing keys. */
  effective: { text: string; image: string };
  /** Whether drawn pages are compared with their cast (the writer must see pictures), and why not. */
  consistency: { available: boolean; detail: string };
  /** How the effective picture provider follows the cast’s portraits (as image inputs, through IP-Adapter, or not at all), said in Settings. */
  pictureReferences: { mode: 'image-inputs' | 'ip-adapter' | 'none'; detail: string };
}

export const TRIM_NAMES = ['8.5x8.5', '8x10', '8.25x8.25', '7x10', '8.25x11', 'a4', 'letter'] as const;
export const LAYOUT_NAMES = ['full-bleed', 'picture-above'] as const;
/** Where a family can have a book printed, one entry per service and binding (src-main/export/print-services.ts). */
export const PRINT_SERVICE_IDS = [
  'home-printer',
  'kdp-paperback',
  'kdp-hardcover',
  'lulu-paperback',
  'lulu-saddle-stitch',
  'lulu-hardcover',
  'ingramspark-paperback',
  'ingramspark-hardcover',
  'blurb',
] as const;
export type PrintServiceId = (typeof PRINT_SERVICE_IDS)[number];
export const BOOKLET_PAPERS = ['letter', 'a4'] as const;

export interface PreflightProblem {
  /** The interior page, from 1 (the title page); 'cover' for the cover; null for the whole book. */
  page: number | 'cover' | null;
  severity: 'error' | 'warning';
  message: string;
}

/** A print service as the window offers it, from the one table of services (src-main/export/print-services.ts). */
export interface PrintServiceView {
  id: PrintServiceId;
  label: string;
  /** The sizes it prints picture books in. */
  trims: (typeof TRIM_NAMES)[number][];
  /** Whether it takes a separate wrap-around cover. */
  cover: boolean;
  pages: { min: number; max: number; multiple: number };
}

/** Whether one service, in one binding, will take the files, and why not. */
export interface ServiceVerdictView {
  service: PrintServiceId;
  label: string;
  accepted: boolean;
  /** False when StorySprout cannot make the file this service needs on this computer (the reasons say why). */
  supported: boolean;
  reasons: string[];
  /** Advice that does not stop the service taking the files. */
  notes: string[];
  /** Pages that adding the extra pages would add to reach the service's minimum or multiple; null when that cannot help. */
  padding: { pagesToAdd: number } | null;
}

export interface PreflightReport {
  service: PrintServiceId;
  /** Interior pages, title page and added pages included. */
  pageCount: number;
  /** Pages added to reach the service's minimum or multiple, and why. */
  added: { pages: number; why: string } | null;
  problems: PreflightProblem[];
  /** Every service's verdict on this book, laid out for the chosen service's size. */
  verdicts: ServiceVerdictView[];
  /** The chosen service's cover: its size and spine, in inches; null where it takes no separate cover. */
  cover: { width: number; height: number; spineWidth: number; spineWords: boolean } | null;
}

/** One file an export made, named for `export.save` and the host's download. */
export interface ExportFile {
  exportId: string;
  fileName: string;
  bytes: number;
  pageCount: number;
}

/**
 * The read-along ebook or the whole book read aloud: the file, how long its narration plays, and
 * the pages (numbered as in the book) it has no narration for: none yet, made from words changed
 * since, or a child's recording a parent has not accepted. A held page is in neither.
 */
export interface NarratedExportFile extends ExportFile {
  /** The narration's length, pauses between pages included; 0 for an ebook with none. */
  durationMs: number;
  pagesWithoutNarration: number[];
}

export interface ExportResult {
  interior: ExportFile;
  /** The wrap-around cover, for services that print one. */
  cover: ExportFile | null;
  preflight: PreflightReport;
}

export interface PreviewWords {
  lines: string[];
  font: 'story' | 'wide';
  bold: boolean;
  fontSize: number;
  /** From one baseline to the next. */
  lineAdvance: number;
  /** From the top of a line to its baseline. */
  ascent: number;
  align: 'left' | 'right' | 'center';
  box: { x: number; y: number; width: number; height: number };
  /** The rounded panel behind the words, when the picture runs under them. */
  panel: { x: number; y: number; width: number; height: number } | null;
}

/** A printed page as the PDF lays it out, in points from the top left, for the print preview. */
export interface PrintPreviewPage {
  kind: 'cover' | 'title' | 'belongs-to' | 'dedication' | 'story' | 'end' | 'blank';
  /** The whole sheet: trim plus bleed. */
  width: number;
  height: number;
  trim: { x: number; y: number; width: number; height: number };
  safe: { x: number; y: number; width: number; height: number };
  /** A small copy of the page's picture, drawn to fill `box` as the PDF does. */
  picture: { assetSha256: string; box: { x: number; y: number; width: number; height: number } } | null;
  /** The colour filling part of the page (the cover's back and spine). */
  fill: { color: string; box: { x: number; y: number; width: number; height: number } } | null;
  words: PreviewWords[];
  /** The cover's spine, and the words along it. */
  spine: { box: { x: number; y: number; width: number; height: number }; words: PreviewWords | null } | null;
}

export interface BackupView {
  /** The file's name inside the data folder's backups folder. */
  name: string;
  bytes: number;
  createdAt: string;
  /** Kept automatically: the library as it was just before a backup was brought back. */
  beforeRestore: boolean;
}

export interface BackupsView {
  /** The folder holding the family's library: the database, pictures, exports and backups. */
  dataDir: string;
  backups: BackupView[];
  /** The backup to be brought back when the app next starts, if one was chosen. */
  restoreOnNextStart: string | null;
}

export interface SecretsStatus {
  storage: 'os-keychain' | 'environment';
  openaiApiKey: 'set' | 'unset';
  /** 'refused' on Linux without a keyring until a parent agrees to weaker protection. */
  weakStorage: 'not-needed' | 'refused' | 'allowed';
}

export type SyncState = 'signed-out' | 'no-family' | 'syncing' | 'synced' | 'pending' | 'offline' | 'error';

export interface SyncStatusView {
  state: SyncState;
  /** Changes made here that the server has not taken yet. */
  pending: number;
  account: { serverUrl: string; email: string; fullName: string; signedIn: boolean } | null;
  family: { id: string; name: string; role: MemberRole } | null;
  lastSyncedAt: string | null;
  error: string | null;
  /** Changes the server turned back, newest first, with its reason; each field went back to the family's value. */
  rejections: { table: string; rowId: string; column: string; reason: string; at: string }[];
  /** An account being made: the server mailed a code to `email`, which `sync.confirmSignUp` takes to finish it. */
  pendingSignUp: { serverUrl: string; email: string } | null;
}

export interface SyncRunView {
  pushed: number;
  pulled: number;
  rejected: number;
  picturesUploaded: number;
  picturesDownloaded: number;
}

/** A new version of the app: offered only where the app updates itself (the installed app, not the browser host). */
export interface UpdateView {
  offered: boolean;
  /** Downloaded and ready to install on restart. */
  readyVersion: string | null;
  /** The family asked to restart into it. */
  restartRequested: boolean;
  /** Why that restart waits, in the family's words. */
  waitingFor: 'a book is being made' | 'changes are waiting to reach the family' | null;
}

export interface BillingView {
  subscription: { plan: string | null; status: string; nextBillingDate: string | null };
  usage: { period: string; plan: string | null; books: { used: number; included: number }; pictures: { used: number; included: number } };
  plans: { name: string; monthlyBooks: number; monthlyPictures: number }[];
}

const id = z.uuid({ error: 'must be an id' });
const serverUrl = z.string().trim().min(1, { error: 'the server address is empty' }).max(300, { error: 'the server address is too long' });
const signUpCode = z
  .string()
  .trim()
  .regex(/^\d{4}[\s-]?\d{4}$/, { error: 'the code is the 8 digits in the email, such as 1234 5678' });
const bookTitle = z
  .string()
  .trim()
  .min(1, { error: 'a book needs a title' })
  .max(120, { error: 'a title can be at most 120 characters' });
const pageText = z.string().max(5000, { error: 'a page can hold at most 5000 characters' });
/** As much as a picture book's back cover has room for, in a size a parent reads. */
export const MAX_BLURB_CHARACTERS = 400;
const blurb = z
  .string()
  .trim()
  .max(MAX_BLURB_CHARACTERS, { error: `the back cover holds at most ${MAX_BLURB_CHARACTERS} characters` });
const displayName = z
  .string()
  .trim()
  .min(1, { error: 'a name needs at least one letter' })
  .max(60, { error: 'a name can be at most 60 characters' });
const pin = z.string().regex(/^\d{4,8}$/, { error: 'a PIN is 4 to 8 digits' });
/** A picture sent from the window, base64 so it travels over JSON as well as IPC. */
const pictureUpload = z.strictObject({
  base64: z
    .base64({ error: 'the picture must be base64' })
    .min(1, { error: 'the picture is empty' })
    .max(28_000_000, { error: 'the picture is over 20 MB' }),
});
const characterTraits = z
  .array(z.string().trim().min(1).max(80, { error: 'a trait can be at most 80 characters' }))
  .max(12, { error: 'a character can have at most 12 traits' });
const noInput = z.strictObject({});
const castLook = z
  .string()
  .trim()
  .min(3, { error: 'describe how the character looks' })
  .max(400, { error: 'a look can be at most 400 characters' });

export const generationRequestSchema = z.strictObject({
  idea: z
    .string()
    .trim()
    .min(3, { error: 'tell StorySprout a little more about the idea' })
    .max(500, { error: 'an idea can be at most 500 characters' }),
  pageCount: z
    .number({ error: 'pageCount must be a number' })
    .int({ error: 'pageCount must be a whole number' })
    .min(4, { error: 'a book has at least 4 pages' })
    .max(32, { error: 'a book has at most 32 pages' })
    .refine((count) => count % 2 === 0, { error: 'pageCount must be even, so the book prints in spreads' }),
  readerAge: z
    .number({ error: 'readerAge must be a number' })
    .int({ error: 'readerAge must be a whole number' })
    .min(2, { error: 'readerAge is from 2 to 10' })
    .max(10, { error: 'readerAge is from 2 to 10' }),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "language is a code such as 'en', 'es' or 'pt-BR'" })
    .default('en'),
  tone: z.enum(STORY_TONES, { error: `tone is one of ${STORY_TONES.join(', ')}` }).default('gentle'),
  artStyle: z.enum(ART_STYLES, { error: `artStyle is one of ${ART_STYLES.join(', ')}` }).default('watercolor'),
  characterIds: z.array(id).max(6, { error: 'a book can have at most 6 characters' }).default([]),
  /**
   * "Keep my words": the child's own story, split into the pages (by blank lines when there are as
   * many parts as pages, else sentence by sentence) and never rewritten.
   */
  ownWords: z.string().trim().min(1, { error: 'the words are empty' }).max(6000, { error: 'the words can be at most 6000 characters' }).optional(),
  /** With `ownWords`: correct only their spelling (a model does it, and any page it did more to stays as written). */
  fixSpelling: z.boolean({ error: 'fixSpelling is true or false' }).default(false),
  /** Pause to meet the cast before the pages are drawn; unset follows the setting (on unless a parent turned it off). */
  reviewCast: z.boolean({ error: 'reviewCast is true or false' }).optional(),
});
export type GenerationRequest = z.output<typeof generationRequestSchema>;

export const TEXT_PROVIDERS = ['offline', 'openai', 'storysprout-cloud', 'openai-compatible'] as const;
export const IMAGE_PROVIDERS = ['offline', 'openai', 'storysprout-cloud', 'automatic1111', 'comfyui'] as const;
/** Who reads a book aloud when nobody in the family has: OpenAI's voices, or a speech server of the family's own. */
export const SPEECH_PROVIDERS = ['openai', 'openai-compatible'] as const;
/** A voice as speech services name them (OpenAI's coral, a local server's af_bella). */
const voiceName = z.string().trim().regex(/^[\w.-]{1,60}$/, { error: 'a voice is named in letters, digits and . _ -' });
const speechSpeed = z.number().min(0.25, { error: 'speed is from 0.25 to 4' }).max(4, { error: 'speed is from 0.25 to 4' });
const serviceUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' });
const modelId = z.string().trim().min(1, { error: 'a model id is needed' }).max(100);

/** Provider choices kept in settings. Model ids are settings because services retire models. */
export const providerSettingsSchema = z.strictObject({
  text: z.enum(TEXT_PROVIDERS, { error: `text is one of ${TEXT_PROVIDERS.join(', ')}` }).optional(),
  image: z.enum(IMAGE_PROVIDERS, { error: `image is one of ${IMAGE_PROVIDERS.join(', ')}` }).optional(),
  openai: z
    .strictObject({
      baseUrl: serviceUrl.optional(),
      textModel: modelId.default('gpt-4.1-mini'),
      imageModel: modelId.default('gpt-image-2'),
      moderationModel: modelId.default('omni-moderation-latest'),
      speechModel: modelId.default('gpt-4o-mini-tts'),
      /** Hears each page's narration back, with the time of every word, to light the words as they are spoken. */
      transcriptionModel: modelId.default('whisper-1'),
    })
    .default({ textModel: 'gpt-4.1-mini', imageModel: 'gpt-image-2', moderationModel: 'omni-moderation-latest', speechModel: 'gpt-4o-mini-tts', transcriptionModel: 'whisper-1' }),
  /** `visionModel`: a model on that server that can look at pictures, to compare drawn pages with their cast. */
  openaiCompatible: z.strictObject({ baseUrl: serviceUrl, model: modelId, visionModel: modelId.optional() }).optional(),
  speech: z.enum(SPEECH_PROVIDERS, { error: `speech is one of ${SPEECH_PROVIDERS.join(', ')}` }).optional(),
  /** A speech server on the family's network that speaks OpenAI's protocol, so narration stays private; `transcriptionModel` if it also transcribes. */
  speechCompatible: z.strictObject({ baseUrl: serviceUrl, model: modelId, transcriptionModel: modelId.optional() }).optional(),
  /** The voice and pace a book is read in, unless a narration asks for others. */
  narration: z.strictObject({ voice: voiceName.default('coral'), speed: speechSpeed.default(1) }).default({ voice: 'coral', speed: 1 }),
  automatic1111: z.strictObject({ baseUrl: serviceUrl }).optional(),
  comfyui: z.strictObject({ baseUrl: serviceUrl }).optional(),
  imageConcurrency: z.number().int().min(1, { error: 'imageConcurrency is from 1 to 16' }).max(16, { error: 'imageConcurrency is from 1 to 16' }).default(4),
  timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
  /** Show the cast before drawing a book's pages (the CLI's --no-review skips it once). */
  reviewCast: z.boolean({ error: 'reviewCast is true or false' }).default(true),
  /** How many times a page whose characters differ from the cast is redrawn by itself. */
  consistencyRedraws: z.number().int().min(0, { error: 'consistencyRedraws is from 0 to 3' }).max(3, { error: 'consistencyRedraws is from 0 to 3' }).default(1),
});
export type ProviderSettings = z.output<typeof providerSettingsSchema>;

/** The pages a family may add around the story: they also reach a service's minimum, on request. */
const extraPages = {
  belongsTo: z.boolean({ error: 'belongsTo is true or false' }).default(false),
  dedication: z.string().trim().max(300, { error: 'a dedication can be at most 300 characters' }).default(''),
  theEnd: z.boolean({ error: 'theEnd is true or false' }).default(true),
};

export const exportOptionsSchema = z.strictObject({
  bookId: id,
  service: z.enum(PRINT_SERVICE_IDS, { error: `service is one of ${PRINT_SERVICE_IDS.join(', ')}` }).default('lulu-paperback'),
  trim: z.enum(TRIM_NAMES, { error: `trim is one of ${TRIM_NAMES.join(', ')}` }).default('8.5x8.5'),
  layout: z.enum(LAYOUT_NAMES, { error: `layout is one of ${LAYOUT_NAMES.join(', ')}` }).default('full-bleed'),
  ...extraPages,
  /** Add the extra pages (and blank ones) the service needs to reach its minimum or multiple. */
  pad: z.boolean({ error: 'pad is true or false' }).default(false),
});
export type ExportOptions = z.output<typeof exportOptionsSchema>;

export const bookletOptionsSchema = z.strictObject({
  bookId: id,
  paper: z.enum(BOOKLET_PAPERS, { error: `paper is one of ${BOOKLET_PAPERS.join(', ')}` }).default('letter'),
  layout: z.enum(LAYOUT_NAMES, { error: `layout is one of ${LAYOUT_NAMES.join(', ')}` }).default('full-bleed'),
  ...extraPages,
});
export type BookletOptions = z.output<typeof bookletOptionsSchema>;

/** How the files an export makes are named: `export.save` and the host's download take no other name. */
export const EXPORT_ID_PATTERN = /^[0-9a-f-]{36}-((interior|cover|booklet)-[a-z0-9.-]+\.pdf|read-along\.epub|read-aloud\.mp3)$/;

const moderationCategory = z.string().regex(/^[a-z-]+(\/[a-z-]+)?$/, { error: 'a category is a name such as violence or violence/graphic' });

/** Who may make a call: any member of the family, or only a parent-admin. */
export type Access = 'member' | 'parent';

interface CallSpec<Input extends z.ZodType, Result> {
  input: Input;
  access: Access;
  /** Carries the result type only; never read at run time. */
  result: Result;
}

const call = <Result>() =>
  <Input extends z.ZodType>(spec: { input: Input; access: Access }): CallSpec<Input, Result> => ({
    ...spec,
    result: undefined as Result,
  });

export const bridgeCalls = {
  'library.list': call<BookSummary[]>()({
    input: z.strictObject({ view: z.enum(['shelf', 'trash'], { error: "view must be 'shelf' or 'trash'" }) }),
    access: 'member',
  }),
  'library.get': call<BookDetail>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  'library.create': call<BookDetail>()({
    input: z.strictObject({
      title: bookTitle,
      pageCount: z
        .number({ error: 'pageCount must be a number' })
        .int({ error: 'pageCount must be a whole number' })
        .min(1, { error: 'a book has at least 1 page' })
        .max(32, { error: 'a book has at most 32 pages' }),
    }),
    access: 'member',
  }),
  'library.rename': call<BookSummary>()({
    input: z.strictObject({ bookId: id, title: bookTitle }),
    access: 'member',
  }),
  /** The words for the back cover; empty takes them off. */
  'library.setBlurb': call<BookSummary>()({
    input: z.strictObject({ bookId: id, blurb }),
    access: 'member',
  }),
  'library.trash': call<BookSummary>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  'library.restore': call<BookSummary>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  'pages.updateText': call<PageView>()({
    input: z.strictObject({ pageId: id, text: pageText }),
    access: 'member',
  }),
  'pages.reorder': call<PageView[]>()({
    input: z.strictObject({
      bookId: id,
      pageIds: z.array(id).min(1, { error: 'pageIds lists every page of the book' }).max(64),
    }),
    access: 'member',
  }),
  'pages.versions': call<PageVersionView[]>()({ input: z.strictObject({ pageId: id }), access: 'member' }),
  'pages.restoreVersion': call<PageView>()({ input: z.strictObject({ versionId: id }), access: 'member' }),
  'characters.list': call<CharacterView[]>()({ input: noInput, access: 'member' }),
  'characters.create': call<CharacterView>()({
    input: z.strictObject({ name: displayName, traits: characterTraits, picture: pictureUpload.optional() }),
    access: 'member',
  }),
  'characters.update': call<CharacterView>()({
    input: z.strictObject({ characterId: id, name: displayName.optional(), traits: characterTraits.optional(), picture: pictureUpload.optional() }),
    access: 'member',
  }),
  'characters.remove': call<{ removed: true }>()({
    input: z.strictObject({ characterId: id }),
    access: 'member',
  }),
  'family.get': call<FamilyView>()({ input: noInput, access: 'member' }),
  'family.rename': call<FamilyView>()({
    input: z.strictObject({ name: displayName }),
    access: 'parent',
  }),
  'family.addMember': call<MemberView>()({
    input: z.strictObject({
      displayName,
      role: z.enum(['parent-admin', 'child-creator'], { error: "role must be 'parent-admin' or 'child-creator'" }),
    }),
    access: 'parent',
  }),
  'family.setPin': call<MemberView>()({
    input: z.strictObject({ memberId: id, pin, currentPin: pin.optional() }),
    access: 'parent',
  }),
  'profile.current': call<ProfileView>()({ input: noInput, access: 'member' }),
  'profile.switch': call<ProfileView>()({
    input: z.strictObject({ memberId: id, pin: pin.optional() }),
    access: 'member',
  }),
  'generation.start': call<GenerationView>()({ input: generationRequestSchema, access: 'member' }),
  'generation.status': call<GenerationView | null>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  'generation.cancel': call<GenerationView | null>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  'generation.redrawPage': call<GenerationView>()({
    input: z.strictObject({
      pageId: id,
      seed: z.enum(['same', 'new'], { error: "seed is 'same' (redraw the same way) or 'new' (a different picture)" }),
    }),
    access: 'member',
  }),
  /** After meeting the cast: draw the book's pages from the portraits as they are now. */
  'generation.drawBook': call<GenerationView>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  'narration.book': call<BookNarrationView>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  /** A member's reading of a page, as the window heard it: mono 16-bit little-endian PCM, base64, at its rate. */
  'narration.record': call<PageNarrationView>()({
    input: z.strictObject({
      pageId: id,
      sampleRate: z.number().int().min(8000, { error: 'sampleRate is from 8000 to 48000' }).max(48_000, { error: 'sampleRate is from 8000 to 48000' }),
      // Three minutes at 48 kHz, the longest a page's recording may be.
      pcm16: z.base64({ error: 'the recording must be base64' }).min(1, { error: 'the recording is empty' }).max(23_100_000, { error: 'a page’s recording can be at most 3 minutes' }),
    }),
    access: 'member',
  }),
  /** A parent lets a child's recording be the page's narration. */
  'narration.approve': call<PageNarrationView>()({ input: z.strictObject({ pageId: id }), access: 'parent' }),
  /** Reads aloud every page without a narration of its words in this voice and pace (the setting's unless asked); a member's recording is kept. */
  'narration.narrate': call<{ queued: number; alreadyRead: number; recorded: number }>()({
    input: z.strictObject({ bookId: id, voice: voiceName.optional(), speed: speechSpeed.optional() }),
    access: 'member',
  }),
  /** Draws a cast member's portrait again, a different way. */
  'cast.redraw': call<CastMemberView>()({ input: z.strictObject({ castId: id }), access: 'member' }),
  /** Changes a cast member's fixed look, and draws the portrait again from it. */
  'cast.updateLook': call<CastMemberView>()({ input: z.strictObject({ castId: id, look: castLook }), access: 'member' }),
  /** Keeps a cast member as a family character, with its portrait as the reference picture. */
  'cast.saveAsCharacter': call<CharacterView>()({ input: z.strictObject({ castId: id }), access: 'member' }),
  'review.list': call<HeldPageView[]>()({ input: noInput, access: 'parent' }),
  'review.decide': call<PageView>()({
    input: z.strictObject({
      pageId: id,
      decision: z.enum(['approve', 'redraw'], { error: "decision is 'approve' or 'redraw'" }),
    }),
    access: 'parent',
  }),
  'settings.get': call<GenerationSettingsView>()({ input: noInput, access: 'parent' }),
  'settings.setProviders': call<GenerationSettingsView>()({ input: providerSettingsSchema, access: 'parent' }),
  'settings.setPrices': call<GenerationSettingsView>()({
    input: z.strictObject({
      prices: z.record(
        z.string().regex(/^[a-z0-9-]+:\S+$/, { error: 'a price is named provider:model' }),
        z.number().min(0, { error: 'a price cannot be negative' }).max(10, { error: 'a price is at most 10 dollars a call' }),
      ),
    }),
    access: 'parent',
  }),
  'moderation.get': call<ModerationView>()({ input: noInput, access: 'parent' }),
  'moderation.set': call<ModerationView>()({
    input: z.strictObject({
      thresholds: z.record(moderationCategory, z.number().min(0, { error: 'a limit is from 0 to 1' }).max(1, { error: 'a limit is from 0 to 1' })),
    }),
    access: 'parent',
  }),
  'export.services': call<PrintServiceView[]>()({ input: noInput, access: 'member' }),
  'export.preflight': call<PreflightReport>()({ input: exportOptionsSchema, access: 'member' }),
  /** The cover spread first (where the service prints one), then the first interior pages. */
  'export.preview': call<PrintPreviewPage[]>()({ input: exportOptionsSchema, access: 'member' }),
  /** The interior and, where the service prints one, the cover: two files. */
  'export.pdf': call<ExportResult>()({ input: exportOptionsSchema, access: 'member' }),
  /** A fold-and-staple booklet for a home printer: two pages a side, in saddle-stitch order. */
  'export.booklet': call<ExportFile>()({ input: bookletOptionsSchema, access: 'member' }),
  /** A fixed-layout EPUB 3 of the story pages; where pages are read aloud, each word lights as it is said (media overlays). */
  'export.epub': call<NarratedExportFile>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  /** The narrated pages as one MP3, a chapter a page. */
  'export.audio': call<NarratedExportFile>()({ input: z.strictObject({ bookId: id }), access: 'member' }),
  /**
   * Keeps a file an export made (a PDF, the ebook, the audio) where the family chooses in the Save
   * dialog (`savedTo` is null when they cancel): the window names the export and a name to
   * suggest, never a place. Only the desktop app has the dialog; the browser host answers
   * 'unavailable', and its window downloads the file instead.
   */
  'export.save': call<{ savedTo: string | null }>()({
    input: z.strictObject({
      exportId: z.string().regex(EXPORT_ID_PATTERN, { error: 'exportId names a file that an export made' }),
      fileName: z.string().regex(/^[\p{L}\p{N} _-]{1,80}\.(pdf|epub|mp3)$/u, { error: 'fileName is a plain name ending in .pdf, .epub or .mp3, with no folder' }),
    }),
    access: 'member',
  }),
  'backups.list': call<BackupsView>()({ input: noInput, access: 'parent' }),
  'backups.create': call<BackupView>()({ input: noInput, access: 'parent' }),
  'backups.restoreOnNextStart': call<BackupsView>()({
    input: z.strictObject({ name: z.string().max(100).nullable() }),
    access: 'parent',
  }),
  'sync.status': call<SyncStatusView>()({ input: noInput, access: 'member' }),
  'sync.now': call<SyncRunView>()({ input: noInput, access: 'member' }),
  'sync.signIn': call<SyncStatusView>()({
    input: z.strictObject({
      serverUrl,
      email: z.string().trim().min(3, { error: 'an email address such as name@example.com' }).max(254),
      password: z.string().min(1, { error: 'the password is empty' }).max(200),
      signUp: z.boolean().default(false),
      fullName: z.string().trim().max(100).optional(),
      /** The code mailed for a signup begun earlier (the CLI's --code): finishes that account with this email and password. */
      code: signUpCode.optional(),
    }),
    access: 'parent',
  }),
  /** Finishes the account `sync.signIn` began, with the code the server mailed (`pendingSignUp`). */
  'sync.confirmSignUp': call<SyncStatusView>()({ input: z.strictObject({ code: signUpCode }), access: 'parent' }),
  /** Asks the server for a new code for the account being made; the last one stops working. */
  'sync.sendSignUpCodeAgain': call<SyncStatusView>()({ input: noInput, access: 'parent' }),
  /** Starts Google or Apple sign-in: the window opens `startUrl` in the system browser, which comes back to the core. */
  'sync.startBrowserSignIn': call<{ startUrl: string }>()({
    input: z.strictObject({ serverUrl, provider: z.enum(['google', 'apple'], { error: "provider is 'google' or 'apple'" }) }),
    access: 'parent',
  }),
  'sync.signOut': call<SyncStatusView>()({ input: noInput, access: 'parent' }),
  'sync.createFamily': call<SyncStatusView>()({
    input: z.strictObject({ name: z.string().trim().min(1, { error: 'a family needs a name' }).max(60, { error: 'a family name has at most 60 characters' }) }),
    access: 'parent',
  }),
  'sync.joinFamily': call<SyncStatusView>()({
    input: z.strictObject({ code: z.string().trim().min(10, { error: 'an invitation code is longer than that' }).max(100) }),
    access: 'parent',
  }),
  'sync.invite': call<{ code: string; role: MemberRole; expiresAt: string }>()({
    input: z.strictObject({ role: z.enum(['parent-admin', 'child-creator'], { error: "role is 'parent-admin' or 'child-creator'" }) }),
    access: 'parent',
  }),
  'sync.share': call<{ url: string; expiresAt: string }>()({ input: z.strictObject({ bookId: id }), access: 'parent' }),
  /** Links to the book that still open it (the addresses themselves are not kept: only when each runs out). */
  'sync.shareLinks': call<{ links: { createdAt: string; expiresAt: string }[] }>()({ input: z.strictObject({ bookId: id }), access: 'parent' }),
  'sync.unshare': call<{ bookId: string }>()({ input: z.strictObject({ bookId: id }), access: 'parent' }),
  'sync.billing': call<BillingView>()({ input: noInput, access: 'parent' }),
  'sync.checkout': call<{ url: string }>()({ input: z.strictObject({ plan: z.string().regex(/^[a-z0-9-]+$/, { error: 'not a plan name' }).max(40) }), access: 'parent' }),
  'sync.billingPortal': call<{ url: string }>()({ input: noInput, access: 'parent' }),
  'update.status': call<UpdateView>()({ input: noInput, access: 'member' }),
  /** Restarts into the downloaded version, at once or once no book is being made and the family's changes have gone. */
  'update.restart': call<UpdateView>()({ input: noInput, access: 'member' }),
  'secrets.status': call<SecretsStatus>()({ input: noInput, access: 'parent' }),
  'secrets.allowWeakStorage': call<SecretsStatus>()({
    input: z.strictObject({ allow: z.boolean({ error: 'allow is true or false' }) }),
    access: 'parent',
  }),
  'secrets.set': call<SecretsStatus>()({
    input: z.strictObject({
      name: z.enum(['openai-api-key'], { error: "name must be 'openai-api-key'" }),
      value: z.string().trim().min(1, { error: 'the key is empty' }).max(400, { error: 'the key is too long' }),
    }),
    access: 'parent',
  }),
} as const;

export type CallName = keyof typeof bridgeCalls;
export type CallInput<N extends CallName> = z.output<(typeof bridgeCalls)[N]['input']>;
/** What the window may send: before defaults and trimming are applied. */
export type CallArgs<N extends CallName> = z.input<(typeof bridgeCalls)[N]['input']>;
export type CallResult<N extends CallName> = (typeof bridgeCalls)[N]['result'];

export const callNames = Object.keys(bridgeCalls) as CallName[];

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(bridgeCalls, name);

/** Events the core pushes to every window; they say what changed, the window asks for the rest. */
export interface BridgeEvents {
  /** Sent first on every (re)connected event stream: what was missed while away must be read again. */
  'bridge.connected': Record<string, never>;
  'library.changed': { bookId: string | null };
  'generation.progress': {
    bookId: string;
    generationId: string;
    /** The page's position in the book, from 1; null for steps about the whole book. */
    page: number | null;
    stage: GenerationStage;
    status: ProgressStatus;
    message?: string;
  };
  'queue.online': { online: boolean };
  /** `pictures`: pictures made ready for the size, page by page; `writing`: the file itself. */
  'export.progress': { bookId: string; stage: 'pictures' | 'writing' | 'finished'; done: number; total: number };
  'characters.changed': { characterId: string | null };
  'family.changed': { memberId: string | null };
  'profile.changed': { memberId: string };
  'sync.status': SyncStatusView;
  'update.status': UpdateView;
}

export type EventName = keyof BridgeEvents;
export type BridgeEventMessage = { [N in EventName]: { name: N; payload: BridgeEvents[N] } }[EventName];

export type BridgeErrorCode = string;

/** Every call answers with this envelope, so an error's code survives IPC's structured clone. */
export type BridgeResponse<Result = unknown> =
  | { ok: true; value: Result }
  | { ok: false; error: { code: BridgeErrorCode; message: string } };

/** The names of the IPC channels, one per call, and the one that carries events. */
export const ipcChannelForCall = (name: CallName): string => `storysprout:call:${name}`;
export const ipcEventChannel = 'storysprout:event';
