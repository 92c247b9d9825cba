import { createHash } from 'node:crypto';
import { pictureOf } from './pictures';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteCase {
  method: Method;
  /** As the OpenAPI document names it. */
  path: string;
  /** Public routes answer anyone; the others need a token. */
  public?: boolean;
  /** Family routes refuse strangers with 404; parentOnly ones refuse a child with 403. */
  family?: 'member' | 'parent';
  body?: unknown;
  raw?: { data: Buffer; contentType: string };
}

/** A picture the cases upload. */
export const picture = await pictureOf(1);
export const pictureSha = createHash('sha256').update(picture).digest('hex');

/** Every route of the API, with a request that would succeed for the right person. */
export async function routeCases(): Promise<RouteCase[]> {
  return [
    { method: 'POST', path: '/api/auth/signup', public: true, body: { email: 'someone.new@example.com', password: 'long enough secret', fullName: 'New' } },
    { method: 'POST', path: '/api/auth/signup/confirm', public: true, body: { email: 'someone.new@example.com', code: '1234 5678', password: 'long enough secret' } },
    { method: 'POST', path: '/api/auth/login', public: true, body: { email: 'someone.new@example.com', password: 'long enough secret' } },
    { method: 'GET', path: '/api/auth/oidc/{provider}/start', public: true },
    { method: 'POST', path: '/api/auth/oidc/exchange', public: true, body: { code: 'not-a-real-code', codeVerifier: 'v'.repeat(43) } },
    { method: 'GET', path: '/api/me' },
    { method: 'POST', path: '/api/families', body: { name: 'Mine' } },
    { method: 'GET', path: '/api/families/{id}', family: 'member' },
    { method: 'POST', path: '/api/families/{id}/invites', family: 'parent', body: {} },
    { method: 'POST', path: '/api/invites/{code}/accept' },
    { method: 'PATCH', path: '/api/families/{id}/members/{userId}', family: 'parent', body: { role: 'child-creator' } },
    { method: 'DELETE', path: '/api/families/{id}/members/{userId}', family: 'parent' },
    { method: 'GET', path: '/api/families/{id}/moderation', family: 'member' },
    { method: 'PUT', path: '/api/families/{id}/moderation', family: 'parent', body: { thresholds: { violence: 0.3 } } },
    { method: 'POST', path: '/api/families/{id}/sync', family: 'member', body: { cursor: 0, changes: [] } },
    { method: 'PUT', path: '/api/families/{id}/assets/{sha256}', family: 'member', raw: { data: picture, contentType: 'image/jpeg' } },
    { method: 'GET', path: '/api/families/{id}/assets/{sha256}', family: 'member' },
    { method: 'POST', path: '/api/families/{id}/assets/missing', family: 'member', body: { sha256s: [pictureSha] } },
    { method: 'POST', path: '/api/families/{id}/books/{bookId}/share', family: 'parent', body: {} },
    { method: 'GET', path: '/api/families/{id}/books/{bookId}/share', family: 'parent' },
    { method: 'DELETE', path: '/api/families/{id}/books/{bookId}/share', family: 'parent' },
    { method: 'POST', path: '/api/families/{id}/subscriptions', family: 'parent', body: { plan: 'family' } },
    { method: 'POST', path: '/api/families/{id}/billing-portal', family: 'parent' },
    { method: 'GET', path: '/api/plans', public: true },
    { method: 'GET', path: '/api/families/{id}/subscription', family: 'member' },
    { method: 'GET', path: '/api/families/{id}/usage', family: 'member' },
    { method: 'POST', path: '/api/families/{id}/ai/v1/chat/completions', family: 'member', body: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hello' }] } },
    { method: 'POST', path: '/api/families/{id}/ai/v1/images/generations', family: 'member', body: { prompt: 'a fox' } },
    {
      method: 'POST',
      path: '/api/families/{id}/ai/v1/images/edits',
      family: 'member',
      raw: {
        data: Buffer.concat([
          Buffer.from('--edge\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na fox\r\n--edge\r\nContent-Disposition: form-data; name="image[]"; filename="fox.png"\r\nContent-Type: image/png\r\n\r\n'),
          await pictureOf(2, 'png'),
          Buffer.from('\r\n--edge--\r\n'),
        ]),
        contentType: 'multipart/form-data; boundary=edge',
      },
    },
    { method: 'POST', path: '/api/families/{id}/ai/v1/moderations', family: 'member', body: { input: 'a fox' } },
    { method: 'GET', path: '/healthz', public: true },
    { method: 'GET', path: '/readyz', public: true },
    // Last: it ends the session it is called with.
    { method: 'POST', path: '/api/auth/logout' },
  ];
}

