import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localMailbox } from '../../test-support/mailbox';
import { testSyncServer } from '../../test-support/sync-test-server';

const PASSWORD = 'a long enough secret';
const CODE_IN_A_MAIL = /\b\d{4} \d{4}\b/;

interface HttpAnswer {
  status: number;
  body: unknown;
  headerNames: string[];
  setCookie: string | null;
  ms: number;
}

/** A request over HTTP, as anyone on the internet can send it, from `address` (the server trusts X-Forwarded-For, as behind its load balancer). */
async function post(origin: string, path: string, body: unknown, address = '203.0.113.7'): Promise<HttpAnswer> {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify(body) });
  const answer = await response.json();
  const headerNames: string[] = [];
  response.headers.forEach((_value, name) => headerNames.push(name));
  return { status: response.status, body: answer, headerNames: headerNames.sort(), setCookie: response.headers.get('set-cookie'), ms: performance.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const newEmail = () => `someone.${randomUUID().slice(0, 8)}@example.com`;

/** A sync server with mail, listening on 127.0.0.1, and the mailbox its mails arrive in. */
async function serverWithMail(settings: Record<string, string> = {}) {
  const mailbox = await localMailbox();
  const server = await testSyncServer({ TRUST_PROXY: 'true', ...settings }, { mailbox });
  return { server, mailbox, origin: await server.listen() };
}

describe('signing up by a code mailed to the address', () => {
  it('answers a signup the same way whether or not the email has an account: status, body, header names and time', async () => {
    const { server, origin } = await serverWithMail({ SIGNUPS_PER_HOUR_PER_ADDRESS: '100' });
    const owners = await Promise.all(Array.from({ length: 5 }, () => server.person('Owner')));

    const taken: HttpAnswer[] = [];
    const fresh: HttpAnswer[] = [];
    for (const owner of owners) {
      taken.push(await post(origin, '/api/auth/signup', { email: owner.user.email, password: PASSWORD, fullName: 'Stranger' }));
      fresh.push(await post(origin, '/api/auth/signup', { email: newEmail(), password: PASSWORD, fullName: 'Stranger' }));
    }
    for (const [index, answer] of [...taken, ...fresh].entries()) {
      expect(answer.status, `answer ${index}`).toBe(202);
      expect(answer.body).toEqual({ status: 'check-email' });
      expect(answer.headerNames).toEqual(fresh[0]!.headerNames);
      expect(answer.setCookie).toBeNull();
    }
    // Both hash the password and write a waiting signup; neither waits for its mail.
    const ratio = median(taken.map((answer) => answer.ms)) / median(fresh.map((answer) => answer.ms));
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('mails the owner a notice and no code, and a new address a code that makes the account, with the name and password given', async () => {
    const { server, mailbox, origin } = await serverWithMail();
    const owner = await server.person('Owner');
    await post(origin, '/api/auth/signup', { email: owner.user.email, password: PASSWORD, fullName: 'Stranger' });
    const notice = (await mailbox.waitFor(owner.user.email, 2))[1]!;
    expect(notice.subject).toBe('Someone tried to make a StorySprout account with your email');
    expect(notice.text).toMatch(/already has an account, so nothing was made/);
    expect(notice.text).toMatch(/sign in with this email and your password/);
    expect(notice.text).toMatch(/Your account is safe/);
    expect(notice.text).not.toMatch(CODE_IN_A_MAIL);
    expect(notice.text).not.toContain('Stranger');
    expect(notice.from).toBe('no-reply@sync.example.com');

    const email = newEmail();
    expect((await post(origin, '/api/auth/signup', { email: email.toUpperCase(), password: PASSWORD, fullName: 'Ada Lovelace' })).status).toBe(202);
    const [codeMail] = await mailbox.waitFor(email);
    expect(codeMail!.subject).toMatch(/^Your StorySprout code: \d{4} \d{4}$/);
    expect(codeMail!.text).toMatch(/It works for 15 minutes/);
    expect(codeMail!.text).not.toContain('Ada');
    const code = await mailbox.codeFor(email);
    expect((await post(origin, '/api/auth/login', { email, password: PASSWORD })).status).toBe(401);

    const made = await post(origin, '/api/auth/signup/confirm', { email, code, password: PASSWORD });
    expect(made).toMatchObject({ status: 201, body: { user: { email, fullName: 'Ada Lovelace' } } });
    expect(made.setCookie).toMatch(/storysprout_session=.*HttpOnly/);
    const me = await server.call('GET', '/api/me', { token: (made.body as { token: string }).token });
    expect(me).toMatchObject({ status: 200, body: { user: { email, fullName: 'Ada Lovelace' } } });
    expect((await post(origin, '/api/auth/login', { email, password: PASSWORD })).status).toBe(200);
    // The code made the account once.
    expect((await post(origin, '/api/auth/signup/confirm', { email, code, password: PASSWORD })).status).toBe(400);
  });

  it('refuses a wrong code, one that has run out, one never sent and one for an address with an account, all in the same words', async () => {
    const { server, mailbox, origin } = await serverWithMail();
    const owner = await server.person('Owner');
    const email = newEmail();
    await post(origin, '/api/auth/signup', { email, password: PASSWORD, fullName: 'Ada' });
    const code = await mailbox.codeFor(email);
    const wrongCode = code.startsWith('0') ? '1' + code.slice(1) : '0' + code.slice(1);

    const wrong = await post(origin, '/api/auth/signup/confirm', { email, code: wrongCode, password: PASSWORD });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'wrong-code' } } });
    await post(origin, '/api/auth/signup', { email: owner.user.email, password: PASSWORD, fullName: 'Stranger' });
    const refusals = [
      await post(origin, '/api/auth/signup/confirm', { email: owner.user.email, code, password: PASSWORD }),
      await post(origin, '/api/auth/signup/confirm', { email: newEmail(), code, password: PASSWORD }),
    ];
    await server.store.db.updateTable('pending_signups').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('email', '=', email).execute();
    refusals.push(await post(origin, '/api/auth/signup/confirm', { email, code, password: PASSWORD }));
    for (const refusal of refusals) {
      expect(refusal.status).toBe(wrong.status);
      expect(refusal.body).toEqual(wrong.body);
      expect(refusal.headerNames).toEqual(wrong.headerNames);
    }
    expect((await post(origin, '/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
  });

  it('does not let someone who signs up with another person’s address put their own password into the account that person confirms', async () => {
    const { mailbox, origin } = await serverWithMail();
    const victim = newEmail();
    await post(origin, '/api/auth/signup', { email: victim, password: PASSWORD, fullName: 'Victim' }, '198.51.100.20');
    await mailbox.waitFor(victim, 1);
    // The newest code the victim is mailed is for the stranger's signup, with the stranger's password.
    await post(origin, '/api/auth/signup', { email: victim, password: 'the stranger’s password', fullName: 'Stranger' });
    const newest = await mailbox.codeFor(victim, 2);
    expect(await post(origin, '/api/auth/signup/confirm', { email: victim, code: newest, password: PASSWORD }, '198.51.100.20')).toMatchObject({
      status: 400,
      body: { error: { code: 'wrong-code' } },
    });
    expect((await post(origin, '/api/auth/login', { email: victim, password: 'the stranger’s password' })).status).toBe(401);

    // Asking again makes the victim's own signup the waiting one.
    await post(origin, '/api/auth/signup', { email: victim, password: PASSWORD, fullName: 'Victim' }, '198.51.100.20');
    const own = await mailbox.codeFor(victim, 3);
    expect((await post(origin, '/api/auth/signup/confirm', { email: victim, code: own, password: PASSWORD }, '198.51.100.20')).status).toBe(201);
    expect((await post(origin, '/api/auth/login', { email: victim, password: 'the stranger’s password' })).status).toBe(401);
  });

  it('counts a code’s tries before checking any: guesses sent all at once use up its five tries, and then the right code is refused too', async () => {
    const { server, mailbox, origin } = await serverWithMail();
    const email = newEmail();
    await post(origin, '/api/auth/signup', { email, password: PASSWORD, fullName: 'Ada' });
    const code = await mailbox.codeFor(email);
    const guesses = Array.from({ length: 9 }, (_, index) => String((Number(code.replace(' ', '')) + 1 + index) % 1e8).padStart(8, '0'));
    // Handed to the server in the same moment, so that every one of them is under way before any is answered.
    const answers = await Promise.all(guesses.map((guess) => server.call('POST', '/api/auth/signup/confirm', { body: { email, code: guess, password: PASSWORD } })));
    expect(answers.map((answer) => answer.status)).toEqual(guesses.map(() => 400));
    const pending = await server.store.db.selectFrom('pending_signups').select('tries').where('email', '=', email).executeTakeFirstOrThrow();
    expect(pending.tries).toBe(5);
    expect(await post(origin, '/api/auth/signup/confirm', { email, code, password: PASSWORD })).toMatchObject({ status: 400, body: answers[0]!.body });
  });

  it('lets an email’s codes be tried ten times an hour over every code it is sent, from any address', async () => {
    const { mailbox, origin } = await serverWithMail();
    const email = newEmail();
    const guessFrom = async (address: string) => post(origin, '/api/auth/signup/confirm', { email, code: '0000 0000', password: PASSWORD }, address);
    for (let round = 1; round <= 2; round++) {
      await post(origin, '/api/auth/signup', { email, password: PASSWORD, fullName: 'Ada' });
      await mailbox.waitFor(email, round);
      for (let guess = 0; guess < 5; guess++) expect((await guessFrom(`203.0.113.${round * 10 + guess}`)).status).toBe(400);
    }
    await post(origin, '/api/auth/signup', { email, password: PASSWORD, fullName: 'Ada' });
    const code = await mailbox.codeFor(email, 3);
    const refused = await post(origin, '/api/auth/signup/confirm', { email, code, password: PASSWORD }, '198.51.100.20');
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'too-many-attempts', message: 'Too many codes were tried for this email. Try again in 60 minutes.' } } });
  });

  it('mails one address at most five times an hour, whoever asks and whether or not it has an account', async () => {
    const { server, mailbox, origin } = await serverWithMail({ SIGNUPS_PER_HOUR_PER_ADDRESS: '100' });
    const owner = await server.person('Owner');
    const fresh = newEmail();
    for (const [email, alreadyMailed] of [
      [owner.user.email, 1],
      [fresh, 0],
    ] as const) {
      const statuses = [];
      for (let ask = 0; ask < 7; ask++) statuses.push((await post(origin, '/api/auth/signup', { email, password: PASSWORD, fullName: 'Stranger' }, `203.0.113.${ask}`)).status);
      expect(statuses).toEqual([...Array.from({ length: 5 - alreadyMailed }, () => 202), ...Array.from({ length: 2 + alreadyMailed }, () => 429)]);
      await mailbox.waitFor(email, 5);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mailbox.mailsTo(owner.user.email)).toHaveLength(5);
    expect(mailbox.mailsTo(fresh)).toHaveLength(5);
  });
});
