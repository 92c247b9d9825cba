import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { browser, signInAtProvider, syncServerWithSignInProviders } from '../../test-support/identity-provider';

describe('sign in with an OpenID Connect provider', () => {
  it('signs the desktop app in through the system browser and a loopback redirect, with PKCE at both steps', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
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
    const { server, syncOrigin } = await syncServerWithSignInProviders();
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
    const { server } = await syncServerWithSignInProviders();
    const evil = await server.call<{ error: { message: string } }>('GET', `/api/auth/oidc/google/start?returnTo=${encodeURIComponent('https://evil.example.com/steal')}&codeChallenge=${'a'.repeat(43)}`);
    expect(evil.status).toBe(400);
    expect(evil.body.error.message).toMatch(/returnTo must be a loopback address/);
    expect((await server.call('GET', '/api/auth/oidc/github/start')).status).toBe(400);
    expect((await server.call('GET', '/api/auth/oidc/google/callback?state=made-up&code=x')).status).toBe(400);
  });

  it('takes Apple’s answer by form_post, with the name Apple sends only the first time', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
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

  it('takes the provider’s answer only in the browser that started the sign-in', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
    for (const [name, login] of [['google', 'mallory'], ['apple', 'trudy']] as const) {
      const visitor = browser();
      const start = await visitor.visit(`${syncOrigin}/api/auth/oidc/${name}/start`);
      const binding = start.cookies.find((cookie) => cookie.startsWith('storysprout_sign_in='))!;
      expect(binding).toMatch(new RegExp(`Path=/api/auth/oidc/${name}/; HttpOnly; ${name === 'apple' ? 'Secure; SameSite=None' : 'SameSite=Lax'}$`));
      // Whoever was sent the link to the answer, or opened it in a browser of their own.
      for (const elsewhere of [browser(), await startedElsewhere(syncOrigin, name)]) {
        const answer = await signInAtProvider(visitor, start.location!, login, `${syncOrigin}/api/auth/oidc/${name}/callback`, elsewhere);
        expect(answer).toMatchObject({ status: 400, body: expect.stringContaining('sign-in-elsewhere') });
        expect(answer.cookies.some((cookie) => cookie.startsWith('storysprout_session='))).toBe(false);
      }
      expect(await server.store.db.selectFrom('users').select('id').where('email', '=', `${login}@example.com`).execute()).toEqual([]);
      // The browser that started it still can.
      const done = await signInAtProvider(visitor, start.location!, login, `${syncOrigin}/api/auth/oidc/${name}/callback`);
      expect(done.cookies.some((cookie) => cookie.startsWith('storysprout_session='))).toBe(true);
    }
  });

  it('never lets a provider’s email take over an account with a password: its password is asked for first, once', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
    const owner = await server.call<{ user: { id: string } }>('POST', '/api/auth/signup', { body: { email: 'grace@example.com', password: 'correct horse battery', fullName: 'Grace' } });
    const visitor = browser();
    const start = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/start`);
    const asked = await signInAtProvider(visitor, start.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`);
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('grace@example.com signs in to StorySprout with a password');
    expect(asked.cookies.some((cookie) => cookie.startsWith('storysprout_session='))).toBe(false);
    expect(await server.store.db.selectFrom('identities').selectAll().execute()).toEqual([]);
    const ticket = ticketIn(asked.body);
    const link = `${syncOrigin}/api/auth/oidc/google/link`;

    const wrong = await visitor.visit(link, { ticket, password: 'not the password' });
    expect(wrong).toMatchObject({ status: 401, body: expect.stringContaining('That is not the password of grace@example.com.') });
    expect(await browser().visit(link, { ticket, password: 'correct horse battery' })).toMatchObject({ status: 400, body: expect.stringContaining('sign-in-elsewhere') });
    expect(await server.store.db.selectFrom('identities').selectAll().execute()).toEqual([]);

    const linked = await visitor.visit(link, { ticket, password: 'correct horse battery' });
    expect(linked).toMatchObject({ status: 303, location: `${syncOrigin}/` });
    expect((await server.call('GET', '/api/me', { token: sessionIn(linked.cookies) })).body).toMatchObject({ user: { id: owner.body.user.id } });
    expect((await visitor.visit(link, { ticket, password: 'correct horse battery' })).status).toBe(400);

    // From now on Google signs Grace in to her account at once.
    const next = browser();
    const again = await next.visit(`${syncOrigin}/api/auth/oidc/google/start`);
    const straight = await signInAtProvider(next, again.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`);
    expect((await server.call('GET', '/api/me', { token: sessionIn(straight.cookies) })).body).toMatchObject({ user: { id: owner.body.user.id } });
  });

  it('asks the desktop app’s browser for the password too, then hands the app its one-time code', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
    await server.call('POST', '/api/auth/signup', { body: { email: 'grace@example.com', password: 'correct horse battery', fullName: 'Grace' } });
    const appVerifier = randomBytes(32).toString('base64url');
    const loopback = 'http://127.0.0.1:49200/storysprout/callback';
    const visitor = browser();
    const start = await visitor.visit(
      `${syncOrigin}/api/auth/oidc/google/start?${new URLSearchParams({ returnTo: loopback, appState: 'app-state-1', codeChallenge: createHash('sha256').update(appVerifier).digest('base64url') })}`,
    );
    const asked = await signInAtProvider(visitor, start.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`);
    expect(asked.status).toBe(200);
    // The form may send the browser on to the app's loopback address, and nowhere else.
    expect(asked.body).toContain('<form method="post" action="link">');
    expect(asked.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:49200;");
    const linked = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/link`, { ticket: ticketIn(asked.body), password: 'correct horse battery' });
    expect(linked.location).toMatch(new RegExp(`^${loopback}\\?code=[\\w-]+&state=app-state-1$`));
    const exchanged = await server.call('POST', '/api/auth/oidc/exchange', { body: { code: new URL(linked.location!).searchParams.get('code'), codeVerifier: appVerifier } });
    expect(exchanged).toMatchObject({ status: 200, body: { user: { email: 'grace@example.com', fullName: 'Grace' } } });
  });

  it('counts passwords tried on the link page with those tried at sign-in', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders({ LOGIN_TRIES_PER_ADDRESS_AND_ACCOUNT: '3' });
    await server.call('POST', '/api/auth/signup', { body: { email: 'grace@example.com', password: 'correct horse battery', fullName: 'Grace' } });
    const visitor = browser();
    const start = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/start`);
    const ticket = ticketIn((await signInAtProvider(visitor, start.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`)).body);
    for (const password of ['guess 1', 'guess 2']) expect((await server.call('POST', '/api/auth/login', { body: { email: 'grace@example.com', password } })).status).toBe(401);
    expect((await visitor.visit(`${syncOrigin}/api/auth/oidc/google/link`, { ticket, password: 'guess 3' })).status).toBe(401);
    const refused = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/link`, { ticket, password: 'correct horse battery' });
    expect(refused).toMatchObject({ status: 429, body: expect.stringContaining('Too many tries for this account from here.') });
    expect(await server.store.db.selectFrom('identities').selectAll().execute()).toEqual([]);
  });

  it('refuses another provider’s sign-in for an email whose account signs in otherwise, with how it does', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
    const first = browser();
    const google = await first.visit(`${syncOrigin}/api/auth/oidc/google/start`);
    await signInAtProvider(first, google.location!, 'ada', `${syncOrigin}/api/auth/oidc/google/callback`);
    const second = browser();
    const apple = await second.visit(`${syncOrigin}/api/auth/oidc/apple/start`);
    const refused = await signInAtProvider(second, apple.location!, 'ada', `${syncOrigin}/api/auth/oidc/apple/callback`);
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'email-taken', message: 'ada@example.com already has a StorySprout account, which signs in with Google. Sign in with Google instead.' } });
    expect(refused.cookies.some((cookie) => cookie.startsWith('storysprout_session='))).toBe(false);
    expect((await server.store.db.selectFrom('identities').select('provider').execute()).map((identity) => identity.provider)).toEqual(['google']);
  });
});

/** A browser with a sign-in of its own under way (its own cookie). */
async function startedElsewhere(syncOrigin: string, name: string) {
  const other = browser();
  await other.visit(`${syncOrigin}/api/auth/oidc/${name}/start`);
  return other;
}

const ticketIn = (page: string) => /name="ticket" value="([\w-]+)"/.exec(page)![1]!;
const sessionIn = (cookies: string[]) => cookies.find((cookie) => cookie.startsWith('storysprout_session='))!.split(';')[0]!.split('=')[1]!;
