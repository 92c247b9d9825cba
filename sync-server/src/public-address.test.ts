import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../test-support/devices';
import { localMailbox } from '../test-support/mailbox';
import { syncServerWithSignInProviders } from '../test-support/identity-provider';
import { fakeStripe } from '../test-support/stripe-server';
import { testSyncServer } from '../test-support/sync-test-server';
import { readConfig } from './config';

/** A request over HTTP as anyone can send one: with a Host and X-Forwarded-Host of their choosing. */
function askAs(host: string, url: string, options: { method?: string; token?: string; body?: unknown } = {}) {
  return new Promise<{ status: number; location: string | undefined; body: string }>((resolve, reject) => {
    const request = http.request(url, {
      method: options.method ?? 'GET',
      headers: {
        host,
        'x-forwarded-host': host,
        'x-forwarded-proto': 'https',
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, location: response.headers.location, body }));
    });
    request.on('error', reject);
    request.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

const FORGED = 'evil.example.com';

describe('the address links are built on', () => {
  it('is PUBLIC_URL, which a server reachable beyond this computer cannot start without', () => {
    expect(() => readConfig({ HOST: '0.0.0.0' })).toThrow(/PUBLIC_URL: PUBLIC_URL is needed when HOST is not a loopback address/);
    expect(() => readConfig({ HOST: '::' })).toThrow(/PUBLIC_URL is needed/);
    expect(readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://sync.example.com', SMTP_URL: 'smtps://smtp.example.com', MAIL_FROM: 'no-reply@example.com' }).PUBLIC_URL).toBe('https://sync.example.com');
    expect(() => readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL must be an http/);
    for (const HOST of ['127.0.0.1', 'localhost', '::1']) expect(readConfig({ HOST }).PUBLIC_URL).toBeUndefined();
  });

  it('gives share links on PUBLIC_URL, whatever Host a request names', async () => {
    const server = await testSyncServer({ PUBLIC_URL: 'https://sync.example.com/', TRUST_PROXY: 'true' }, { mailbox: await localMailbox() });
    const family = await server.family();
    const bookId = randomUUID();
    await server.call('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [deviceClock().change('books', bookId, 'title', 'Foxes')] } });
    const origin = await server.listen();
    const shared = await askAs(FORGED, `${origin}/api/families/${family.id}/books/${bookId}/share`, { method: 'POST', token: family.parent.token, body: {} });
    expect(shared.status).toBe(201);
    expect((JSON.parse(shared.body) as { url: string }).url).toMatch(/^https:\/\/sync\.example\.com\/s\/[\w-]{43}$/);
  });

  it('on loopback without PUBLIC_URL, is the address it listens on: share links, Stripe’s way back and sign-in callbacks', async () => {
    const stripe = await fakeStripe();
    const server = await testSyncServer({ STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: 'whsec_test', STRIPE_API_URL: stripe.url, TRUST_PROXY: 'true' });
    const family = await server.family();
    const bookId = randomUUID();
    await server.call('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [deviceClock().change('books', bookId, 'title', 'Foxes')] } });
    const origin = await server.listen();

    const shared = await askAs(FORGED, `${origin}/api/families/${family.id}/books/${bookId}/share`, { method: 'POST', token: family.parent.token, body: {} });
    expect((JSON.parse(shared.body) as { url: string }).url.startsWith(`${origin}/s/`)).toBe(true);

    expect((await askAs(FORGED, `${origin}/api/families/${family.id}/subscriptions`, { method: 'POST', token: family.parent.token, body: { plan: 'family' } })).status).toBe(201);
    const checkout = stripe.requests.find((request) => request.path === '/v1/checkout/sessions')!;
    expect(checkout.params.get('success_url')).toBe(`${origin}/billing/thanks`);
    expect(checkout.params.get('cancel_url')).toBe(`${origin}/billing/cancelled`);
    await askAs(FORGED, `${origin}/api/families/${family.id}/billing-portal`, { method: 'POST', token: family.parent.token });
    expect(stripe.requests.find((request) => request.path === '/v1/billing_portal/sessions')!.params.get('return_url')).toBe(`${origin}/billing`);
  });

  it('sends the provider a sign-in callback on the server’s own address, whatever Host a request names', async () => {
    const { syncOrigin } = await syncServerWithSignInProviders();
    const start = await askAs(FORGED, `${syncOrigin}/api/auth/oidc/google/start`);
    expect(start.status).toBe(302);
    expect(new URL(start.location!).searchParams.get('redirect_uri')).toBe(`${syncOrigin}/api/auth/oidc/google/callback`);
  });
});
