import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { fakeStripe, type FakeSubscription } from '../../test-support/stripe-server';
import { testSyncServer } from '../../test-support/sync-test-server';

const WEBHOOK_SECRET = 'whsec_test_secret';
const signer = new Stripe('sk_test_signer');

async function billingWorld() {
  const stripe = await fakeStripe();
  const server = await testSyncServer({ STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url });
  const family = await server.family();
  let eventCounter = 0;
  /** Posts an event as Stripe would, signed (or not) with the SDK's own test-header helper. */
  const deliver = async (type: string, object: unknown, options: { created?: number; id?: string; secret?: string; signedAt?: number } = {}) => {
    const payload = JSON.stringify({ id: options.id ?? `evt_${++eventCounter}`, object: 'event', type, created: options.created ?? Math.floor(Date.now() / 1000), data: { object } });
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.signedAt });
    return server.app.inject({ method: 'POST', url: '/api/stripe/webhook', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload });
  };
  const subscribe = async () => {
    const checkout = await server.call<{ url: string }>('POST', `/api/families/${family.id}/subscriptions`, { token: family.parent.token, body: { plan: 'family' } });
    const customer = stripe.requests.find((request) => request.path === '/v1/checkout/sessions')!.params.get('customer')!;
    const subscription: FakeSubscription = { id: 'sub_1', customer, status: 'active', priceId: 'price_family_monthly', currentPeriodEnd: 1_798_000_000, familyId: family.id };
    stripe.subscriptions.set(subscription.id, subscription);
    return { checkout, customer, subscription };
  };
  const state = async () => (await server.call('GET', `/api/families/${family.id}/subscription`, { token: family.child.token })).body;
  return { stripe, server, family, deliver, subscribe, state };
}

describe('billing', () => {
  it('sends a parent to Stripe Checkout for a plan, and keeps the subscription once Stripe says it is paid', async () => {
    const { stripe, server, family, deliver, subscribe, state } = await billingWorld();
    expect((await server.call('POST', `/api/families/${family.id}/subscriptions`, { token: family.child.token, body: { plan: 'family' } })).status).toBe(403);
    expect((await server.call('POST', `/api/families/${family.id}/subscriptions`, { token: family.parent.token, body: { plan: 'gold' } })).status).toBe(400);
    const { checkout, customer } = await subscribe();
    expect(checkout).toMatchObject({ status: 201, body: { url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/) } });
    const session = stripe.requests.find((request) => request.path === '/v1/checkout/sessions')!.params;
    expect(session.get('mode')).toBe('subscription');
    expect(session.get('line_items[0][price]')).toBe('price_family_monthly');
    expect(session.get('client_reference_id')).toBe(family.id);

    expect(await state()).toEqual({ plan: null, status: 'none', nextBillingDate: null });
    expect((await deliver('checkout.session.completed', { id: 'cs_test_1', object: 'checkout.session', customer, subscription: 'sub_1' })).statusCode).toBe(200);
    expect(await state()).toEqual({ plan: 'family', status: 'active', nextBillingDate: new Date(1_798_000_000_000).toISOString() });
    expect((await server.call('GET', `/api/families/${family.id}/usage`, { token: family.child.token })).body).toMatchObject({ plan: 'family', books: { used: 0, included: 20 }, pictures: { used: 0, included: 400 } });

    const portal = await server.call<{ url: string }>('POST', `/api/families/${family.id}/billing-portal`, { token: family.parent.token });
    expect(portal.body.url).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\//);
    expect((await server.call('POST', `/api/families/${family.id}/billing-portal`, { token: family.child.token })).status).toBe(403);
  });

  it('refuses forged and stale events, and ignores one it has seen', async () => {
    const { deliver, subscribe, state, stripe } = await billingWorld();
    const { customer, subscription } = await subscribe();
    const canceled = stripe.subscriptionObject({ ...subscription, status: 'canceled' });
    expect((await deliver('customer.subscription.deleted', canceled, { secret: 'whsec_forged' })).statusCode).toBe(400);
    expect((await deliver('customer.subscription.deleted', canceled, { signedAt: Math.floor(Date.now() / 1000) - 600 })).statusCode).toBe(400);
    expect((await state()).status).toBe('none');

    const created = Math.floor(Date.now() / 1000);
    expect((await deliver('checkout.session.completed', { id: 'cs_1', object: 'checkout.session', customer, subscription: subscription.id }, { id: 'evt_paid', created })).json()).toEqual({ received: true });
    expect((await state()).status).toBe('active');
    subscription.status = 'canceled';
    // The same event again, even if Stripe's state moved on, changes nothing.
    expect((await deliver('checkout.session.completed', { id: 'cs_1', object: 'checkout.session', customer, subscription: subscription.id }, { id: 'evt_paid', created })).json()).toEqual({ received: true, duplicate: true });
    expect((await state()).status).toBe('active');
  });

  it('ends in Stripe’s current state when events arrive out of order', async () => {
    const { deliver, subscribe, state, stripe } = await billingWorld();
    const { subscription } = await subscribe();
    const now = Math.floor(Date.now() / 1000);
    // Stripe's story: created (active), then payment failed (past_due), then cancelled.
    subscription.status = 'canceled';
    await deliver('customer.subscription.deleted', stripe.subscriptionObject({ ...subscription, status: 'canceled' }), { created: now + 20 });
    await deliver('customer.subscription.updated', stripe.subscriptionObject({ ...subscription, status: 'past_due' }), { created: now + 10 });
    await deliver('customer.subscription.created', stripe.subscriptionObject({ ...subscription, status: 'active' }), { created: now });
    expect(await state()).toMatchObject({ status: 'canceled' });
    const usage = await deliver('invoice.payment_failed', { id: 'in_1', object: 'invoice', parent: { subscription_details: { subscription: subscription.id } } }, { created: now + 30 });
    expect(usage.statusCode).toBe(200);
    expect(await state()).toMatchObject({ status: 'canceled', plan: 'family' });
  });

  it('says so when billing is not set up', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    expect(await server.call('POST', `/api/families/${family.id}/subscriptions`, { token: family.parent.token, body: { plan: 'family' } })).toMatchObject({
      status: 503,
      body: { error: { code: 'billing-not-set-up' } },
    });
  });
});
