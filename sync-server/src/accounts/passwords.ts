import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes), OWASP's recommendation. */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

// Checked against when there is no hash, so a missing account or signup takes as long as a wrong password.
const NOBODY_HASH = hashPassword('no one has this password');

/** Whether `password` is the one `hash` was made from; false, after the same work, when there is no hash. */
export async function checkPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  const matches = await argon2.verify(hash ?? (await NOBODY_HASH), password);
  return Boolean(hash) && matches;
}
