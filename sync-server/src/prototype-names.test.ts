import { describe, expect, it } from 'vitest';
import { syncServerWithSignInProviders } from '../test-support/identity-provider';

// Names that index an object's prototype when looked up with obj[name].
const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

describe('names such as __proto__ in a request', () => {
  it('are refused, or taken as plain names, by every route outside sync that reads names from a request: never a 500', async () => {
    const { server } = await syncServerWithSignInProviders();
    const family = await server.family();
    for (const name of NAMES) {
      const answers = [
        await server.app.inject({ method: 'GET', url: `/api/auth/oidc/${name}/start` }),
        await server.app.inject({ method: 'GET', url: `/api/auth/oidc/google/callback?${name}=x&state=${name}&code=x` }),
        await server.app.inject({ method: 'POST', url: '/api/auth/oidc/apple/callback', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${name}=x&state=${name}&code=x` }),
        await server.app.inject({ method: 'POST', url: '/api/auth/oidc/google/link', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${name}=x&ticket=${'a'.repeat(43)}&password=x` }),
        await server.app.inject({
          method: 'PUT',
          url: `/api/families/${family.id}/moderation`,
          headers: { authorization: `Bearer ${family.parent.token}`, 'content-type': 'application/json' },
          payload: `{"thresholds":{"${name}":0.5}}`,
        }),
      ];
      for (const answer of answers) expect(answer.statusCode, `${answer.statusCode} ${answer.body}`).toBeLessThan(500);
    }
  });
});
