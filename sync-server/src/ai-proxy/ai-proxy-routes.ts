import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import OpenAI, { APIError, toFile } from 'openai';
import { z } from 'zod';
import { crossings, DEFAULT_THRESHOLDS, type Thresholds } from '@storysprout/shared/moderation-limits';
import { readPlans } from '../billing/plans';
import { isPictureOf, isPictureType, MAX_PICTURE_BYTES, PICTURE_TYPES } from '../blobs/picture-type';
import type { SyncServerConfig } from '../config';
import type { SyncStore } from '../db/database';
import { membershipOf } from '../families/family-access';
import { recordUsage, refusalFor, releaseSlot, takeSlot, type Metered } from './family-allowance';
import { MAX_PROMPT_CHARACTERS, proxyRequests, REFERENCE_FIELDS, refusalOf, wordsOfChat } from './proxy-requests';

const familyParams = z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }) });
/** A book has at most 6 characters, each with one reference picture. */
const MAX_REFERENCES = 6;
/** A call's words, JSON-escaped at their longest, fit in this. */
const WORDS_BODY_BYTES = 256 * 1024;
/** A 1024×1024 picture to moderate, as a data: address: 5.6 MB at most (RGBA noise as PNG). */
const PICTURE_BODY_BYTES = 8 * 1024 * 1024;

/** Every picture an answer brings, whatever form it comes in, as moderation input; null when it brings none. */
function picturesToCheck(answer: OpenAI.Images.ImagesResponse): OpenAI.Moderations.ModerationMultiModalInput[] | null {
  const pictures = (answer.data ?? []).map((image) => ({ type: 'image_url' as const, image_url: { url: image.b64_json ? `data:image/png;base64,${image.b64_json}` : (image.url ?? '') } }));
  return pictures.length > 0 ? pictures : null;
}

/** An error as OpenAI words one, so the desktop's `openai` provider reads it like any other. */
const openAIError = (reply: FastifyReply, status: number, code: string, type: string, message: string, options: { param?: string | null; headers?: Record<string, string> } = {}) =>
  reply
    .code(status)
    .headers(options.headers ?? {})
    .send({ error: { message, type, code, param: options.param ?? null } });

const refuse = (reply: FastifyReply, issues: Parameters<typeof refusalOf>[0]) => {
  const { code, param, message } = refusalOf(issues);
  return openAIError(reply, 400, code, 'invalid_request_error', message, { param });
};

/**
 * OpenAI's API for families who subscribe instead of bringing a key: the desktop points its
 * `openai` provider here, with its session token as the key. Each call is checked (member, plan,
 * quota, at most N generations at once, only what the desktop sends), its prompt and its result
 * moderated against the family's limits, forwarded once (the device's queue does the retrying),
 * and what the service made is counted.
 */
export const aiProxyRoutes: FastifyPluginAsyncZod<{ store: SyncStore; config: SyncServerConfig }> = async (app, { store, config }) => {
  const { db } = store;
  const plans = readPlans(config.PLANS);
  const takes = proxyRequests(config);
  // Only for image edits, whose reference pictures come as multipart/form-data, as OpenAI takes them.
  // Room for a few fields more than the desktop sends, so a field it does not send is refused by name.
  await app.register(multipart, { limits: { fileSize: MAX_PICTURE_BYTES, files: MAX_REFERENCES, fields: 16, fieldSize: 4 * MAX_PROMPT_CHARACTERS } });
  const upstream = config.OPENAI_API_KEY ? new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, maxRetries: 0, timeout: 180_000 }) : null;

  const pastMultipartLimits = new Map([
    ['FST_FILES_LIMIT', `An image edit takes at most ${MAX_REFERENCES} reference pictures.`],
    ['FST_REQ_FILE_TOO_LARGE', `A reference picture is at most ${MAX_PICTURE_BYTES / 1024 / 1024} MiB.`],
    ['FST_FIELDS_LIMIT', 'An image edit takes prompt, model, size and n besides its pictures.'],
    ['FST_PARTS_LIMIT', 'An image edit takes prompt, model, size and n besides its pictures.'],
  ]);
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const pastLimit = pastMultipartLimits.get(error.code);
    if (pastLimit) return openAIError(reply, 413, 'request_too_large', 'invalid_request_error', pastLimit);
    if (!hasZodFastifySchemaValidationErrors(error)) throw error;
    return refuse(
      reply,
      error.validation.map((issue) => ({ path: issue.instancePath.slice(1).replaceAll('/', '.'), code: issue.keyword, message: issue.message ?? '', keys: issue.params.keys as string[] | undefined })),
    );
  });

  async function thresholdsOf(familyId: string): Promise<Thresholds> {
    const family = await db.selectFrom('families').select('moderation_json').where('id', '=', familyId).executeTakeFirstOrThrow();
    return { ...DEFAULT_THRESHOLDS, ...(JSON.parse(family.moderation_json) as Thresholds) };
  }

  /** The categories an input crosses, checked with the server's moderation model. */
  async function crossed(input: OpenAI.Moderations.ModerationCreateParams['input'], thresholds: Thresholds) {
    const result = await upstream!.moderations.create({ model: config.AI_MODERATION_MODEL, input });
    return result.results.flatMap((each) => crossings(each.category_scores as unknown as Record<string, number>, thresholds));
  }

  /** Everything a metered call goes through; `forward` calls OpenAI, `made` counts what came back, `resultInput` says what to moderate in it. */
  async function generate<Answer>(
    request: FastifyRequest,
    reply: FastifyReply,
    call: { metered: Metered; prompt: string; forward(user: string): Promise<Answer>; made(answer: Answer): number; resultInput(answer: Answer): OpenAI.Moderations.ModerationCreateParams['input'] | null },
  ) {
    const { familyId, userId } = membershipOf(request);
    if (!upstream) return openAIError(reply, 503, 'proxy_not_set_up', 'server_error', 'StorySprout’s AI service is not set up on this server.');
    try {
      const [refusal, thresholds] = await Promise.all([refusalFor(db, plans, familyId, call.metered, 1), thresholdsOf(familyId)]);
      if (refusal) return openAIError(reply, 402, 'subscription_required', 'insufficient_quota', refusal);
      // The prompt is checked before a slot is taken, so a refused one never holds up the family.
      const promptCrossed = await crossed(call.prompt, thresholds);
      if (promptCrossed.length > 0) {
        return openAIError(reply, 400, 'content_policy_violation', 'invalid_request_error', `The request goes past the family's limits (${promptCrossed.map((each) => each.category).join(', ')}).`);
      }
      const slot = await takeSlot(store, familyId, userId, config.AI_MAX_ACTIVE_PER_FAMILY);
      if (!slot) {
        return openAIError(reply, 429, 'too_many_active', 'rate_limit_exceeded', `This family already has ${config.AI_MAX_ACTIVE_PER_FAMILY} pictures or stories being made. The next starts when one finishes.`, {
          headers: { 'retry-after': '2' },
        });
      }
      try {
        // OpenAI's abuse monitoring sees an opaque id per family, never the family itself.
        const answer = await call.forward(createHash('sha256').update(familyId).digest('hex').slice(0, 32));
        const resultInput = call.resultInput(answer);
        // The work is done and paid for: what came back counts, whatever happens to the device from here.
        const [, resultCrossed] = await Promise.all([recordUsage(db, familyId, call.metered, call.made(answer)), resultInput ? crossed(resultInput, thresholds) : []]);
        if (resultCrossed.length > 0) {
          return openAIError(reply, 422, 'result_moderated', 'content_filter', `What came back went past the family's limits (${resultCrossed.map((each) => each.category).join(', ')}), so it was not sent. Try again, perhaps with other words.`);
        }
        return answer;
      } finally {
        await releaseSlot(db, slot);
      }
    } catch (error) {
      // The service's own answer (a 429, a 500) goes back as it was, for the device's queue to retry.
      if (error instanceof APIError && error.status) return reply.code(error.status).send(error.error ?? { error: { message: error.message } });
      throw error;
    }
  }

  const perUser = { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.user?.id ?? request.ip } };

  app.post('/api/families/:id/ai/v1/chat/completions', { schema: { params: familyParams, body: takes.chat }, bodyLimit: WORDS_BODY_BYTES, config: perUser }, (request, reply) =>
    generate(request, reply, {
      metered: 'books',
      prompt: wordsOfChat(request.body),
      forward: (user) => upstream!.chat.completions.create({ ...request.body, n: 1, max_completion_tokens: request.body.max_completion_tokens ?? config.AI_MAX_COMPLETION_TOKENS, stream: false, user }),
      made: (answer) => answer.choices.length,
      resultInput: (answer) => answer.choices.map((choice) => choice.message.content ?? '').join('\n') || null,
    }),
  );

  app.post('/api/families/:id/ai/v1/images/generations', { schema: { params: familyParams, body: takes.picture }, bodyLimit: WORDS_BODY_BYTES, config: perUser }, (request, reply) =>
    generate(request, reply, {
      metered: 'pictures',
      prompt: request.body.prompt,
      forward: (user) => upstream!.images.generate({ ...request.body, n: 1, stream: false, user }),
      made: (answer) => answer.data?.length ?? 0,
      resultInput: picturesToCheck,
    }),
  );

  // Pictures drawn from the family's character references, which keeps a character the same on every page.
  app.post('/api/families/:id/ai/v1/images/edits', { schema: { params: familyParams, consumes: ['multipart/form-data'] }, config: perUser }, async (request, reply) => {
    if (!request.isMultipart()) return openAIError(reply, 400, 'invalid_multipart', 'invalid_request_error', 'An image edit is sent as multipart/form-data with its pictures.');
    const fields: Record<string, string> = {};
    const references: { data: Buffer; mime: string; name: string }[] = [];
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (!REFERENCE_FIELDS.includes(part.fieldname)) return refuse(reply, [{ path: '', code: 'unrecognized_keys', message: `StorySprout Cloud does not take ${part.fieldname}`, keys: [part.fieldname] }]);
      if (!isPictureType(part.mimetype)) return openAIError(reply, 400, 'invalid_image', 'invalid_request_error', `A reference picture is sent as ${PICTURE_TYPES.join(', ')}.`);
      const data = await part.toBuffer();
      // Only what is a picture is forwarded as one.
      if (!(await isPictureOf(data, part.mimetype))) return openAIError(reply, 400, 'invalid_image', 'invalid_request_error', `${part.filename || 'A reference'} is not a picture of type ${part.mimetype}, as it says it is.`);
      references.push({ data, mime: part.mimetype, name: part.filename || `reference-${references.length + 1}.png` });
    }
    const parsed = takes.edit.safeParse(fields);
    if (!parsed.success) return refuse(reply, parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.join('.'), keys: issue.code === 'unrecognized_keys' ? issue.keys : undefined })));
    if (references.length === 0) return openAIError(reply, 400, 'invalid_image', 'invalid_request_error', 'An image edit needs at least one reference picture.');
    return generate(request, reply, {
      metered: 'pictures',
      prompt: parsed.data.prompt,
      forward: async (user) =>
        upstream!.images.edit({
          ...parsed.data,
          n: 1,
          image: await Promise.all(references.map((reference) => toFile(reference.data, reference.name, { type: reference.mime }))),
          stream: false,
          user,
        }),
      made: (answer) => answer.data?.length ?? 0,
      resultInput: picturesToCheck,
    });
  });

  app.post('/api/families/:id/ai/v1/moderations', { schema: { params: familyParams, body: takes.moderation }, bodyLimit: PICTURE_BODY_BYTES, config: perUser }, async (request, reply) => {
    if (!upstream) return openAIError(reply, 503, 'proxy_not_set_up', 'server_error', 'StorySprout’s AI service is not set up on this server.');
    const refusal = await refusalFor(db, plans, membershipOf(request).familyId, 'books', 0);
    if (refusal) return openAIError(reply, 402, 'subscription_required', 'insufficient_quota', refusal);
    const { input } = request.body;
    if (typeof input !== 'string') {
      const [, mime, base64] = /^data:([^;]+);base64,(.*)$/.exec(input[0].image_url.url)!;
      if (!(await isPictureOf(Buffer.from(base64!, 'base64'), mime!))) return openAIError(reply, 400, 'invalid_image', 'invalid_request_error', `The picture is not of type ${mime}, as it says it is.`, { param: 'input' });
    }
    try {
      return await upstream.moderations.create(request.body);
    } catch (error) {
      if (error instanceof APIError && error.status) return reply.code(error.status).send(error.error ?? { error: { message: error.message } });
      throw error;
    }
  });
};
