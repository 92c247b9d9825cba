import type { Redis } from 'ioredis';
import { hashSecret } from '../ids';
import { countTry, tryCounter } from './counted-tries';

const PAIR_WINDOW_SECONDS = 15 * 60;
const ACCOUNT_WINDOW_SECONDS = 60 * 60;

/**
 * How many passwords may be tried on one account. Counted per address and account, so a stranger
 * guessing from elsewhere never locks the owner out at home; and per account over every address,
 * a much higher ceiling that bounds guessing from many addresses. A try is counted before its
 * password is checked (argon2 takes a while), atomically in Redis when there is one, so tries sent
 * all at once cannot slip past; one refused from its address counts nothing against the account,
 * so a single address cannot use up the ceiling.
 */
export function passwordGuesses(options: { redis: Redis | null; perAddressAndAccount: number; perAccount: number }) {
  const byPair = tryCounter(options.redis, 'password-guesses:pair', options.perAddressAndAccount, PAIR_WINDOW_SECONDS);
  const byAccount = tryCounter(options.redis, 'password-guesses:account', options.perAccount, ACCOUNT_WINDOW_SECONDS);

  return {
    /**
     * Counts one try at `email`'s password from `address`, or refuses it with 429. Call
     * `succeeded` once the password was right: that address starts afresh on the account, and the
     * owner's own sign-in is not held against the ceiling.
     */
    async count(address: string, email: string): Promise<{ succeeded(): Promise<void> }> {
      // Emails stay out of Redis.
      const account = hashSecret(email);
      const pair = hashSecret(`${address} ${email}`);
      await countTry(byPair, pair, 'Too many tries for this account from here.');
      await countTry(byAccount, account, 'Too many tries for this account.');
      return {
        succeeded: async () => {
          await Promise.all([byPair.delete(pair), byAccount.reward(account)]);
        },
      };
    },
  };
}

export type PasswordGuesses = ReturnType<typeof passwordGuesses>;
