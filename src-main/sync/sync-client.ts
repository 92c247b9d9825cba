import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { UserFacingError } from '../errors';

/** The server could not be reached: the change waits, nothing is wrong with it. */
export class SyncOfflineError extends UserFacingError {
  constructor(server: string, cause: unknown) {
    super('unavailable', `The sync server at ${server} cannot be reached. Changes are kept here and sent when it is back.`);
    this.cause = cause;
  }
}

/** The server answered and said no, in words meant for the family. */
export class SyncRefusedError extends UserFacingError {
  constructor(
    readonly status: number,
    readonly serverCode: string,
    message: string,
  ) {
    super(status === 401 ? 'unavailable' : status === 403 ? 'parent-only' : status === 404 ? 'not-found' : 'invalid-input', message);
  }
  get signedOut(): boolean {
    return this.status === 401;
  }
}

const user = z.object({ id: z.string(), email: z.string(), fullName: z.string() });
const tokenAndUser = z.object({ token: z.string(), user });
/** A server with mail finishes a signup by the code it mails to the address. */
const checkEmail = z.object({ status: z.literal('check-email') });
const role = z.enum(['parent-admin', 'child-creator']);
const family = z.object({ id: z.string(), name: z.string(), members: z.array(z.object({ userId: z.string(), fullName: z.string(), role })) });
export const wireChange = z.object({
  table: z.string(),
  rowId: z.string(),
  column: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  hlc: z.string(),
  deviceId: z.string(),
  /** Sent, never pulled: the stamp of the value the change was made over. */
  seen: z.string().nullable().optional(),
});
const syncAnswer = z.object({
  accepted: z.number(),
  rejected: z.array(z.object({ index: z.number(), reason: z.string() })),
  changes: z.array(wireChange.extend({ seq: z.number() })),
  cursor: z.number(),
  more: z.boolean(),
});
const allowance = z.object({ used: z.number(), included: z.number() });

export type WireChange = z.infer<typeof wireChange>;
export type SyncAnswer = z.infer<typeof syncAnswer>;
export type AccountUser = z.infer<typeof user>;

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The sync server's HTTP API as the desktop core uses it. Every answer is checked against a schema
 * before anyone reads it; a network failure and a refusal are told apart, so the sync status can
 * say "offline" for one and show the server's reason for the other.
 */
export function createSyncClient(serverUrl: string, token: () => string | undefined) {
  const base = serverUrl.replace(/\/+$/, '');

  async function send(method: string, route: string, options: { body?: unknown; headers?: Record<string, string>; raw?: Buffer; timeoutMs?: number } = {}): Promise<Response> {
    const bearer = token();
    const headers: Record<string, string> = { ...(bearer && { authorization: `Bearer ${bearer}` }), ...options.headers };
    let body: BodyInit | undefined;
    if (options.raw) body = new Uint8Array(options.raw);
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(`${base}${route}`, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new SyncOfflineError(base, error);
    }
    if (!response.ok && response.status !== 206) {
      const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      throw new SyncRefusedError(response.status, answer?.error?.code ?? 'http-' + response.status, answer?.error?.message ?? `The sync server answered ${response.status}.`);
    }
    return response;
  }

  async function json<T>(method: string, route: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    return parse(await send(method, route, { body }), route, schema);
  }

  async function parse<T>(response: Response, route: string, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new SyncRefusedError(502, 'malformed', `The sync server answered ${route} in an unexpected shape (${parsed.error.issues[0]?.message}). Is ${base} a StorySprout sync server?`);
    return parsed.data;
  }

  return {
    serverUrl: base,
    signUp: (input: { email: string; password: string; fullName: string }) => json('POST', '/api/auth/signup', z.union([tokenAndUser, checkEmail]), input),
    confirmSignUp: (input: { email: string; password: string; code: string }) => json('POST', '/api/auth/signup/confirm', tokenAndUser, input),
    logIn: (input: { email: string; password: string }) => json('POST', '/api/auth/login', tokenAndUser, input),
    exchangeSignInCode: (input: { code: string; codeVerifier: string }) => json('POST', '/api/auth/oidc/exchange', tokenAndUser, input),
    logOut: async () => void (await send('POST', '/api/auth/logout')),
    me: () => json('GET', '/api/me', z.object({ user, families: z.array(z.object({ id: z.string(), name: z.string(), role })) })),
    createFamily: (name: string) => json('POST', '/api/families', family, { name }),
    family: (familyId: string) => json('GET', `/api/families/${familyId}`, family),
    invite: (familyId: string, inviteRole: z.infer<typeof role>) =>
      json('POST', `/api/families/${familyId}/invites`, z.object({ code: z.string(), role, expiresAt: z.string() }), { role: inviteRole }),
    acceptInvite: (code: string) => json('POST', `/api/invites/${encodeURIComponent(code)}/accept`, family),
    /** One push and pull, with the server's clock as its Date header says (to tell a wrong clock here). */
    async sync(familyId: string, body: { cursor: number; changes: WireChange[] }) {
      const route = `/api/families/${familyId}/sync`;
      const response = await send('POST', route, { body });
      const serverTime = Date.parse(response.headers.get('date') ?? '');
      return { ...(await parse(response, route, syncAnswer)), serverTime: Number.isNaN(serverTime) ? null : serverTime };
    },
    missingPictures: (familyId: string, sha256s: string[]) => json('POST', `/api/families/${familyId}/assets/missing`, z.object({ missing: z.array(z.string()) }), { sha256s }),
    uploadPicture: async (familyId: string, sha256: string, mime: string, data: Buffer) =>
      void (await send('PUT', `/api/families/${familyId}/assets/${sha256}`, { raw: data, headers: { 'content-type': mime }, timeoutMs: 120_000 })),
    /**
     * Fetches a picture into `partialFile`, carrying on from the bytes already there (a Range
     * request) after an interrupted sync. Returns the whole file's bytes once their hash matches.
     */
    async downloadPicture(familyId: string, sha256: string, partialFile: string): Promise<{ data: Buffer; resumedFrom: number }> {
      fs.mkdirSync(path.dirname(partialFile), { recursive: true });
      const have = fs.existsSync(partialFile) ? fs.statSync(partialFile).size : 0;
      const response = await send('GET', `/api/families/${familyId}/assets/${sha256}`, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, timeoutMs: 120_000 });
      const resumed = response.status === 206;
      if (!response.body) throw new SyncRefusedError(502, 'malformed', 'The sync server sent a picture without a body.');
      try {
        await pipeline(Readable.fromWeb(response.body as WebReadableStream), fs.createWriteStream(partialFile, { flags: resumed ? 'a' : 'w' }));
      } catch (error) {
        throw new SyncOfflineError(base, error);
      }
      const data = await fs.promises.readFile(partialFile);
      await fs.promises.rm(partialFile, { force: true });
      if (createHash('sha256').update(data).digest('hex') !== sha256) throw new SyncRefusedError(502, 'picture-damaged', `A picture arrived damaged (${sha256.slice(0, 12)}…); it will be fetched again.`);
      return { data, resumedFrom: resumed ? have : 0 };
    },
    share: (familyId: string, bookId: string) => json('POST', `/api/families/${familyId}/books/${bookId}/share`, z.object({ url: z.string(), expiresAt: z.string() }), {}),
    shareLinks: (familyId: string, bookId: string) =>
      json('GET', `/api/families/${familyId}/books/${bookId}/share`, z.object({ links: z.array(z.object({ createdAt: z.string(), expiresAt: z.string() })) })),
    unshare: async (familyId: string, bookId: string) => void (await send('DELETE', `/api/families/${familyId}/books/${bookId}/share`)),
    plans: () => json('GET', '/api/plans', z.object({ plans: z.array(z.object({ name: z.string(), monthlyBooks: z.number(), monthlyPictures: z.number() })) })),
    subscription: (familyId: string) => json('GET', `/api/families/${familyId}/subscription`, z.object({ plan: z.string().nullable(), status: z.string(), nextBillingDate: z.string().nullable() })),
    usage: (familyId: string) => json('GET', `/api/families/${familyId}/usage`, z.object({ period: z.string(), plan: z.string().nullable(), books: allowance, pictures: allowance })),
    checkout: (familyId: string, plan: string) => json('POST', `/api/families/${familyId}/subscriptions`, z.object({ url: z.string() }), { plan }),
    billingPortal: (familyId: string) => json('POST', `/api/families/${familyId}/billing-portal`, z.object({ url: z.string() }), {}),
    eventsUrl: (familyId: string) => `${base.replace(/^http/, 'ws')}/api/families/${familyId}/events`,
    /** Where the AI proxy answers in OpenAI's shapes, for the openai SDK's baseURL. */
    aiProxyUrl: (familyId: string) => `${base}/api/families/${familyId}/ai/v1`,
  };
}

export type SyncClient = ReturnType<typeof createSyncClient>;
