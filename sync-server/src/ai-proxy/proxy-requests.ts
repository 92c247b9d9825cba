import { z } from 'zod';
import type { SyncServerConfig } from '../config';

/** The most words one call may carry, all its parts together (OpenAI's own limit for an image prompt). */
export const MAX_PROMPT_CHARACTERS = 32_000;
/** The size the desktop draws at: a larger picture costs more than the one picture a plan counts. */
const PICTURE_SIZE = '1024x1024';

/** An object that names what it does not take, rather than dropping it or passing it on unchecked. */
const strict = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `StorySprout Cloud does not take ${issue.keys.join(', ')}` : undefined) });

const oneOf = (models: string[]) => z.string().refine((model) => models.includes(model), { error: `model is ${models.join(' or ')} on this server` });

const textPart = strict({ type: z.literal('text'), text: z.string() });
const message = strict({
  role: z.enum(['system', 'developer', 'user', 'assistant'], { error: 'a message is from system, developer, user or assistant: tool and function messages are not taken' }),
  content: z.union([z.string(), z.array(textPart).min(1)], { error: 'content is words: a string, or parts of {type: "text", text}; pictures, sound and files are not taken' }),
});
const responseFormat = strict({
  type: z.literal('json_schema', { error: 'response_format is a json_schema' }),
  json_schema: strict({ name: z.string().regex(/^[\w-]{1,64}$/), strict: z.boolean().optional(), schema: z.record(z.string(), z.unknown()) }),
});

/** Every string in a value, its keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, each]) => [key, ...stringsIn(each)]);
  return [];
}

/**
 * Every word a chat call gives the model, whatever form it comes in: each message's text, and the
 * answer's schema (the model reads its names, descriptions and values too).
 */
export function wordsOfChat(body: { messages: z.output<typeof message>[]; response_format?: z.output<typeof responseFormat> }): string {
  const messages = body.messages.flatMap((each) => (typeof each.content === 'string' ? [each.content] : each.content.map((part) => part.text)));
  return [...messages, ...stringsIn(body.response_format?.json_schema ?? [])].join('\n');
}

/**
 * What the proxy takes: the calls the desktop makes and nothing more (its models, one story or
 * picture a call, a token cap). Anything else is refused by name, so nothing reaches OpenAI that
 * was not moderated and counted.
 */
export function proxyRequests(config: Pick<SyncServerConfig, 'AI_TEXT_MODELS' | 'AI_IMAGE_MODELS' | 'AI_MODERATION_MODEL' | 'AI_MAX_COMPLETION_TOKENS'>) {
  const imageModel = oneOf(config.AI_IMAGE_MODELS).default(config.AI_IMAGE_MODELS[0]!);
  const prompt = z.string().min(1, { error: 'prompt is needed' }).max(MAX_PROMPT_CHARACTERS);
  const size = z.literal(PICTURE_SIZE, { error: `size is ${PICTURE_SIZE}` }).optional();
  const onePicture = 'n is 1: one picture a call';
  return {
    chat: strict({
      model: oneOf(config.AI_TEXT_MODELS),
      messages: z.array(message).min(1).max(20),
      response_format: responseFormat.optional(),
      n: z.literal(1, { error: 'n is 1: one story a call' }).optional(),
      max_completion_tokens: z
        .number()
        .int()
        .min(1)
        .max(config.AI_MAX_COMPLETION_TOKENS, { error: `max_completion_tokens is at most ${config.AI_MAX_COMPLETION_TOKENS}` })
        .optional(),
    }).refine((body) => wordsOfChat(body).length <= MAX_PROMPT_CHARACTERS, { error: `a call's words come to at most ${MAX_PROMPT_CHARACTERS} characters` }),
    picture: strict({ model: imageModel, prompt, size, n: z.literal(1, { error: onePicture }).optional() }),
    /** An image edit's fields, strings as multipart/form-data sends them; its pictures come as `image` or `image[]`. */
    edit: strict({ model: imageModel, prompt, size, n: z.literal('1', { error: onePicture }).optional() }),
    moderation: strict({
      model: z.literal(config.AI_MODERATION_MODEL, { error: `model is ${config.AI_MODERATION_MODEL} on this server` }).default(config.AI_MODERATION_MODEL),
      input: z.union(
        [
          z.string().min(1).max(MAX_PROMPT_CHARACTERS),
          z.tuple([strict({ type: z.literal('image_url'), image_url: strict({ url: z.string().regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/) }) })]),
        ],
        { error: 'input is words (a string) or one picture ([{type: "image_url", image_url: {url: "data:image/png;base64,…"}}])' },
      ),
    }),
  };
}

export const REFERENCE_FIELDS = ['image', 'image[]'];

/** Why a call is refused, as OpenAI words it: the first parameter at fault, and every reason. */
export function refusalOf(issues: { path: string; code: string; message: string; keys?: string[] }[]) {
  const first = issues[0]!;
  const unknown = first.code === 'unrecognized_keys';
  return {
    code: unknown ? 'unsupported_parameter' : 'invalid_request',
    param: (unknown ? [first.path, first.keys?.[0]].filter(Boolean).join('.') : first.path) || null,
    message: issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '),
  };
}
