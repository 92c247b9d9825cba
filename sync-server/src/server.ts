import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountsRoutes } from './accounts/accounts-routes';
import { authentication } from './accounts/authentication';
import { aiProxyRoutes } from './ai-proxy/ai-proxy-routes';
import { billingRoutes } from './billing/billing-routes';
import { oidcProviders } from './accounts/oidc-providers';
import { oidcRoutes } from './accounts/oidc-routes';
import { passwordGuesses } from './accounts/password-guesses';
import { signupConfirmation } from './accounts/signup-confirmation';
import { blobRoutes } from './blobs/blob-routes';
import type { BlobStore } from './blobs/blob-store';
import { blobStoreFor } from './blobs/blob-store-for';
import { listensOnlyOnLoopback, type SyncServerConfig } from './config';
import type { SyncStore } from './db/database';
import { ApiError } from './errors';
import { familiesRoutes } from './families/families-routes';
import { familyAccess } from './families/family-access';
import type { ErrorReporting } from './ops/error-reporting';
import { healthRoutes } from './ops/health-routes';
import { syncServerMetrics } from './ops/metrics';
import { familyNudges } from './nudges/family-nudges';
import { nudgeRoutes } from './nudges/nudge-routes';
import { createMailer } from './mail/mailer';
import { publicAddress, type PublicAddress } from './public-address';
import { sharingRoutes } from './sharing/sharing-routes';
import { syncRoutes } from './sync/sync-routes';
import { sameOriginWebSockets } from './websocket-origin';

/** The sync server's routes over an open store; `main.ts` listens, tests inject. */
export async function buildSyncServer(options: { config: SyncServerConfig; store: SyncStore; blobs?: BlobStore; errors?: ErrorReporting; logger?: boolean | object }) {
  const { config, store } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
    trustProxy: config.TRUST_PROXY === 'true',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const message = error.validation.map((issue) => `${issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || error.validationContext}: ${issue.message}`).join('; ');
      return reply.code(400).send({ error: { code: 'invalid-input', message } });
    }
    if (error instanceof ApiError) return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: { code: error.code ?? 'bad-request', message: error.message } });
    request.log.error({ err: error }, 'request failed');
    options.errors?.report(error, { method: request.method, route: request.routeOptions.url ?? 'unmatched' });
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the server. It has been logged.' } });
  });

  // Nothing the API answers is a page to run, frame or read from another site, and a picture is only
  // ever the type it is served as. The share page and the sign-in link page replace the policy with
  // their own: their one style by its hash, and nothing else to load or run.
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  await app.register(swagger, {
    openapi: { info: { title: 'StorySprout sync server', version: '1.0.0' }, components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } },
    transform: jsonSchemaTransform,
  });
  await app.register(cookie);
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { connectTimeout: 1000, maxRetriesPerRequest: 1, keyPrefix: config.REDIS_PREFIX }) : null;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    global: false,
    ...(redis && { redis, nameSpace: 'rate-limit:' }),
    errorResponseBuilder: (_request, context) => new ApiError(429, 'too-many-attempts', `Too many attempts. Try again in ${context.after}.`),
  });
  await app.register(authentication, { store });
  await app.register(familyAccess, { store });

  const address = publicAddress(app, config);
  await app.register(sameOriginWebSockets, { address });
  // Behind a proxy that speaks https (the README's small-VM recipe), the server listens on loopback but browsers reach it over https.
  const secureCookies = config.COOKIE_SECURE ? config.COOKIE_SECURE === 'true' : !listensOnlyOnLoopback(config.HOST) || config.PUBLIC_URL?.startsWith('https:') === true;
  const guesses = passwordGuesses({ redis, perAddressAndAccount: config.LOGIN_TRIES_PER_ADDRESS_AND_ACCOUNT, perAccount: config.LOGIN_TRIES_PER_ACCOUNT });
  await app.register(accountsRoutes, { store, secureCookies, signupsPerHour: config.SIGNUPS_PER_HOUR_PER_ADDRESS, guesses, signups: signupsByMail(app, config, store, redis, address) });
  await app.register(oidcRoutes, { store, providers: oidcProviders(config), address, secureCookies, guesses });
  await app.register(familiesRoutes, { store });
  const metrics = syncServerMetrics();
  metrics.instrument(app, config.METRICS_TOKEN);
  const nudges = await familyNudges(store.databaseUrl);
  app.addHook('onClose', () => nudges.close());
  await app.register(websocket);
  await app.register(syncRoutes, {
    store,
    onSynced: async (familyId, result, sent) => {
      metrics.recordSync(sent, result.rejected.length);
      if (result.applied > 0) await nudges.publish(familyId, result.cursor);
    },
  });
  await app.register(nudgeRoutes, { nudges, onOpen: metrics.socketOpened });
  const blobs = options.blobs ?? blobStoreFor(config);
  await app.register(blobRoutes, { store, blobs });
  await app.register(sharingRoutes, { store, blobs, address });
  await app.register(billingRoutes, { store, config, address });
  await app.register(aiProxyRoutes, { store, config });
  await app.register(healthRoutes, { store });
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/**
 * Signups finished by a code mailed to their address, when the server has mail; without it (config
 * allows that only on a server no other computer reaches) accounts are made at once.
 */
function signupsByMail(app: FastifyInstance, config: SyncServerConfig, store: SyncStore, redis: Redis | null, address: PublicAddress) {
  if (!config.SMTP_URL || !config.MAIL_FROM) return null;
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log: app.log });
  app.addHook('onClose', () => mailer.close());
  return { confirmation: signupConfirmation({ db: store.db, redis, address }), mailer };
}
