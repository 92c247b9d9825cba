import type { Kysely } from 'kysely';
import type { SyncDatabase } from '../db/schema';
import { hashSecret, newSecret, nowIso } from '../ids';

const SESSION_DAYS = 90;

/** Starts a session and returns its token; the token itself is never stored. */
export async function startSession(db: Kysely<SyncDatabase>, userId: string): Promise<string> {
  const token = newSecret();
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({ token_hash: hashSecret(token), user_id: userId, created_at: now.toISOString(), expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(), revoked_at: null })
    .execute();
  return token;
}

/** The user a token belongs to, if the session is live. */
export async function userOfToken(db: Kysely<SyncDatabase>, token: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.full_name'])
    .where('sessions.token_hash', '=', hashSecret(token))
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', nowIso())
    .executeTakeFirst();
}

export async function revokeSession(db: Kysely<SyncDatabase>, token: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: nowIso() }).where('token_hash', '=', hashSecret(token)).execute();
}
