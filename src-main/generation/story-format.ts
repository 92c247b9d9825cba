import { z } from 'zod';
import { ProviderError } from './providers/provider-errors';
import type { StoryDraft } from './providers/provider-types';

/** The JSON schema the text model must answer with (OpenAI structured outputs, strict). */
export const storyJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'pages'],
  properties: {
    title: { type: 'string', description: 'The book title, at most 8 words.' },
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
    pages: parsed.data.pages.map((page) => ({ text: page.text, illustrationBrief: page.illustration_brief })),
  };
}
