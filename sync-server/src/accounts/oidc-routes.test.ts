import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';

// The provider says, rightly, that its login pages are for development; the test knows.
beforeAll(() => {
  const warn = console.warn.bind(console);
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => (String(args[0]).startsWith('oidc-provider WARNING') ? undefined : warn(...args)));
});

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const oneHour = () => 3600;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** An OpenID provider on 127.0.0.1 (oidc-provider, with its development login pages) that knows the sync server as a client. */
async function identityProvider(callbacksOf: () => string[]) {
  const server = http.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    start() {
      const provider = new Provider(issuer, {
        clients: [{ client_id: 'storysprout', client_secret: 'provider secret', redirect_uris: callbacksOf(), token_endpoint_auth_method: 'client_secret_basic' }],
        findAccount: async (_context, sub) => ({
          accountId: sub,
          claims: async () => ({ sub, email: `${sub}@example.com`, email_verified: true, name: `${sub[0]!.toUpperCase()}${sub.slice(1)} Hopper` }),
        }),
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], name: ['name'] },
        cookies: { keys: ['test cookie key'] },
        jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
        ttl: { Interaction: oneHour, Session: oneHour, Grant: oneHour, AccessToken: oneHour, IdToken: oneHour, AuthorizationCode: () => 60 },
      });
      server.on('request', provider.callback());
    },
  };
}

/** A browser, as far as this needs one: follows redirects one at a time and keeps the provider's cookies. */
function browser() {
  const cookies = new Map<string, string>();
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    async visit(url: string, form?: Record<string, string>) {
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: { cookie: cookieHeader(), ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      remember(response);
      return { status: response.status, location: response.headers.get('location') ? new URL(response.headers.get('location')!, url).href : null, body: await response.text(), cookies: response.headers.getSetCookie() };
    },
  };
}

/**
 * Signs `login` in at the provider from an authorization URL, until the provider sends the browser
 * back to `callbackPrefix`: by a redirect, or (form_post) by a page whose form posts there.
 */
async function signInAtProvider(visitor: ReturnType<typeof browser>, authorizationUrl: string, login: string, callbackPrefix: string) {
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(callbackPrefix)) return visitor.visit(url);
    const page = await visitor.visit(url);
    if (page.location) {
      url = page.location;
      continue;
    }
    const postBack = new RegExp(`<form method="post" action="(${callbackPrefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^"]*)"`).exec(page.body);
    if (postBack) {
      const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&')]));
      return visitor.visit(postBack[1]!, { ...fields, user: JSON.stringify({ name: { firstName: 'Katherine', lastName: 'Johnson' } }) });
    }
    // An interaction page: the login form first, then the consent form.
    const form: Record<string, string> = page.body.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    const submitted = await visitor.visit(url, form);
    url = submitted.location!;
  }
  throw new Error('the provider never sent the browser back');
}

async function setUp() {
  let syncOrigin = '';
  const provider = await identityProvider(() => [`${syncOrigin}/api/auth/oidc/google/callback`, `${syncOrigin}/api/auth/oidc/apple/callback`]);
  const server = await testSyncServer({
    OIDC_GOOGLE_CLIENT_ID: 'storysprout',
    OIDC_GOOGLE_CLIENT_SECRET: 'provider secret',
    OIDC_GOOGLE_ISSUER: provider.issuer,
    OIDC_APPLE_CLIENT_ID: 'storysprout',
    OIDC_APPLE_CLIENT_SECRET: 'provider secret',
    OIDC_APPLE_ISSUER: provider.issuer,
  });
  syncOrigin = await server.app.listen({ host: '127.0.0.1', port: 0 });
  provider.start();
  return { server, syncOrigin };
}

describe('sign in with an OpenID Connect provider', () => {
  it('signs the desktop app in through the system browser and a loopback redirect, with PKCE at both steps', async () => {
    const { server, syncOrigin } = await setUp();
    const appVerifier = randomBytes(32).toString('base64url');
    const appChallenge = createHash('sha256').update(appVerifier).digest('base64url');
    const loopback = 'http://127.0.0.1:49200/storysprout/callback';
    const visitor = browser();

    const start = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/start?${new URLSearchParams({ returnTo: loopback, appState: 'app-state-1', codeChallenge: appChallenge })}`);
    expect(start.status).toBe(302);
    const authorization = new URL(start.location!);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    const back = await signInAtProvider(visitor, start.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`);
    expect(back.location).toMatch(new RegExp(`^${loopback}\\?code=[\\w-]+&state=app-state-1$`));
    const code = new URL(back.location!).searchParams.get('code')!;

    // Another program that saw the redirect, without the app's verifier, gets nothing.
    expect((await server.call('POST', '/api/auth/oidc/exchange', { body: { code, codeVerifier: randomBytes(32).toString('base64url') } })).status).toBe(401);
    const exchanged = await server.call<{ token: string }>('POST', '/api/auth/oidc/exchange', { body: { code, codeVerifier: appVerifier } });
    expect(exchanged.status).toBe(200);
    expect((await server.call('GET', '/api/me', { token: exchanged.body.token })).body).toMatchObject({ user: { email: 'grace@example.com', fullName: 'Grace Hopper' } });
    expect((await server.call('POST', '/api/auth/oidc/exchange', { body: { code, codeVerifier: appVerifier } })).status).toBe(401);
  });

  it('signs a browser in with a session cookie, and finds the same account the next time', async () => {
    const { server, syncOrigin } = await setUp();
    const signIn = async () => {
      const visitor = browser();
      const start = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/start`);
      const done = await signInAtProvider(visitor, start.location!, 'ada', `${syncOrigin}/api/auth/oidc/google/callback`);
      expect(done).toMatchObject({ status: 303, location: `${syncOrigin}/` });
      const session = done.cookies.find((cookie) => cookie.startsWith('storysprout_session='))!;
      expect(session).toMatch(/HttpOnly/);
      return session.split(';')[0]!.split('=')[1]!;
    };
    const first = await server.call<{ user: { id: string } }>('GET', '/api/me', { token: await signIn() });
    const second = await server.call<{ user: { id: string } }>('GET', '/api/me', { token: await signIn() });
    expect(second.body.user.id).toBe(first.body.user.id);
  });

  it('refuses a return address that is not this computer’s loopback, and a provider that is not set up', async () => {
    const { server } = await setUp();
    const evil = await server.call<{ error: { message: string } }>('GET', `/api/auth/oidc/google/start?returnTo=${encodeURIComponent('https://evil.example.com/steal')}&codeChallenge=${'a'.repeat(43)}`);
    expect(evil.status).toBe(400);
    expect(evil.body.error.message).toMatch(/returnTo must be a loopback address/);
    expect((await server.call('GET', '/api/auth/oidc/github/start')).status).toBe(400);
    expect((await server.call('GET', '/api/auth/oidc/google/callback?state=made-up&code=x')).status).toBe(400);
  });

  it('takes Apple’s answer by form_post, with the name Apple sends only the first time', async () => {
    const { server, syncOrigin } = await setUp();
    const visitor = browser();
    const start = await visitor.visit(`${syncOrigin}/api/auth/oidc/apple/start`);
    const authorization = new URL(start.location!);
    expect(authorization.searchParams.get('response_mode')).toBe('form_post');
    expect(authorization.searchParams.get('scope')).toBe('openid email name');
    const done = await signInAtProvider(visitor, start.location!, 'kj', `${syncOrigin}/api/auth/oidc/apple/callback`);
    expect(done).toMatchObject({ status: 303, location: `${syncOrigin}/` });
    const token = done.cookies.find((cookie) => cookie.startsWith('storysprout_session='))!.split(';')[0]!.split('=')[1]!;
    expect((await server.call('GET', '/api/me', { token })).body).toMatchObject({ user: { email: 'kj@example.com' } });
  });
});
