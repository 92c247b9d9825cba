import path from 'node:path';
import { z } from 'zod';
import { OLDER_VERSIONS_KEPT } from '@storysprout/shared/page-history';

const modelId = /^[\w.:-]{1,100}$/;
/** A comma-separated list of model ids, as the AI proxy's settings take them. */
const modelList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((list) => list.split(',').map((model) => model.trim()))
    .pipe(z.array(z.string().regex(modelId, { error: 'a model id is letters, digits and . _ : -' })).min(1));

/** The sync server's settings, from its environment; a wrong value stops it with the reason. */
export const configSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  DATA_DIR: z.string().default(path.join('data', 'sync-server')),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// address' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Cookies are Secure unless the server is only reachable on this computer (development). */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Several instances share their rate limits through this Redis. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// address' }).optional(),
  /** Keeps one deployment's keys apart from another's in a shared Redis. */
  REDIS_PREFIX: z.string().default('storysprout:'),
  /** New accounts one address may open an hour. */
  SIGNUPS_PER_HOUR_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  /** Password tries on one account from one address, per 15 minutes; a right password starts that address afresh. */
  LOGIN_TRIES_PER_ADDRESS_AND_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Password tries on one account from every address together, per hour: the ceiling for guessing from many addresses. */
  LOGIN_TRIES_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
  /** Set behind a load balancer or reverse proxy, so clients' own addresses are used (rate limits, logs). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Pictures go to S3-compatible storage when a bucket is named; to DATA_DIR otherwise. */
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  /** Sign in with Google and with Apple (OpenID Connect); each is offered when its client id is set. */
  OIDC_GOOGLE_CLIENT_ID: z.string().optional(),
  OIDC_GOOGLE_CLIENT_SECRET: z.string().optional(),
  OIDC_GOOGLE_ISSUER: z.url().default('https://accounts.google.com'),
  OIDC_APPLE_CLIENT_ID: z.string().optional(),
  OIDC_APPLE_CLIENT_SECRET: z.string().optional(),
  OIDC_APPLE_ISSUER: z.url().default('https://appleid.apple.com'),
  /** With these three the server mints Apple's client secret itself (instead of OIDC_APPLE_CLIENT_SECRET). */
  OIDC_APPLE_TEAM_ID: z.string().optional(),
  OIDC_APPLE_KEY_ID: z.string().optional(),
  OIDC_APPLE_PRIVATE_KEY: z.string().optional(),
  /** Billing: offered when the Stripe key is set. */
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Another Stripe API address (tests' local server): http://127.0.0.1:PORT. */
  STRIPE_API_URL: z.url().optional(),
  /** The plans, as JSON: [{"name", "priceId", "monthlyBooks", "monthlyPictures"}]. */
  PLANS: z
    .string()
    .default(
      JSON.stringify([
        { name: 'family', priceId: 'price_family_monthly', monthlyBooks: 20, monthlyPictures: 400 },
        { name: 'family-plus', priceId: 'price_family_plus_monthly', monthlyBooks: 60, monthlyPictures: 1200 },
      ]),
    ),
  /** The AI proxy's own OpenAI key, for families who subscribe; and another address (tests, Azure). */
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  /** The seed's limit: generations one family may have under way at once. */
  AI_MAX_ACTIVE_PER_FAMILY: z.coerce.number().int().min(1).max(50).default(5),
  /** The models the AI proxy passes on (the first when a call names none); the desktop's own defaults. */
  AI_TEXT_MODELS: modelList('gpt-4.1-mini'),
  AI_IMAGE_MODELS: modelList('gpt-image-2'),
  /** The model the AI proxy moderates with, and the only one it passes on. */
  AI_MODERATION_MODEL: z.string().regex(modelId, { error: 'a model id is letters, digits and . _ : -' }).default('omni-moderation-latest'),
  /** The most a story may take to write (max_completion_tokens), whatever a call asks: a 32-page book takes a few thousand. */
  AI_MAX_COMPLETION_TOKENS: z.coerce.number().int().min(1000).max(128_000).default(16_000),
  /** Per page, how many versions older than 30 days the daily sweep keeps (every newer one is kept). */
  PAGE_VERSIONS_OLDER_KEPT: z.coerce.number().int().min(0).default(OLDER_VERSIONS_KEPT),
  /** /metrics is served only when set, to requests bearing it. */
  METRICS_TOKEN: z.string().min(32, { error: 'METRICS_TOKEN must have at least 32 characters, such as the output of `openssl rand -hex 32`' }).optional(),
  /** Unexpected errors are sent to Sentry when set. */
  SENTRY_DSN: z.url().optional(),
  /** Where the server is reached from outside; share links, sign-in callbacks and Stripe's way back are built from it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http:// or https:// address' }).optional(),
  /** The mail server that carries signup codes: smtps://user:pass@host:465, or smtp://…:587 (STARTTLS). */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// address' }).optional(),
  /** Who the server's mails come from: StorySprout <no-reply@example.com>. */
  MAIL_FROM: z.string().regex(/@/, { error: 'MAIL_FROM must be an email address, such as StorySprout <no-reply@example.com>' }).optional(),
})
  .refine((config) => config.PUBLIC_URL !== undefined || listensOnlyOnLoopback(config.HOST), {
    // Without it links would have to come from the request's Host header, which whoever sends the request chooses.
    path: ['PUBLIC_URL'],
    error: 'PUBLIC_URL is needed when HOST is not a loopback address: the address families reach this server at (https://sync.example.com), which links are built on',
  })
  .refine((config) => config.SMTP_URL !== undefined || reachableOnlyFromThisComputer(config), {
    // Without mail, signing up has to say at once whether an email already has an account.
    path: ['SMTP_URL'],
    error:
      'SMTP_URL (and MAIL_FROM) are needed when the server can be reached from other computers (HOST is not a loopback address, or PUBLIC_URL is not on this computer): signing up mails a code, so that nobody learns from the server which emails have an account',
  })
  .refine((config) => config.SMTP_URL === undefined || config.MAIL_FROM !== undefined, {
    path: ['MAIL_FROM'],
    error: 'MAIL_FROM is needed with SMTP_URL: the address the server mails from, such as StorySprout <no-reply@example.com>',
  });

/** Only this computer can reach a server listening here. */
export function listensOnlyOnLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Nobody but this computer's own programs reach the server: it listens on loopback, and no public
 * address says it is reached through a proxy in front (as on a VM behind Caddy).
 */
function reachableOnlyFromThisComputer(config: { HOST: string; PUBLIC_URL?: string }): boolean {
  return listensOnlyOnLoopback(config.HOST) && (config.PUBLIC_URL === undefined || listensOnlyOnLoopback(new URL(config.PUBLIC_URL).hostname));
}

export type SyncServerConfig = z.output<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): SyncServerConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new Error(`The sync server's settings are wrong: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
