import { z } from 'zod';
import { MAX_CAST, MAX_LOOK_CHARACTERS } from '@storysprout/shared/synced-fields';
import { MAX_BLURB_CHARACTERS } from '../../src-preload/contract';
import { ProviderError } from './providers/provider-errors';
import type { CastMember, StoryDraft } from './providers/provider-types';

/** The JSON schema the text model must answer with (OpenAI structured outputs, strict). */
export const storyJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'blurb', 'cast', 'pages'],
  properties: {
    title: { type: 'string', description: 'The book title, at most 8 words.' },
    blurb: { type: 'string', description: `For the back cover: two or three sentences a parent reads, at most ${MAX_BLURB_CHARACTERS} characters.` },
    cast: {
      type: 'array',
      description: `Every character the pictures show, at most ${MAX_CAST}.`,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'look'],
        properties: {
          name: { type: 'string', description: 'The name the story uses.' },
          look: {
            type: 'string',
            description: 'Fixed look, repeated word for word in every picture: species or person, age, build, colours, clothes, one distinctive item.',
          },
        },
      },
    },
    pages: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'illustration_brief', 'cast'],
        properties: {
          text: { type: 'string', description: 'What is read aloud on this page.' },
          illustration_brief: { type: 'string', description: 'What the picture shows, without any words in it.' },
          cast: { type: 'array', description: 'The names of the cast members this picture shows.', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

const storyAnswer = z.object({
  title: z.string().trim().min(1).max(120),
  // Optional: a server that does not hold the model to the schema (some self-hosted ones) still wrote a story worth keeping.
  blurb: z.string().optional(),
  cast: z
    .array(z.object({ name: z.string().trim().min(1).max(60), look: z.string().trim().min(1).max(MAX_LOOK_CHARACTERS) }))
    .max(MAX_CAST)
    .default([]),
  pages: z.array(
    z.object({
      text: z.string().trim().min(1).max(1200),
      illustration_brief: z.string().trim().min(1).max(800),
      cast: z.array(z.string().trim().max(60)).default([]),
    }),
  ),
});

/**
 * Checks a model's answer before anything is stored: valid JSON, the expected shape, the number
 * of pages asked for. A wrong answer is a `malformed` provider error, retried a few times and
 * then reported; the book keeps whatever it had.
 */
export function parseStoryAnswer(service: string, raw: string | null | undefined, pageCount: number): StoryDraft {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    throw new ProviderError(`${service} answered with something that is not a story (not JSON).`, 'malformed');
  }
  const parsed = storyAnswer.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError(`${service} answered with a story in the wrong shape (${parsed.error.issues[0]?.message ?? 'invalid'}).`, 'malformed');
  }
  if (parsed.data.pages.length !== pageCount) {
    throw new ProviderError(`${service} wrote ${parsed.data.pages.length} pages instead of ${pageCount}.`, 'malformed');
  }
  const cast = distinctCast(parsed.data.cast);
  const named = new Map(cast.map((member) => [member.name.toLocaleLowerCase(), member.name]));
  return {
    title: parsed.data.title,
    blurb: fitBlurb(parsed.data.blurb ?? ''),
    cast,
    pages: parsed.data.pages.map((page) => ({
      text: page.text,
      illustrationBrief: page.illustration_brief,
      // A name the cast does not hold has no look to draw from: the page shows who the cast has.
      cast: [...new Set(page.cast.map((name) => named.get(name.toLocaleLowerCase())).filter((name) => name !== undefined))],
    })),
  };
}

/** One entry per name: a model that listed a character twice keeps the first look. */
function distinctCast(cast: CastMember[]): CastMember[] {
  const seen = new Set<string>();
  return cast.filter((member) => {
    const key = member.name.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A blurb as the back cover takes it: whole sentences up to the limit, so a model that wrote a
 * little too much still gives one; none when even its first sentence is too long.
 */
export function fitBlurb(blurb: string): string {
  const trimmed = blurb.trim();
  if (trimmed.length <= MAX_BLURB_CHARACTERS) return trimmed;
  let kept = '';
  for (const sentence of trimmed.match(/[^.!?。！？]+[.!?。！？]+["'”’»)]*\s*/g) ?? []) {
    if ((kept + sentence).trimEnd().length > MAX_BLURB_CHARACTERS) break;
    kept += sentence;
  }
  return kept.trimEnd();
}
