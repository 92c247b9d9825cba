import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { SyncStore } from '../db/database';
import { ApiError, badRequest, notFound } from '../errors';
import { hashSecret, newId, newSecret, nowIso } from '../ids';
import type { PublicAddress } from '../public-address';
import { SESSION_COOKIE } from './authentication';
import { linkPage } from './link-page';
import { OIDC_PROVIDERS, type OidcProviderName, type OidcProviders } from './oidc-providers';
import type { PasswordGuesses } from './password-guesses';
import { checkPassword } from './passwords';
import { startSession } from './sessions';

const LOGIN_MINUTES = 10;
/** The browser that starts a sign-in keeps a random value here; only with it may the sign-in finish. */
const BINDING_COOKIE = 'storysprout_sign_in';
const BINDING = /^[\w-]{43}$/;
const TITLES: Record<OidcProviderName, string> = { google: 'Google', apple: 'Apple' };
// RFC 8252 §7.3: a native app receives the answer on its own loopback address, any port.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]):\d{1,5}\/[\w\-./]*$/;

/**
 * Sign in with Google or Apple through OpenID Connect, with PKCE. A browser ends with a session
 * cookie. The desktop app opens the system browser at /start with its loopback address and a PKCE
 * challenge of its own; it is sent back there with a one-time code, which only the holder of the
 * matching verifier can exchange for a session token, so another program listening cannot.
 * Either way the provider's answer is taken only in the browser that started the sign-in (its
 * cookie), so nobody can sign someone else's browser in to their own account with a link. A
 * provider's email never takes over an account with a password: its password is asked for first.
 */
export const oidcRoutes: FastifyPluginAsyncZod<{ store: SyncStore; providers: OidcProviders; address: PublicAddress; secureCookies: boolean; guesses: PasswordGuesses }> = async (
  app,
  { store, providers, address, secureCookies, guesses },
) => {
  const { db } = store;
  const provider = z.enum(OIDC_PROVIDERS, { error: `the provider is one of ${OIDC_PROVIDERS.join(', ')}` });
  const callbackUrl = (name: string) => `${address.base()}/api/auth/oidc/${name}/callback`;
  const bindingCookie = (name: OidcProviderName) => ({
    httpOnly: true,
    path: `${new URL(address.base()).pathname.replace(/\/$/, '')}/api/auth/oidc/${name}/`,
    maxAge: LOGIN_MINUTES * 60,
    // Apple answers by form_post, a cross-site POST, which carries a cookie only if it is
    // SameSite=None, and so Secure (Apple takes only https callbacks). Google's answer is a
    // top-level GET, which carries a Lax cookie.
    ...(name === 'apple' ? { sameSite: 'none' as const, secure: true } : { sameSite: 'lax' as const, secure: secureCookies }),
  });

  app.get(
    '/api/auth/oidc/:provider/start',
    {
      schema: {
        params: z.strictObject({ provider }),
        querystring: z.strictObject({
          returnTo: z.string().regex(LOOPBACK, { error: 'returnTo must be a loopback address such as http://127.0.0.1:49152/callback' }).optional(),
          appState: z.string().max(200).optional(),
          codeChallenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'codeChallenge is a PKCE S256 challenge' }).optional(),
        }),
      },
      config: { rateLimit: { max: 30, timeWindow: '15 minutes' } },
    },
    async (request, reply) => {
      const name = request.params.provider;
      if (!providers.offered(name)) throw notFound(`Sign-in with ${name}`);
      const { returnTo, appState, codeChallenge } = request.query;
      if (Boolean(returnTo) !== Boolean(codeChallenge)) throw badRequest('returnTo and codeChallenge come together: the desktop app sends both, a browser neither.');
      const configuration = await providers.configuration(name);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      // Kept across sign-ins started in several tabs, so one does not undo another.
      const given = request.cookies[BINDING_COOKIE];
      const binding = given && BINDING.test(given) ? given : newSecret();
      await db
        .insertInto('oidc_logins')
        .values({
          state,
          provider: name,
          code_verifier: codeVerifier,
          nonce,
          return_to: returnTo ?? null,
          app_state: appState ?? null,
          app_challenge: codeChallenge ?? null,
          handoff_hash: null,
          user_id: null,
          expires_at: new Date(Date.now() + LOGIN_MINUTES * 60_000).toISOString(),
          browser_hash: hashSecret(binding),
        })
        .execute();
      reply.setCookie(BINDING_COOKIE, binding, bindingCookie(name));
      const authorization = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: callbackUrl(name),
        // Apple knows no "profile" scope, and sends name and email only by form_post.
        scope: name === 'apple' ? 'openid email name' : 'openid email profile',
        ...(name === 'apple' && { response_mode: 'form_post' }),
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return reply.redirect(authorization.href);
    },
  );

  // Apple answers by form_post: the code arrives as a form a page of theirs submits here.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  const expired = () => new ApiError(400, 'sign-in-expired', 'That sign-in has expired or was already used. Start again.');
  const startedHere = (request: FastifyRequest, login: { browser_hash: string | null }) => {
    const binding = request.cookies[BINDING_COOKIE];
    if (!binding || !login.browser_hash || hashSecret(binding) !== login.browser_hash) {
      throw new ApiError(400, 'sign-in-elsewhere', 'That sign-in was started in another browser. Start it again in this one.');
    }
  };

  const finishSignIn = async (name: OidcProviderName, request: FastifyRequest, reply: FastifyReply, answer: Record<string, string | undefined>) => {
    const login = answer.state ? await db.selectFrom('oidc_logins').selectAll().where('state', '=', answer.state).where('provider', '=', name).executeTakeFirst() : undefined;
    if (!login || login.expires_at <= nowIso() || login.user_id) throw expired();
    startedHere(request, login);
    if (answer.error) throw new ApiError(401, 'sign-in-refused', `${name} did not sign you in: ${answer.error_description ?? answer.error}.`);

    const configuration = await providers.configuration(name);
    const callback = callbackUrl(name);
    const response =
      request.method === 'POST'
        ? new Request(callback, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(answer as Record<string, string>) })
        : new URL(`${callback}?${new URLSearchParams(answer as Record<string, string>)}`);
    const tokens = await oidc
      .authorizationCodeGrant(configuration, response, { pkceCodeVerifier: login.code_verifier, expectedState: login.state, expectedNonce: login.nonce })
      .catch((error: unknown) => {
        throw new ApiError(401, 'sign-in-refused', `${name} sign-in could not be completed (${error instanceof Error ? error.message : String(error)}).`);
      });
    const idClaims = tokens.claims();
    if (!idClaims) throw new ApiError(401, 'sign-in-refused', `${name} sent no identity.`);
    // Google puts the email in the ID token, Apple too (it has no userinfo endpoint); a provider
    // that keeps it for userinfo is asked there.
    const claims =
      idClaims.email === undefined && configuration.serverMetadata().userinfo_endpoint
        ? { ...idClaims, ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)) }
        : idClaims;
    const account = await accountFor(name, claims, appleName(answer.user));
    if ('withPassword' in account) {
      const ticket = newSecret();
      await db
        .updateTable('oidc_logins')
        .set({ user_id: account.withPassword.id, link_subject: claims.sub, link_hash: hashSecret(ticket) })
        .where('state', '=', login.state)
        .execute();
      return sendLinkPage(reply, 200, { providerTitle: TITLES[name], email: account.withPassword.email, ticket, returnTo: login.return_to });
    }
    return signedInAs(login, account.userId, reply);
  };

  /** The end of a sign-in: a browser gets its session cookie; the desktop app its one-time code. */
  const signedInAs = async (login: { state: string; return_to: string | null; app_state: string | null }, userId: string, reply: FastifyReply) => {
    if (!login.return_to) {
      await db.deleteFrom('oidc_logins').where('state', '=', login.state).execute();
      reply.setCookie(SESSION_COOKIE, await startSession(db, userId), { httpOnly: true, secure: secureCookies, sameSite: 'lax', path: '/', maxAge: 90 * 86_400 });
      return reply.redirect('/', 303);
    }
    const handoff = newSecret();
    await db.updateTable('oidc_logins').set({ handoff_hash: hashSecret(handoff), user_id: userId }).where('state', '=', login.state).execute();
    const back = new URL(login.return_to);
    back.searchParams.set('code', handoff);
    if (login.app_state) back.searchParams.set('state', login.app_state);
    return reply.redirect(back.href, 303);
  };

  const callbackParams = z.strictObject({ provider });
  app.get('/api/auth/oidc/:provider/callback', { schema: { params: callbackParams, hide: true } }, (request, reply) =>
    finishSignIn(request.params.provider, request, reply, request.query as Record<string, string | undefined>),
  );
  app.post('/api/auth/oidc/:provider/callback', { schema: { params: callbackParams, hide: true } }, (request, reply) =>
    finishSignIn(request.params.provider, request, reply, (request.body ?? {}) as Record<string, string | undefined>),
  );

  const sendLinkPage = (reply: FastifyReply, status: number, page: Parameters<typeof linkPage>[0]) => {
    const { html, csp } = linkPage(page);
    return reply.code(status).header('content-security-policy', csp).header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  };

  // The link page's form: the account's password, with the one-time ticket the page was given.
  app.post(
    '/api/auth/oidc/:provider/link',
    {
      schema: { params: callbackParams, body: z.strictObject({ ticket: z.string().regex(BINDING), password: z.string().min(1).max(200) }), hide: true },
      config: { rateLimit: { max: 30, timeWindow: '15 minutes' } },
    },
    async (request, reply) => {
      const name = request.params.provider;
      const login = await db.selectFrom('oidc_logins').selectAll().where('link_hash', '=', hashSecret(request.body.ticket)).where('provider', '=', name).executeTakeFirst();
      if (!login || !login.user_id || !login.link_subject || login.expires_at <= nowIso()) throw expired();
      startedHere(request, login);
      const user = await db.selectFrom('users').select(['id', 'email', 'password_hash']).where('id', '=', login.user_id).executeTakeFirstOrThrow();
      const again = (status: number, problem: string) =>
        sendLinkPage(reply, status, { providerTitle: TITLES[name], email: user.email, ticket: request.body.ticket, returnTo: login.return_to, problem });
      // A password tried here is a password tried on the account: the same limits as signing in.
      const guess = await guesses.count(request.ip, user.email).catch((error: unknown) => {
        if (error instanceof ApiError) return error;
        throw error;
      });
      if (guess instanceof ApiError) return again(guess.statusCode, guess.message);
      if (!user.password_hash || !(await checkPassword(user.password_hash, request.body.password))) return again(401, `That is not the password of ${user.email}.`);
      await guess.succeeded();
      // One-time: of two answers with the ticket at once, only the one that clears it goes on.
      const claimed = await db.updateTable('oidc_logins').set({ link_hash: null }).where('state', '=', login.state).where('link_hash', '=', login.link_hash).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw expired();
      await db
        .insertInto('identities')
        .values({ provider: name, subject: login.link_subject, user_id: user.id, created_at: nowIso() })
        .onConflict((conflict) => conflict.columns(['provider', 'subject']).doNothing())
        .execute();
      return signedInAs(login, user.id, reply);
    },
  );

  app.post(
    '/api/auth/oidc/exchange',
    {
      schema: {
        body: z.strictObject({ code: z.string().min(10).max(100), codeVerifier: z.string().min(43).max(128) }),
        response: { 200: z.object({ token: z.string(), user: z.object({ id: z.string(), email: z.string(), fullName: z.string() }) }) },
      },
      config: { rateLimit: { max: 30, timeWindow: '15 minutes' } },
    },
    async (request) => {
      const login = await db.selectFrom('oidc_logins').selectAll().where('handoff_hash', '=', hashSecret(request.body.code)).executeTakeFirst();
      const challenge = createHash('sha256').update(request.body.codeVerifier).digest('base64url');
      if (!login || !login.user_id || login.expires_at <= nowIso() || login.app_challenge !== challenge) {
        throw new ApiError(401, 'sign-in-refused', 'That sign-in code is not valid. Start again from the app.');
      }
      await db.deleteFrom('oidc_logins').where('state', '=', login.state).execute();
      const user = await db.selectFrom('users').select(['id', 'email', 'full_name']).where('id', '=', login.user_id).executeTakeFirstOrThrow();
      return { token: await startSession(db, user.id), user: { id: user.id, email: user.email, fullName: user.full_name } };
    },
  );

  /**
   * The account for a provider's user: the one it was added to before, or a new one. An email
   * that already has an account is never taken as proof of owning it (a provider may vouch for an
   * address its user no longer holds): an account with a password is joined only once that
   * password is given, and one without is signed in to the way it was made.
   */
  async function accountFor(
    name: OidcProviderName,
    claims: oidc.IDToken | (oidc.IDToken & oidc.UserInfoResponse),
    givenName: string | null,
  ): Promise<{ userId: string } | { withPassword: { id: string; email: string } }> {
    const linked = await db.selectFrom('identities').select('user_id').where('provider', '=', name).where('subject', '=', claims.sub).executeTakeFirst();
    if (linked) return { userId: linked.user_id };
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    if (!email) throw new ApiError(401, 'sign-in-refused', `${TITLES[name]} did not share an email address, which StorySprout needs for the account.`);
    const existing = await db.selectFrom('users').select(['id', 'email', 'password_hash']).where('email', '=', email).executeTakeFirst();
    if (existing?.password_hash) return { withPassword: existing };
    if (existing) {
      const ways = await db.selectFrom('identities').select('provider').where('user_id', '=', existing.id).orderBy('provider').execute();
      const titles = ways.map((way) => TITLES[way.provider as OidcProviderName] ?? way.provider).join(' or ');
      throw new ApiError(409, 'email-taken', `${email} already has a StorySprout account, which signs in with ${titles}. Sign in with ${titles} instead.`);
    }
    const userId = newId();
    const claimed = typeof claims.name === 'string' ? claims.name.trim() : '';
    const fullName = (claimed || givenName || email.split('@')[0]!).slice(0, 100);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values({ id: userId, email, full_name: fullName, password_hash: null, created_at: nowIso() }).execute();
      await trx.insertInto('identities').values({ provider: name, subject: claims.sub, user_id: userId, created_at: nowIso() }).execute();
    });
    return { userId };
  }
};

/** Apple sends the person's name once, on their first sign-in, as a `user` form field. */
function appleName(user: string | undefined): string | null {
  if (!user) return null;
  try {
    const { name } = JSON.parse(user) as { name?: { firstName?: string; lastName?: string } };
    const full = [name?.firstName, name?.lastName].filter(Boolean).join(' ').trim();
    return full || null;
  } catch {
    return null;
  }
}
