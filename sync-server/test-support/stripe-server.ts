import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

export interface FakeSubscription {
  id: string;
  customer: string;
  status: string;
  priceId: string;
  currentPeriodEnd: number;
  familyId: string;
}

/**
 * Stripe's API as far as billing uses it, on 127.0.0.1: customers, Checkout and portal sessions,
 * and subscriptions whose current state the test sets. Requests arrive form-encoded, as the
 * `stripe` SDK sends them; answers are Stripe's JSON objects.
 */
export async function fakeStripe() {
  const subscriptions = new Map<string, FakeSubscription>();
  const requests: { method: string; path: string; params: URLSearchParams }[] = [];
  let counter = 0;
  const subscriptionObject = (sub: FakeSubscription) => ({
    id: sub.id,
    object: 'subscription',
    customer: sub.customer,
    status: sub.status,
    metadata: { familyId: sub.familyId },
    items: { object: 'list', data: [{ id: `si_${sub.id}`, object: 'subscription_item', price: { id: sub.priceId, object: 'price' }, current_period_end: sub.currentPeriodEnd }] },
  });

  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://127.0.0.1');
      const params = new URLSearchParams(body);
      requests.push({ method: request.method!, path: url.pathname, params });
      const send = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++counter}` }).end(JSON.stringify(value));
      if (request.method === 'POST' && url.pathname === '/v1/customers') return send(200, { id: `cus_${++counter}`, object: 'customer', metadata: { familyId: params.get('metadata[familyId]') } });
      if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const id = `cs_test_${++counter}`;
        return send(200, { id, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/${id}`, customer: params.get('customer'), mode: params.get('mode') });
      }
      if (request.method === 'POST' && url.pathname === '/v1/billing_portal/sessions') return send(200, { id: `bps_${++counter}`, object: 'billing_portal.session', url: `https://billing.stripe.com/p/session/${counter}` });
      const subscription = /^\/v1\/subscriptions\/([\w]+)$/.exec(url.pathname);
      if (request.method === 'GET' && subscription) {
        const found = subscriptions.get(subscription[1]!);
        return found ? send(200, subscriptionObject(found)) : send(404, { error: { type: 'invalid_request_error', message: 'No such subscription' } });
      }
      return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${url.pathname})` } });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, subscriptions, requests, subscriptionObject };
}
