import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, toFile } from 'openai';
import { z } from 'zod';
import { storyInstructions } from '../prompts';
import { consistencyInstructions, consistencyJsonSchema, parseConsistencyAnswer } from '../consistency-format';
import { parseStoryAnswer, storyJsonSchema } from '../story-format';
import { ProviderError, providerErrorFromStatus, retryAfterMs } from './provider-errors';
import type { CallOptions, ConsistencyChecker, ImageProvider, ModerationProvider, ModerationScores, Picture, StoryRequest, TextProvider } from './provider-types';

export interface OpenAIProviderOptions {
  apiKey: string;
  baseUrl?: string;
  textModel: string;
  imageModel: string;
  moderationModel: string;
  timeoutMs: number;
  imageConcurrency: number;
  /** How the provider names itself: "openai", or "openai-compatible" for Ollama, LM Studio, vLLM. */
  id?: string;
  serviceName?: string;
}

/**
 * Stories, pictures and moderation through the official `openai` SDK. Its own retries are off:
 * the durable queue retries, and two retry layers would multiply each other.
 */
export function createOpenAIClient(options: Pick<OpenAIProviderOptions, 'apiKey' | 'baseUrl' | 'timeoutMs'>): OpenAI {
  return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs });
}

export function createOpenAITextProvider(
  client: OpenAI,
  options: Pick<OpenAIProviderOptions, 'textModel' | 'id' | 'serviceName'> & {
    /** The model that looks at pictures to compare pages with their cast; null where the server has none. */
    visionModel: string | null;
    /** Why pages are not compared, where the reason is not a missing model. */
    noVisionReason?: string;
  },
): TextProvider {
  const service = options.serviceName ?? 'OpenAI';
  const id = options.id ?? 'openai';
  return {
    id,
    model: options.textModel,
    consistency: options.visionModel
      ? createOpenAIConsistencyChecker(client, { id, model: options.visionModel, service })
      : { unavailable: options.noVisionReason ?? `${service} has no model set that can look at pictures, so pages are not compared with their cast.` },
    async writeStory(request, { signal }) {
      const completion = await call(service, signal, () =>
        client.chat.completions.create(
          {
            model: options.textModel,
            messages: [
              { role: 'system', content: storyInstructions(request) },
              { role: 'user', content: storyIdeaMessage(request) },
            ],
            response_format: { type: 'json_schema', json_schema: { name: 'picture_book', strict: true, schema: storyJsonSchema } },
          },
          { signal },
        ),
      );
      const choice = completion.choices[0];
      if (choice?.message.refusal) throw new ProviderError(`${service} declined to write this story: ${choice.message.refusal}`, 'permanent');
      if (choice?.finish_reason === 'length') throw new ProviderError(`${service} stopped before the story was finished.`, 'malformed');
      return parseStoryAnswer(service, choice?.message.content, request.pageCount);
    },
  };
}

function storyIdeaMessage(request: StoryRequest): string {
  const lines = [`The idea for the book: ${request.idea}`, `Art style of the pictures: ${request.artStyle}.`];
  if (request.ownWords) lines.push(`The child's words, one entry per page: ${JSON.stringify(request.ownWords)}`);
  return lines.join('\n');
}

/** Looks at a drawn page beside its characters' reference pictures: who is there, and whether each matches. */
function createOpenAIConsistencyChecker(client: OpenAI, options: { id: string; model: string; service: string }): ConsistencyChecker {
  const imagePart = (picture: { data: Buffer; mime: string }) => ({
    type: 'image_url' as const,
    image_url: { url: `data:${picture.mime};base64,${picture.data.toString('base64')}` },
  });
  return {
    id: options.id,
    model: options.model,
    async compare(request, { signal }) {
      const completion = await call(options.service, signal, () =>
        client.chat.completions.create(
          {
            model: options.model,
            messages: [
              { role: 'system', content: consistencyInstructions(request) },
              {
                role: 'user',
                content: [
                  imagePart(request.picture),
                  ...request.characters.flatMap((character) => (character.reference ? [imagePart(character.reference)] : [])),
                ],
              },
            ],
            response_format: { type: 'json_schema', json_schema: { name: 'cast_check', strict: true, schema: consistencyJsonSchema } },
          },
          { signal },
        ),
      );
      return parseConsistencyAnswer(options.service, completion.choices[0]?.message.content, request);
    },
  };
}

const imagesAnswer = z.object({ data: z.array(z.object({ b64_json: z.string().min(1) })).min(1) });

export function createOpenAIImageProvider(
  client: OpenAI,
  options: Pick<OpenAIProviderOptions, 'imageModel' | 'imageConcurrency' | 'id' | 'serviceName'>,
): ImageProvider {
  const service = options.serviceName ?? 'OpenAI';
  return {
    id: options.id ?? 'openai',
    model: options.imageModel,
    concurrency: options.imageConcurrency,
    referenceSupport: async () => ({ mode: 'image-inputs', detail: 'Each page is drawn from the cast’s portraits, given to the image model with the page’s words.' }),
    async drawPicture(request, { signal }) {
      const size = `${request.width}x${request.height}` as '1024x1024';
      const answer = await call(service, signal, async () =>
        request.references.length > 0
          ? client.images.edit(
              {
                model: options.imageModel,
                prompt: `${request.prompt} Draw the characters as they look in the reference pictures.`,
                // Named by position and type: a character's name may hold anything, and a saved reference may be a JPEG.
                image: await Promise.all(
                  request.references.map((reference, index) => toFile(reference.data, `reference-${index + 1}.${reference.mime.split('/')[1] ?? 'png'}`, { type: reference.mime })),
                ),
                size,
                n: 1,
              },
              { signal },
            )
          : client.images.generate({ model: options.imageModel, prompt: request.prompt, size, n: 1 }, { signal }),
      );
      const parsed = imagesAnswer.safeParse(answer);
      if (!parsed.success) throw new ProviderError(`${service} answered without a picture.`, 'malformed');
      return { data: Buffer.from(parsed.data.data[0]!.b64_json, 'base64'), mime: 'image/png' };
    },
  };
}

const moderationAnswer = z.object({ results: z.array(z.object({ category_scores: z.record(z.string(), z.number()) })).min(1) });

export function createOpenAIModeration(client: OpenAI, options: Pick<OpenAIProviderOptions, 'moderationModel' | 'id' | 'serviceName'>): ModerationProvider {
  const service = `${options.serviceName ?? 'OpenAI'} moderation`;
  const check = async (input: OpenAI.Moderations.ModerationCreateParams['input'], signal: AbortSignal): Promise<ModerationScores> => {
    const answer = await call(service, signal, () => client.moderations.create({ model: options.moderationModel, input }, { signal }));
    const parsed = moderationAnswer.safeParse(answer);
    if (!parsed.success) throw new ProviderError(`${service} answered in an unexpected shape.`, 'malformed');
    return parsed.data.results[0]!.category_scores;
  };
  return {
    id: options.id ?? 'openai',
    limits: "OpenAI's moderation model reads the words and looks at every picture.",
    checkText: (text, { signal }: CallOptions) => check(text, signal),
    checkPicture: (picture: Picture, { signal }: CallOptions) =>
      check([{ type: 'image_url', image_url: { url: `data:${picture.mime};base64,${picture.data.toString('base64')}` } }], signal),
  };
}

/** Runs one SDK call and turns its failure into a classified ProviderError. */
export async function call<T>(service: string, signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof APIUserAbortError || signal.aborted) throw new ProviderError(`${service} call was cancelled.`, 'permanent', { cause: error });
    if (error instanceof APIConnectionTimeoutError) throw new ProviderError(`${service} did not answer in time.`, 'transient', { cause: error });
    if (error instanceof APIConnectionError) throw new ProviderError(`${service} could not be reached.`, 'network', { cause: error });
    if (error instanceof APIError && error.status !== undefined) {
      const classified = providerErrorFromStatus(service, error.status, (error.error as { message?: string } | undefined)?.message ?? '', error.headers);
      throw new ProviderError(classified.message, classified.kind, { status: error.status, retryAfterMs: retryAfterMs(error.headers), cause: error });
    }
    // What is left is an answer the SDK could not read, such as a body that is not JSON.
    throw new ProviderError(`${service} answered with something StorySprout could not read (${error instanceof Error ? error.message : String(error)}).`, 'malformed', {
      cause: error,
    });
  }
}
