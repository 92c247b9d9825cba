import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localMailbox } from '../../test-support/mailbox';
import { testSyncServer } from '../../test-support/sync-test-server';

/** A sign-in over HTTP from `address` (the server trusts X-Forwarded-For, as behind its load balancer). */
async function logIn(origin: string, address: string, email: string, password: string): Promise<number> {
  const answer = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ email, password }) });
  return answer.status;
}

describe('accounts', () => {
  it('signs up, signs in, knows who is asking, and signs out for good', async () => {
    const server = await testSyncServer();
    const signup = await server.call<{ token: string; user: { id: string; email: string } }>('POST', '/api/auth/signup', {
      body: { email: 'Ada@Example.com', password: 'a long enough secret', fullName: 'Ada' },
    });
    expect(signup.status).toBe(201);
    expect(signup.body.user).toMatchObject({ email: 'ada@example.com' });
    expect(String(signup.headers['set-cookie'])).toMatch(/storysprout_session=.*HttpOnly.*SameSite=Lax/);

    const again = await server.call('POST', '/api/auth/signup', { body: { email: 'ada@example.com', password: 'another long secret', fullName: 'Ada 2' } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'email-taken' } } });

    const wrong = await server.call('POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'not the secret' } });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'wrong-password' } } });
    const login = await server.call<{ token: string }>('POST', '/api/auth/login', { body: { email: 'ADA@example.com', password: 'a long enough secret' } });
    expect(login.status).toBe(200);

    const me = await server.call('GET', '/api/me', { token: login.body.token });
    expect(me).toMatchObject({ status: 200, body: { user: { id: signup.body.user.id, fullName: 'Ada' }, families: [] } });
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/i);

    expect((await server.call('POST', '/api/auth/logout', { token: login.body.token })).status).toBe(204);
    expect((await server.call('GET', '/api/me', { token: login.body.token })).status).toBe(401);
    // The other session stays.
    expect((await server.call('GET', '/api/me', { token: signup.body.token })).status).toBe(200);
  });

  it('gives Secure session cookies behind an https proxy, though it listens on loopback', async () => {
    const mailbox = await localMailbox();
    const server = await testSyncServer({ HOST: '127.0.0.1', PUBLIC_URL: 'https://sync.example.com' }, { mailbox });
    const { user } = await server.person('Behind Caddy');
    const answer = await server.call('POST', '/api/auth/login', { body: { email: user.email, password: 'correct horse battery' } });
    expect(answer.status).toBe(200);
    expect(String(answer.headers['set-cookie'])).toMatch(/storysprout_session=.*; Secure/);
  });

  it('says what is wrong with bad input, field by field', async () => {
    const server = await testSyncServer();
    const answer = await server.call<{ error: { message: string } }>('POST', '/api/auth/signup', { body: { email: 'not-an-email', password: 'short', fullName: '' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/email: an email address such as name@example.com/);
    expect(answer.body.error.message).toMatch(/password: a password has at least 10 characters/);
    expect((await server.call('GET', '/api/me', { token: 'made-up-token' })).status).toBe(401);
  });

  it('stores passwords with argon2id and session tokens only as hashes', async () => {
    const server = await testSyncServer();
    const { token, user } = await server.person('Grace');
    const stored = await server.store.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = await server.store.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute();
    expect(sessions.map((session) => session.token_hash)).not.toContain(token);
    expect(sessions[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('slows password guessing: ten wrong tries on an account from one address, then a clear refusal', async () => {
    const server = await testSyncServer();
    const target = await server.person('Target');
    const other = await server.person('Other');
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await server.call('POST', '/api/auth/login', { body: { email: target.user.email, password: `guess ${attempt}` } })).status).toBe(401);
    }
    const refused = await server.call('POST', '/api/auth/login', { body: { email: target.user.email, password: 'correct horse battery' } });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'too-many-attempts', message: 'Too many tries for this account from here. Try again in 15 minutes.' } } });
    expect((await server.call('POST', '/api/auth/login', { body: { email: other.user.email, password: 'correct horse battery' } })).status).toBe(200);
  });

  it('does not lock the owner out when a stranger guesses their password from elsewhere', async () => {
    const server = await testSyncServer({ TRUST_PROXY: 'true' });
    const owner = await server.person('Owner');
    const origin = await server.listen();
    const stranger = await Promise.all(Array.from({ length: 12 }, (_, attempt) => logIn(origin, '203.0.113.7', owner.user.email, `guess ${attempt}`)));
    expect(stranger.filter((status) => status === 401)).toHaveLength(10);
    expect(stranger.filter((status) => status === 429)).toHaveLength(2);
    expect(await logIn(origin, '198.51.100.20', owner.user.email, 'correct horse battery')).toBe(200);
    expect(await logIn(origin, '203.0.113.7', owner.user.email, 'correct horse battery')).toBe(429);
  });

  it('counts tries sent all at once before checking any, so none slips past the limit', async () => {
    const server = await testSyncServer({ TRUST_PROXY: 'true' });
    const target = await server.person('Target');
    const origin = await server.listen();
    const statuses = await Promise.all(Array.from({ length: 25 }, (_, attempt) => logIn(origin, '203.0.113.7', target.user.email, `guess ${attempt}`)));
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('starts an address afresh once the right password is given from it', async () => {
    const server = await testSyncServer({ TRUST_PROXY: 'true' });
    const owner = await server.person('Owner');
    const origin = await server.listen();
    for (let attempt = 0; attempt < 9; attempt++) expect(await logIn(origin, '198.51.100.20', owner.user.email, `typo ${attempt}`)).toBe(401);
    expect(await logIn(origin, '198.51.100.20', owner.user.email, 'correct horse battery')).toBe(200);
    for (let attempt = 0; attempt < 9; attempt++) expect(await logIn(origin, '198.51.100.20', owner.user.email, `typo ${attempt}`)).toBe(401);
    expect(await logIn(origin, '198.51.100.20', owner.user.email, 'correct horse battery')).toBe(200);
  });

  it('stops guessing spread over many addresses at the account’s ceiling, to which an address past its own limit adds nothing', async () => {
    const server = await testSyncServer({ TRUST_PROXY: 'true', LOGIN_TRIES_PER_ADDRESS_AND_ACCOUNT: '3', LOGIN_TRIES_PER_ACCOUNT: '7' });
    const owner = await server.person('Owner');
    const origin = await server.listen();
    const from = async (address: string, tries: number) => Promise.all(Array.from({ length: tries }, (_, attempt) => logIn(origin, address, owner.user.email, `guess ${attempt}`)));
    // Past its own three, the first address's tries count nothing against the account.
    expect((await from('203.0.113.1', 8)).filter((status) => status === 401)).toHaveLength(3);
    expect((await from('203.0.113.2', 3)).filter((status) => status === 401)).toHaveLength(3);
    expect((await from('203.0.113.3', 3)).filter((status) => status === 401)).toHaveLength(1);
    const ceiling = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.20' }, body: JSON.stringify({ email: owner.user.email, password: 'correct horse battery' }) });
    expect(ceiling.status).toBe(429);
    expect(await ceiling.json()).toMatchObject({ error: { message: 'Too many tries for this account. Try again in 60 minutes.' } });
  });

  it('shares its limits between instances through Redis, also for tries sent to both at once', async () => {
    const server = await testSyncServer({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `storysprout-test-${randomUUID()}:`, TRUST_PROXY: 'true' });
    const second = await server.instance();
    const target = await server.person('Target');
    const origins = [await server.listen(), await second.app.listen({ host: '127.0.0.1', port: 0 })];
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, attempt) => logIn(origins[attempt % 2]!, '203.0.113.7', target.user.email, `guess ${attempt}`)));
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(await logIn(origins[1]!, '203.0.113.7', target.user.email, 'correct horse battery')).toBe(429);
    expect(await logIn(origins[0]!, '198.51.100.20', target.user.email, 'correct horse battery')).toBe(200);
  });
});
