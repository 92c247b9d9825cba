import { describe, expect, it } from 'vitest';
import { syncServerWithSignInProviders } from '../../sync-server/test-support/identity-provider';
import { fakeStripe } from '../../sync-server/test-support/stripe-server';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { testApp } from '../../tests/support/test-app';
import { mayOpenExternally } from './shell-policy';

// The window opens exactly three kinds of link (src-renderer/src/sync: openOutside): the start
// page of a Google or Apple sign-in, Stripe Checkout and the billing portal. Each is made here
// by the real core against a real sync server, and handed to the policy as the Electron shell
// hands it, with the servers the core names at that moment.

describe('the links the window opens in the system browser', () => {
  it('include a Google or Apple sign-in’s start page on the server being signed in to, before any account exists', async () => {
    const { syncOrigin } = await syncServerWithSignInProviders();
    const device = await testApp();
    expect(await device.core.sync.serverUrls()).toEqual([]);

    for (const provider of ['google', 'apple'] as const) {
      const { startUrl } = await device.call('sync.startBrowserSignIn', { serverUrl: syncOrigin, provider });
      expect(new URL(startUrl).pathname).toBe(`/api/auth/oidc/${provider}/start`);
      expect(mayOpenExternally(startUrl, await device.core.sync.serverUrls())).toBe(true);
    }
    // Another program on this computer is no sync server of the family's.
    expect(mayOpenExternally('http://127.0.0.1:1/api/auth/oidc/google/start', await device.core.sync.serverUrls())).toBe(false);
  });

  it('include Stripe Checkout and the billing portal the family’s server answers with', async () => {
    const stripe = await fakeStripe();
    const server = await testSyncServer({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_test',
      STRIPE_API_URL: stripe.url,
      PLANS: JSON.stringify([{ name: 'family', priceId: 'price_family', monthlyBooks: 10, monthlyPictures: 100 }]),
    });
    const serverUrl = await server.listen();
    const device = await testApp();
    await device.call('sync.signIn', { serverUrl, email: 'sam@example.com', password: 'correct horse battery', signUp: true });
    await device.call('sync.createFamily', { name: 'The Okonkwos' });
    const servers = await device.core.sync.serverUrls();
    expect(servers).toEqual([serverUrl]);

    expect(mayOpenExternally((await device.call('sync.checkout', { plan: 'family' })).url, servers)).toBe(true);
    expect(mayOpenExternally((await device.call('sync.billingPortal', {})).url, servers)).toBe(true);
    // The family's server itself, signed in to over plain http on this computer.
    expect(mayOpenExternally(`${serverUrl}/billing/thanks`, servers)).toBe(true);
  });
});
