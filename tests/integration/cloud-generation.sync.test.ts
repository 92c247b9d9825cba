import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { currentPeriod } from '../../sync-server/src/billing/billing-routes';
import { fakeStripe } from '../../sync-server/test-support/stripe-server';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { fakeOpenAI } from '../fakes/openai-server';
import { storyRequest, until } from '../support/generation-harness';
import { testApp } from '../support/test-app';

const PLANS = JSON.stringify([{ name: 'family', priceId: 'price_family', monthlyBooks: 10, monthlyPictures: 100 }]);

describe('StorySprout Cloud from the desktop', () => {
  it('makes a whole book through the family’s subscription with no key of its own, and shows plan and quota left', async () => {
    const upstream = await fakeOpenAI();
    const server = await testSyncServer({ OPENAI_API_KEY: 'sk-server-key', OPENAI_BASE_URL: `${upstream.url}/v1`, PLANS });
    const url = await server.listen();
    const device = await testApp({ runQueue: true });
    await device.call('sync.signIn', { serverUrl: url, email: 'noor@example.com', password: 'correct horse battery', signUp: true });
    const familyId = (await device.call('sync.createFamily', { name: 'The Haddads' })).family!.id;
    await device.call('settings.setProviders', { text: 'storysprout-cloud', image: 'storysprout-cloud' });

    // Without a plan the book fails, saying why.
    const refused = await device.call('generation.start', storyRequest());
    await until(async () => (await device.call('generation.status', { bookId: refused.bookId }))?.status === 'failed', 20_000);
    expect((await device.call('generation.status', { bookId: refused.bookId }))?.error).toMatch(/no active StorySprout subscription/);

    await server.store.db
      .insertInto('subscriptions')
      .values({ family_id: familyId, stripe_customer_id: 'cus_1', stripe_subscription_id: 'sub_1', plan_name: 'family', status: 'active', next_billing_date: '2026-12-25T00:00:00.000Z', state_as_of: 1, updated_at: new Date().toISOString() })
      .execute();
    const face = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#964' } }).png().toBuffer();
    const hazel = await device.call('characters.create', { name: 'Hazel', traits: ['a hedgehog'], picture: { base64: face.toString('base64') } });
    const made = await device.call('generation.start', storyRequest({ idea: 'a hedgehog who learns to swim', characterIds: [hazel.id] }));
    await until(async () => (await device.call('generation.status', { bookId: made.bookId }))?.status === 'complete', 30_000);
    const book = await device.call('library.get', { bookId: made.bookId });
    expect(book.pages.every((page) => page.imageAssetSha256 && page.generateStatus === 'complete')).toBe(true);
    expect((await device.call('generation.status', { bookId: made.bookId }))).toMatchObject({ textProvider: 'storysprout-cloud', imageProvider: 'storysprout-cloud', offlineDraft: false });
    expect(upstream.requestsTo('/v1/chat/completions').every((request) => request.headers.authorization === 'Bearer sk-server-key')).toBe(true);
    // The proxy passes the story's schema on as it is, so the blurb it asks for comes back too.
    const asked = upstream.requestsTo('/v1/chat/completions').at(-1)!.body as { response_format: { json_schema: { schema: { required: string[] } } } };
    expect(asked.response_format.json_schema.schema.required).toContain('blurb');
    expect(book.blurb).toMatch(/^Hazel the hedgehog has never been in the water\./);
    // Every page with someone on it was drawn from the cast's pictures (Hazel's reference picture among them), so they look the same on each.
    expect(upstream.requestsTo('/v1/images/edits')).toHaveLength(book.pages.filter((page) => page.cast.length > 0).length);
    expect(book.cast.find((member) => member.name === 'Hazel')).toMatchObject({ characterId: hazel.id, portraitAssetSha256: hazel.styleRefAssetSha256 });
    // The proxy takes words only: nothing was sent to compare pictures, and every chat call was the story.
    expect(upstream.requestsTo('/v1/chat/completions').every((request) => (request.body as { response_format: { json_schema: { name: string } } }).response_format.json_schema.name === 'picture_book')).toBe(true);

    const billing = await device.call('sync.billing', {});
    expect(billing).toMatchObject({
      subscription: { plan: 'family', status: 'active', nextBillingDate: '2026-12-25T00:00:00.000Z' },
      usage: { period: currentPeriod(), plan: 'family', books: { used: 1, included: 10 }, pictures: { used: book.pages.length + book.cast.filter((member) => member.characterId === null).length, included: 100 } },
      plans: [{ name: 'family', monthlyBooks: 10, monthlyPictures: 100 }],
    });
    // Checkout needs Stripe, which this server was not given: the reason comes through.
    await expect(device.call('sync.checkout', { plan: 'family' })).rejects.toThrow(/Billing is not set up on this server/);
  });

  it('gives a parent the Checkout and billing portal addresses Stripe made, and a child neither', async () => {
    const stripe = await fakeStripe();
    const server = await testSyncServer({ STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: 'whsec_test', STRIPE_API_URL: stripe.url, PLANS });
    const url = await server.listen();
    const device = await testApp();
    await device.call('sync.signIn', { serverUrl: url, email: 'sam@example.com', password: 'correct horse battery', signUp: true });
    await device.call('sync.createFamily', { name: 'The Okonkwos' });
    expect((await device.call('sync.checkout', { plan: 'family' })).url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
    expect((await device.call('sync.billingPortal', {})).url).toMatch(/^https:\/\/billing\.stripe\.com\//);
    expect(stripe.requests.find((request) => request.path === '/v1/checkout/sessions')?.params.get('line_items[0][price]')).toBe('price_family');

    await device.call('family.addMember', { displayName: 'Ada', role: 'child-creator' });
    const child = (await device.call('family.get', {})).members.find((member) => member.displayName === 'Ada')!;
    await device.call('profile.switch', { memberId: child.id });
    await expect(device.call('sync.checkout', { plan: 'family' })).rejects.toThrow(/parent/);
    await expect(device.call('sync.billingPortal', {})).rejects.toThrow(/parent/);
  });
});
