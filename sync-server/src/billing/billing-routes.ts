import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import Stripe from 'stripe';
import { z } from 'zod';
import type { SyncServerConfig } from '../config';
import type { SyncStore } from '../db/database';
import { ApiError, badRequest, notFound } from '../errors';
import { nowIso } from '../ids';
import type { PublicAddress } from '../public-address';
import { readPlans, type Plan } from './plans';

const familyParams = z.strictObject({ id: z.uuid({ error: 'the family id is not an id' }) });
const subscriptionView = z.object({ plan: z.string().nullable(), status: z.string(), nextBillingDate: z.string().nullable() });
const allowance = z.object({ used: z.number(), included: z.number() });

const notSetUp = () => new ApiError(503, 'billing-not-set-up', 'Billing is not set up on this server.');
export const currentPeriod = (now = new Date()) => now.toISOString().slice(0, 7);

/**
 * Subscriptions through Stripe: Checkout to subscribe, the customer portal to manage, and the
 * webhook that keeps each family's subscription as Stripe has it. Parents pay; everyone sees.
 */
export const billingRoutes: FastifyPluginAsyncZod<{ store: SyncStore; config: SyncServerConfig; address: PublicAddress }> = async (app, { store, config, address }) => {
  const { db } = store;
  const plans = readPlans(config.PLANS);
  const api = config.STRIPE_API_URL ? new URL(config.STRIPE_API_URL) : null;
  const stripe = config.STRIPE_SECRET_KEY
    ? new Stripe(config.STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        ...(api && { host: api.hostname, port: Number(api.port), protocol: api.protocol === 'http:' ? 'http' : 'https' }),
      })
    : null;

  async function customerOf(familyId: string): Promise<string> {
    const existing = await db.selectFrom('subscriptions').select('stripe_customer_id').where('family_id', '=', familyId).executeTakeFirst();
    if (existing) return existing.stripe_customer_id;
    const customer = await stripe!.customers.create({ metadata: { familyId } }, { idempotencyKey: `customer-${familyId}` });
    await db
      .insertInto('subscriptions')
      .values({ family_id: familyId, stripe_customer_id: customer.id, stripe_subscription_id: null, plan_name: null, status: 'none', next_billing_date: null, state_as_of: 0, updated_at: nowIso() })
      .onConflict((conflict) => conflict.column('family_id').doNothing())
      .execute();
    return (await db.selectFrom('subscriptions').select('stripe_customer_id').where('family_id', '=', familyId).executeTakeFirstOrThrow()).stripe_customer_id;
  }

  app.get(
    '/api/plans',
    { schema: { response: { 200: z.object({ plans: z.array(z.object({ name: z.string(), monthlyBooks: z.number(), monthlyPictures: z.number() })) }) } } },
    async () => ({ plans: plans.map(({ name, monthlyBooks, monthlyPictures }) => ({ name, monthlyBooks, monthlyPictures })) }),
  );

  app.post(
    '/api/families/:id/subscriptions',
    {
      schema: {
        params: familyParams,
        body: z.strictObject({ plan: z.enum(plans.map((plan) => plan.name) as [string, ...string[]], { error: `plan is one of ${plans.map((plan) => plan.name).join(', ')}` }) }),
        response: { 201: z.object({ url: z.string() }) },
      },
      config: { familyRole: 'parent-admin' },
    },
    async (request, reply) => {
      if (!stripe) throw notSetUp();
      const plan = plans.find((each) => each.name === request.body.plan)!;
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: await customerOf(request.params.id),
        client_reference_id: request.params.id,
        line_items: [{ price: plan.priceId, quantity: 1 }],
        subscription_data: { metadata: { familyId: request.params.id } },
        success_url: `${address.base()}/billing/thanks`,
        cancel_url: `${address.base()}/billing/cancelled`,
      });
      if (!session.url) throw new ApiError(502, 'stripe-no-url', 'Stripe did not give a checkout address. Try again.');
      return reply.code(201).send({ url: session.url });
    },
  );

  app.post('/api/families/:id/billing-portal', { schema: { params: familyParams, response: { 200: z.object({ url: z.string() }) } }, config: { familyRole: 'parent-admin' } }, async (request) => {
    if (!stripe) throw notSetUp();
    const row = await db.selectFrom('subscriptions').select('stripe_customer_id').where('family_id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('A subscription for this family');
    const session = await stripe.billingPortal.sessions.create({ customer: row.stripe_customer_id, return_url: `${address.base()}/billing` });
    return { url: session.url };
  });

  app.get('/api/families/:id/subscription', { schema: { params: familyParams, response: { 200: subscriptionView } } }, async (request) => {
    const row = await db.selectFrom('subscriptions').selectAll().where('family_id', '=', request.params.id).executeTakeFirst();
    return { plan: row?.plan_name ?? null, status: row?.status ?? 'none', nextBillingDate: row?.next_billing_date ?? null };
  });

  app.get(
    '/api/families/:id/usage',
    { schema: { params: familyParams, response: { 200: z.object({ period: z.string(), plan: z.string().nullable(), books: allowance, pictures: allowance }) } } },
    async (request) => {
      const period = currentPeriod();
      const row = await db.selectFrom('subscriptions').select(['plan_name', 'status']).where('family_id', '=', request.params.id).executeTakeFirst();
      const plan = row && ['active', 'trialing'].includes(row.status) ? plans.find((each) => each.name === row.plan_name) : undefined;
      const used = await db.selectFrom('usage').select(['books', 'pictures']).where('family_id', '=', request.params.id).where('period', '=', period).executeTakeFirst();
      return {
        period,
        plan: plan?.name ?? null,
        books: { used: used?.books ?? 0, included: plan?.monthlyBooks ?? 0 },
        pictures: { used: used?.pictures ?? 0, included: plan?.monthlyPictures ?? 0 },
      };
    },
  );

  // The webhook reads its body raw: Stripe signs the exact bytes it sent.
  await app.register(async (webhook) => {
    webhook.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    webhook.post('/api/stripe/webhook', { schema: { hide: true } }, async (request, reply) => {
      if (!stripe || !config.STRIPE_WEBHOOK_SECRET) throw notSetUp();
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) throw badRequest('A Stripe event comes with its Stripe-Signature header and JSON body.');
      let event: Stripe.Event;
      try {
        // Five minutes' tolerance: an event replayed later than that is refused.
        event = stripe.webhooks.constructEvent(request.body, signature, config.STRIPE_WEBHOOK_SECRET, 300);
      } catch (error) {
        throw new ApiError(400, 'bad-signature', `The event's signature does not check out: ${error instanceof Error ? error.message : String(error)}`);
      }
      const seen = await db.selectFrom('stripe_events').select('id').where('id', '=', event.id).executeTakeFirst();
      if (seen) return reply.send({ received: true, duplicate: true });
      await handle(event);
      await db.insertInto('stripe_events').values({ id: event.id, type: event.type, received_at: nowIso() }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
      return reply.send({ received: true });
    });
  });

  async function handle(event: Stripe.Event): Promise<void> {
    switch (event.type) {
      case 'checkout.session.completed': {
        const subscriptionId = idOf(event.data.object.subscription);
        if (subscriptionId) await keep(await stripe!.subscriptions.retrieve(subscriptionId), event.created);
        return;
      }
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        return keepIfNewer(event.data.object, event.created);
      case 'invoice.paid':
      case 'invoice.payment_failed': {
        const subscriptionId = idOf(event.data.object.parent?.subscription_details?.subscription);
        if (subscriptionId) await keep(await stripe!.subscriptions.retrieve(subscriptionId), event.created);
        return;
      }
      default:
        return;
    }
  }

  /** An event older than what is kept may describe a state long gone: ask Stripe how things are now. */
  async function keepIfNewer(subscription: Stripe.Subscription, eventCreated: number): Promise<void> {
    const stored = await db.selectFrom('subscriptions').select('state_as_of').where('stripe_customer_id', '=', idOf(subscription.customer)!).executeTakeFirst();
    if (stored && eventCreated <= Number(stored.state_as_of)) return keep(await stripe!.subscriptions.retrieve(subscription.id), Number(stored.state_as_of));
    return keep(subscription, eventCreated);
  }

  async function keep(subscription: Stripe.Subscription, asOf: number): Promise<void> {
    const customer = idOf(subscription.customer)!;
    const item = subscription.items.data[0];
    const plan: Plan | undefined = plans.find((each) => each.priceId === item?.price.id);
    const state = {
      stripe_subscription_id: subscription.id,
      plan_name: plan?.name ?? null,
      status: subscription.status,
      next_billing_date: item?.current_period_end ? new Date(item.current_period_end * 1000).toISOString() : null,
      state_as_of: asOf,
      updated_at: nowIso(),
    };
    const familyId = subscription.metadata.familyId;
    const updated = await db.updateTable('subscriptions').set(state).where('stripe_customer_id', '=', customer).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0 && familyId) {
      await db.insertInto('subscriptions').values({ family_id: familyId, stripe_customer_id: customer, ...state }).onConflict((conflict) => conflict.column('family_id').doUpdateSet(state)).execute();
    }
  }
};

const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === 'string' ? value : (value?.id ?? null));
