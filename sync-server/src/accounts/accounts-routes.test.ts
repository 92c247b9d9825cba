import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';

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

  it('slows password guessing: ten wrong tries per account, then a clear refusal', async () => {
    const server = await testSyncServer();
    const target = await server.person('Target');
    const other = await server.person('Other');
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await server.call('POST', '/api/auth/login', { body: { email: target.user.email, password: `guess ${attempt}` } })).status).toBe(401);
    }
    const refused = await server.call('POST', '/api/auth/login', { body: { email: target.user.email, password: 'correct horse battery' } });
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'too-many-attempts', message: expect.stringMatching(/^Too many attempts for this account. Try again in 15 minutes.$/) } } });
    expect((await server.call('POST', '/api/auth/login', { body: { email: other.user.email, password: 'correct horse battery' } })).status).toBe(200);
  });

  it('shares its limits between instances through Redis', async () => {
    const server = await testSyncServer({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `storysprout-test-${randomUUID()}:` });
    const second = await server.instance();
    const target = await server.person('Target');
    for (let attempt = 0; attempt < 10; attempt++) {
      const via = attempt % 2 === 0 ? server.app : second.app;
      expect((await via.inject({ method: 'POST', url: '/api/auth/login', payload: { email: target.user.email, password: `guess ${attempt}` } })).statusCode).toBe(401);
    }
    expect((await second.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: target.user.email, password: 'correct horse battery' } })).statusCode).toBe(429);
  });
});
