import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SyncStore } from '../db/database';
import { ApiError, unauthorized } from '../errors';
import { newId, nowIso } from '../ids';
import type { Mailer } from '../mail/mailer';
import { SESSION_COOKIE, signedIn } from './authentication';
import type { PasswordGuesses } from './password-guesses';
import { checkPassword, hashPassword } from './passwords';
import { revokeSession, startSession } from './sessions';
import { wrongCode, type SignupConfirmation } from './signup-confirmation';

const email = z.email({ error: 'an email address such as name@example.com' }).max(254).transform((value) => value.toLowerCase());
const password = z.string().min(10, { error: 'a password has at least 10 characters' }).max(200, { error: 'a password has at most 200 characters' });
const userView = z.object({ id: z.string(), email: z.string(), fullName: z.string() });
const tokenAndUser = z.object({ token: z.string(), user: userView });
const signupCode = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{8}$/, { error: 'a code is the 8 digits in the email' }));

/**
 * Accounts: sign up, sign in and out, and who am I. Sessions are cookies for the web and bearer
 * tokens for the app. With mail (`signups`), a signup is finished by the code mailed to its address;
 * without it (a server only this computer reaches), the account is made at once.
 */
export const accountsRoutes: FastifyPluginAsyncZod<{
  store: SyncStore;
  secureCookies: boolean;
  signupsPerHour: number;
  guesses: PasswordGuesses;
  signups: { confirmation: SignupConfirmation; mailer: Mailer } | null;
}> = async (app, { store, secureCookies, signupsPerHour, guesses, signups }) => {
  const { db } = store;
  const cookieOptions = { httpOnly: true, secure: secureCookies, sameSite: 'lax' as const, path: '/', maxAge: 90 * 86_400 };
  const signIn = async (reply: FastifyReply, user: { id: string; email: string; full_name: string }) => {
    const token = await startSession(db, user.id);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return { token, user: { id: user.id, email: user.email, fullName: user.full_name } };
  };

  app.post(
    '/api/auth/signup',
    {
      schema: {
        body: z.strictObject({ email, password, fullName: z.string().trim().min(1, { error: 'a name is needed' }).max(100) }),
        response: { 201: tokenAndUser, 202: z.object({ status: z.literal('check-email') }) },
      },
      config: { rateLimit: { max: signupsPerHour, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      const { email: address, password: secret, fullName } = request.body;
      if (signups) {
        const mail = await signups.confirmation.start({ email: address, password: secret, fullName });
        // Sent once the answer is on its way, so how long a mail takes says nothing either.
        const send = () => signups.mailer.send(mail);
        void reply.then(send, send);
        return reply.code(202).send({ status: 'check-email' as const });
      }
      const taken = await db.selectFrom('users').select('id').where('email', '=', address).executeTakeFirst();
      if (taken) throw new ApiError(409, 'email-taken', 'That email already has an account. Sign in instead.');
      const user = { id: newId(), email: address, full_name: fullName, password_hash: await hashPassword(secret), created_at: nowIso() };
      await db.insertInto('users').values(user).execute();
      return reply.code(201).send(await signIn(reply, user));
    },
  );

  app.post(
    '/api/auth/signup/confirm',
    {
      schema: { body: z.strictObject({ email, code: signupCode, password: z.string().min(1).max(200) }), response: { 201: tokenAndUser } },
      // Per address here; per email and per code in `confirm`.
      config: { rateLimit: { max: 30, timeWindow: '15 minutes' } },
    },
    async (request, reply) => {
      if (!signups) throw wrongCode();
      const user = await signups.confirmation.confirm(request.body);
      return reply.code(201).send(await signIn(reply, user));
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: { body: z.strictObject({ email, password: z.string().min(1).max(200) }), response: { 200: tokenAndUser } },
      // Per address here, whichever accounts it tries; per account in the handler.
      config: { rateLimit: { max: 30, timeWindow: '15 minutes' } },
    },
    async (request, reply) => {
      const guess = await guesses.count(request.ip, request.body.email);
      const user = await db.selectFrom('users').selectAll().where('email', '=', request.body.email).executeTakeFirst();
      const matches = await checkPassword(user?.password_hash, request.body.password);
      if (!user || !matches) throw new ApiError(401, 'wrong-password', 'That email and password do not match an account.');
      await guess.succeeded();
      return signIn(reply, user);
    },
  );

  app.post('/api/auth/logout', { schema: { response: { 204: z.null() } } }, async (request, reply) => {
    const user = signedIn(request);
    await revokeSession(db, user.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get(
    '/api/me',
    { schema: { response: { 200: z.object({ user: userView, families: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) }) } } },
    async (request) => {
      const user = request.user;
      if (!user) throw unauthorized();
      const families = await db
        .selectFrom('memberships')
        .innerJoin('families', 'families.id', 'memberships.family_id')
        .select(['families.id', 'families.name', 'memberships.role'])
        .where('memberships.user_id', '=', user.id)
        .orderBy('families.name')
        .execute();
      return { user: { id: user.id, email: user.email, fullName: user.fullName }, families };
    },
  );
};
