import { z } from 'zod';
import { MAX_BLURB_CHARACTERS } from '../../src-preload/contract';
import { ProviderError } from './providers/provider-errors';
import type { StoryDraft } from './providers/provider-types';

/** The JSON schema the text model must answer with (OpenAI structured outputs, strict). */
export const storyJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'blurb', 'pages'],
  properties: {
    title: { type: 'string', description: 'The book title, at most 8 words.' },
    blurb: { type: 'string', description: `For the back cover: two or three sentences a parent reads, at most ${MAX_BLURB_CHARACTERS} characters.` },
    pages: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'illustration_brief'],
        properties: {
          text: { type: 'string', description: 'What is read aloud on this page.' },
          illustration_brief: { type: 'string', description: 'What the picture shows, without any words in it.' },
        },
      },
    },
  },
} as const;

const storyAnswer = z.object({
  title: z.string().trim().min(1).max(120),
  // Optional: a server that does not hold the model to the schema (some self-hosted ones) still wrote a story worth keeping.
  blurb: z.string().optional(),
  pages: z.array(z.object({ text: z.string().trim().min(1).max(1200), illustration_brief: z.string().trim().min(1).max(800) })),
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
  return {
    title: parsed.data.title,
    blurb: fitBlurb(parsed.data.blurb ?? ''),
    pages: parsed.data.pages.map((page) => ({ text: page.text, illustrationBrief: page.illustration_brief })),
  };
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
