import { importPKCS8, SignJWT } from 'jose';

/** How long a minted secret is good for; Apple allows up to six months. */
const SECRET_DAYS = 30;

/**
 * Apple's client secret is not a fixed string but a short-lived JWT the server signs (ES256) with
 * the key Apple issued for Sign in with Apple, naming the team and the service id.
 */
export async function appleClientSecret(options: { teamId: string; keyId: string; privateKeyPem: string; clientId: string; now?: Date }): Promise<string> {
  const key = await importPKCS8(options.privateKeyPem.replace(/\\n/g, '\n'), 'ES256');
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: options.keyId })
    .setIssuer(options.teamId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SECRET_DAYS * 86_400)
    .setAudience('https://appleid.apple.com')
    .setSubject(options.clientId)
    .sign(key);
}

/** A minted secret is replaced well before it runs out. */
export const APPLE_SECRET_RENEW_MS = (SECRET_DAYS / 2) * 86_400_000;
