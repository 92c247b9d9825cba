import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { appleClientSecret } from './apple-client-secret';

describe('Apple’s client secret', () => {
  it('is an ES256 JWT for Apple, signed with the team’s key, naming the team and the service, good for 30 days', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const now = new Date('2026-11-25T12:00:00Z');
    // As an environment variable holds it: one line, newlines escaped.
    const secret = await appleClientSecret({ teamId: 'TEAM123456', keyId: 'KEY1234567', privateKeyPem: pem.replace(/\n/g, '\\n'), clientId: 'com.storysprout.web', now });
    expect(decodeProtectedHeader(secret)).toEqual({ alg: 'ES256', kid: 'KEY1234567' });
    const { payload } = await jwtVerify(secret, await importSPKI(publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'ES256'), {
      issuer: 'TEAM123456',
      audience: 'https://appleid.apple.com',
      subject: 'com.storysprout.web',
      currentDate: now,
    });
    expect(payload.exp! - payload.iat!).toBe(30 * 86_400);
  });
});
