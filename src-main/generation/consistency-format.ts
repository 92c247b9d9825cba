import { z } from 'zod';
import { ProviderError } from './providers/provider-errors';
import type { CharacterMatch, ConsistencyRequest } from './providers/provider-types';

/** The JSON schema a vision model answers a consistency check with (OpenAI structured outputs, strict). */
export const consistencyJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['characters'],
  properties: {
    characters: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'present', 'matches', 'differences'],
        properties: {
          name: { type: 'string', description: 'The character, named as in the list.' },
          present: { type: 'boolean', description: 'Whether the character is in the page picture.' },
          matches: { type: 'boolean', description: 'Whether they look like their reference picture and description.' },
          differences: { type: 'string', description: 'What differs, in a few words ("blue scarf instead of red"); empty when they match.' },
        },
      },
    },
  },
} as const;

export function consistencyInstructions(request: ConsistencyRequest): string {
  return [
    'You check the pictures of a children’s picture book. The first picture is a page; each picture after it is the reference of one character, in the order listed.',
    'For each character listed, say whether they are in the page picture and whether they match their reference picture and description: species, colours, clothes and their distinctive item. Ignore pose, expression, size and art-style differences.',
    ...request.characters.map((character) => `- ${character.name}: ${character.look}${character.reference ? '' : ' (no reference picture: judge by the description)'}`),
  ].join('\n');
}

const answer = z.object({
  characters: z.array(z.object({ name: z.string().max(60), present: z.boolean(), matches: z.boolean(), differences: z.string().max(500) })),
});

/**
 * A vision model's answer, one entry per character asked about: names it did not ask about are
 * dropped, and a character it left out counts as present and matching, so a terse model never
 * triggers a redraw on its own.
 */
export function parseConsistencyAnswer(service: string, raw: string | null | undefined, request: ConsistencyRequest): CharacterMatch[] {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    throw new ProviderError(`${service} answered a picture check with something that is not JSON.`, 'malformed');
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success) throw new ProviderError(`${service} answered a picture check in the wrong shape.`, 'malformed');
  return request.characters.map(({ name }) => {
    const found = parsed.data.characters.find((entry) => entry.name.trim().toLocaleLowerCase() === name.toLocaleLowerCase());
    return found ? { name, present: found.present, matches: found.matches, differences: found.matches ? '' : found.differences.trim() } : { name, present: true, matches: true, differences: '' };
  });
}
