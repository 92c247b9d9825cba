import { describe, expect, it } from 'vitest';
import { browser, signInAtProvider, syncServerWithSignInProviders } from '../../sync-server/test-support/identity-provider';
import { testApp } from '../../tests/support/test-app';

describe('signing in with Google or Apple from the app', () => {
  it('goes through the system browser and comes back to a loopback address with a code only this app can use', async () => {
    const { syncOrigin } = await syncServerWithSignInProviders();
    const device = await testApp();
    const { startUrl } = await device.call('sync.startBrowserSignIn', { serverUrl: syncOrigin, provider: 'google' });
    expect(new URL(startUrl).searchParams.get('returnTo')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    const visitor = browser();
    const start = await visitor.visit(startUrl);
    const back = await signInAtProvider(visitor, start.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`);
    expect(back.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=[^&]+&state=/);

    // Someone else on this computer answering the loopback with a made-up code gets nowhere.
    const forged = new URL(back.location!);
    forged.searchParams.set('state', 'not-the-state');
    const otherAttempt = await device.call('sync.startBrowserSignIn', { serverUrl: syncOrigin, provider: 'google' });
    const otherLoopback = new URL(otherAttempt.startUrl).searchParams.get('returnTo')!;
    const refused = await visitor.visit(`${otherLoopback}?code=${forged.searchParams.get('code')}&state=${forged.searchParams.get('state')}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('not the one StorySprout asked for');

    const done = await visitor.visit(back.location!);
    expect(done.status).toBe(200);
    expect(done.body).toContain('You are signed in');
    expect(await device.call('sync.status', {})).toMatchObject({ state: 'no-family', account: { email: 'grace@example.com', fullName: 'Grace Hopper', signedIn: true } });
  });

  it('asks in the browser for the password of the account the email already has, then signs the app in to that account', async () => {
    const { server, syncOrigin } = await syncServerWithSignInProviders();
    await server.call('POST', '/api/auth/signup', { body: { email: 'grace@example.com', password: 'correct horse battery', fullName: 'Grace' } });
    const device = await testApp();
    const { startUrl } = await device.call('sync.startBrowserSignIn', { serverUrl: syncOrigin, provider: 'google' });

    const visitor = browser();
    const start = await visitor.visit(startUrl);
    const asked = await signInAtProvider(visitor, start.location!, 'grace', `${syncOrigin}/api/auth/oidc/google/callback`);
    expect(asked.body).toContain('Enter that password once to sign in with Google from now on too.');
    const ticket = /name="ticket" value="([\w-]+)"/.exec(asked.body)![1]!;
    const back = await visitor.visit(`${syncOrigin}/api/auth/oidc/google/link`, { ticket, password: 'correct horse battery' });
    const done = await visitor.visit(back.location!);
    expect(done.body).toContain('You are signed in');
    expect(await device.call('sync.status', {})).toMatchObject({ account: { email: 'grace@example.com', fullName: 'Grace', signedIn: true } });
  });
});
