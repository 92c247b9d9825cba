import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterEach, beforeAll, vi } from 'vitest';
import { testSyncServer } from './sync-test-server';

// The provider says, rightly, that its login pages are for development; the tests know.
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
export async function identityProvider(callbacksOf: () => string[]) {
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
export function browser() {
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
      return {
        status: response.status,
        location: response.headers.get('location') ? new URL(response.headers.get('location')!, url).href : null,
        body: await response.text(),
        cookies: response.headers.getSetCookie(),
        headers: response.headers,
      };
    },
  };
}

/**
 * Signs `login` in at the provider from an authorization URL, until the provider sends the browser
 * back to `callbackPrefix`: by a redirect, or (form_post) by a page whose form posts there. The
 * answer arrives in `arriving`: the same browser, or another one a link was passed to.
 */
export async function signInAtProvider(visitor: ReturnType<typeof browser>, authorizationUrl: string, login: string, callbackPrefix: string, arriving = visitor) {
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(callbackPrefix)) return arriving.visit(url);
    const page = await visitor.visit(url);
    if (page.location) {
      url = page.location;
      continue;
    }
    const postBack = new RegExp(`<form method="post" action="(${callbackPrefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^"]*)"`).exec(page.body);
    if (postBack) {
      const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, match[2]!.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&')]));
      return arriving.visit(postBack[1]!, { ...fields, user: JSON.stringify({ name: { firstName: 'Katherine', lastName: 'Johnson' } }) });
    }
    // An interaction page: the login form first, then the consent form.
    const form: Record<string, string> = page.body.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    const submitted = await visitor.visit(url, form);
    url = submitted.location!;
  }
  throw new Error('the provider never sent the browser back');
}

/** A sync server that offers Google and Apple sign-in, both played by one local provider; `env` adds settings. */
export async function syncServerWithSignInProviders(env: Record<string, string> = {}) {
  let syncOrigin = '';
  const provider = await identityProvider(() => [`${syncOrigin}/api/auth/oidc/google/callback`, `${syncOrigin}/api/auth/oidc/apple/callback`]);
  const server = await testSyncServer({
    OIDC_GOOGLE_CLIENT_ID: 'storysprout',
    OIDC_GOOGLE_CLIENT_SECRET: 'provider secret',
    OIDC_GOOGLE_ISSUER: provider.issuer,
    OIDC_APPLE_CLIENT_ID: 'storysprout',
    OIDC_APPLE_CLIENT_SECRET: 'provider secret',
    OIDC_APPLE_ISSUER: provider.issuer,
    ...env,
  });
  syncOrigin = await server.app.listen({ host: '127.0.0.1', port: 0 });
  provider.start();
  return { server, syncOrigin };
}
