import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { SyncDatabase } from '../db/schema';
import { ApiError } from '../errors';
import { hashSecret, newId, newSecret, nowIso } from '../ids';
import type { Mail } from '../mail/mailer';
import type { PublicAddress } from '../public-address';
import { countTry, tryCounter } from './counted-tries';
import { checkPassword, hashPassword } from './passwords';

const CODE_DIGITS = 8;
const CODE_MINUTES = 15;
/** Codes one signup may be tried with; past them, only a new signup (and a new code) helps. */
const TRIES_PER_CODE = 5;
/** Codes and notices mailed to one address an hour, so nobody floods someone's inbox from here. */
const MAILS_PER_EMAIL_PER_HOUR = 5;
/** Codes tried for one address an hour, over every code it was sent: with 8 digits, one guess in 10 million an hour. */
const CODE_TRIES_PER_EMAIL_PER_HOUR = 10;
const HOUR_SECONDS = 60 * 60;

/** One answer for a wrong code, one that has run out or been tried too often, and one never sent. */
export const wrongCode = () => new ApiError(400, 'wrong-code', 'That code is not the one in the email, or it has run out. Check it, or ask for a new one.');

/** A code as the email shows it: 1234 5678. */
const shown = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

/**
 * Signing up by a code mailed to the address, so that the answer to a signup says nothing about
 * whether the address already has an account (OWASP's authentication cheat sheet). A new address
 * gets a code; one with an account gets a notice and no code. Either way the password is hashed and
 * a waiting signup is written, so both take as long; the mail goes once the answer is on its way.
 *
 * The code proves the mailbox and the password proves the person: the account is made only when
 * both are the signup's own, so someone who signs up with another person's address cannot slip
 * their own password into the account that person confirms.
 */
export function signupConfirmation(options: { db: Kysely<SyncDatabase>; redis: Redis | null; address: PublicAddress }) {
  const { db, address } = options;
  // Emails stay out of Redis: keys are their hashes.
  const mails = tryCounter(options.redis, 'signup-mails:email', MAILS_PER_EMAIL_PER_HOUR, HOUR_SECONDS);
  const codeTries = tryCounter(options.redis, 'signup-codes:email', CODE_TRIES_PER_EMAIL_PER_HOUR, HOUR_SECONDS);

  return {
    /** Keeps the signup waiting for its code (the address's only one) and returns the mail to send. */
    async start(input: { email: string; password: string; fullName: string }): Promise<Mail> {
      await countTry(mails, hashSecret(input.email), 'Too many emails were sent to this address.');
      const passwordHash = await hashPassword(input.password);
      const hasAccount = Boolean(await db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst());
      const code = randomInt(0, 10 ** CODE_DIGITS)
        .toString()
        .padStart(CODE_DIGITS, '0');
      const now = new Date();
      const waiting = {
        full_name: input.fullName,
        password_hash: passwordHash,
        // An address with an account gets a waiting signup too, with a code nobody is sent.
        code_hash: hashSecret(hasAccount ? newSecret() : code),
        tries: 0,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(),
      };
      await db.deleteFrom('pending_signups').where('expires_at', '<=', now.toISOString()).execute();
      await db
        .insertInto('pending_signups')
        .values({ email: input.email, ...waiting })
        .onConflict((conflict) => conflict.column('email').doUpdateSet(waiting))
        .execute();
      return hasAccount ? accountExistsMail(input.email, address.base()) : codeMail(input.email, code, address.base());
    },

    /** Makes the account a code and password confirm, or refuses with `wrongCode`. */
    async confirm(input: { email: string; code: string; password: string }) {
      await countTry(codeTries, hashSecret(input.email), 'Too many codes were tried for this email.');
      // The try is taken before anything is checked, in one statement, so tries sent all at once cannot slip past.
      const claimed = await db
        .updateTable('pending_signups')
        .set((update) => ({ tries: update('tries', '+', 1) }))
        .where('email', '=', input.email)
        .where('tries', '<', TRIES_PER_CODE)
        .where('expires_at', '>', nowIso())
        .returningAll()
        .executeTakeFirst();
      const passwordMatches = await checkPassword(claimed?.password_hash, input.password);
      if (!claimed || !passwordMatches || !sameHash(claimed.code_hash, hashSecret(input.code))) throw wrongCode();

      const user = { id: newId(), email: input.email, full_name: claimed.full_name, password_hash: claimed.password_hash, created_at: nowIso() };
      const made = await db.transaction().execute(async (trx) => {
        // Of two confirmations at once, only the one that takes the waiting signup makes the account.
        const taken = await trx.deleteFrom('pending_signups').where('email', '=', input.email).where('code_hash', '=', claimed.code_hash).executeTakeFirst();
        if (Number(taken.numDeletedRows) !== 1) return false;
        const inserted = await trx
          .insertInto('users')
          .values(user)
          .onConflict((conflict) => conflict.column('email').doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      });
      if (!made) throw wrongCode();
      return user;
    },
  };
}

export type SignupConfirmation = ReturnType<typeof signupConfirmation>;

function sameHash(stored: string, given: string): boolean {
  return stored.length === given.length && timingSafeEqual(Buffer.from(stored), Buffer.from(given));
}

// The mails carry nothing the signup's sender wrote (not even the name), so they cannot be used to
// send someone else words or links of a stranger's choosing.
function codeMail(to: string, code: string, server: string): Mail {
  return {
    to,
    subject: `Your StorySprout code: ${shown(code)}`,
    text: [
      'Here is the code to finish making your StorySprout account:',
      '',
      `    ${shown(code)}`,
      '',
      `Type it where StorySprout asks for it. It works for ${CODE_MINUTES} minutes.`,
      '',
      `If you did not ask for an account on ${server}, you can ignore this email: no account is made without the code.`,
      '',
    ].join('\n'),
  };
}

function accountExistsMail(to: string, server: string): Mail {
  return {
    to,
    subject: 'Someone tried to make a StorySprout account with your email',
    text: [
      `Someone just tried to make a new StorySprout account on ${server} with this email address. It already has an account, so nothing was made.`,
      '',
      'If it was you, there is no need for a new one: sign in with this email and your password (or with Google or Apple, if that is how you signed up).',
      '',
      'Your account is safe: nothing in it was changed, and nobody was let in. If it was not you, you can ignore this email.',
      '',
    ].join('\n'),
  };
}
