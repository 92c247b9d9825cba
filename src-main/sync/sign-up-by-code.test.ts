import { describe, expect, it } from 'vitest';
import { localMailbox } from '../../sync-server/test-support/mailbox';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { testApp } from '../../tests/support/test-app';

const PASSWORD = 'correct horse battery';

async function serverWithMail() {
  const mailbox = await localMailbox();
  const server = await testSyncServer({}, { mailbox });
  return { server, mailbox, serverUrl: await server.listen() };
}

describe('making an account on a server that mails a code', () => {
  it('waits for the code from the email, and the code makes the account and signs the app in', async () => {
    const { mailbox, serverUrl } = await serverWithMail();
    const device = await testApp();
    const waiting = await device.call('sync.signIn', { serverUrl, email: 'ada@example.com', password: PASSWORD, signUp: true, fullName: 'Ada Lovelace' });
    expect(waiting).toMatchObject({ state: 'signed-out', account: null, pendingSignUp: { serverUrl, email: 'ada@example.com' } });
    expect(JSON.stringify(waiting)).not.toContain(PASSWORD);

    const signedIn = await device.call('sync.confirmSignUp', { code: await mailbox.codeFor('ada@example.com') });
    expect(signedIn).toMatchObject({ state: 'no-family', pendingSignUp: null, account: { serverUrl, email: 'ada@example.com', fullName: 'Ada Lovelace', signedIn: true } });
    expect(await device.call('sync.createFamily', { name: 'The Lovelaces' })).toMatchObject({ family: { name: 'The Lovelaces', role: 'parent-admin' } });
  });

  it('refuses a wrong code in plain words and keeps waiting; a new code replaces the last one', async () => {
    const { mailbox, serverUrl } = await serverWithMail();
    const device = await testApp();
    await device.call('sync.signIn', { serverUrl, email: 'ada@example.com', password: PASSWORD, signUp: true });
    const first = await mailbox.codeFor('ada@example.com');
    const wrong = first.startsWith('9') ? `1${first.slice(1)}` : `9${first.slice(1)}`;
    await expect(device.call('sync.confirmSignUp', { code: wrong })).rejects.toThrow('That code is not the one in the email, or it has run out. Check it, or ask for a new one.');
    expect(await device.call('sync.status', {})).toMatchObject({ state: 'signed-out', pendingSignUp: { email: 'ada@example.com' } });

    await device.call('sync.sendSignUpCodeAgain', {});
    const second = await mailbox.codeFor('ada@example.com', 2);
    await expect(device.call('sync.confirmSignUp', { code: first })).rejects.toThrow(/That code is not the one in the email/);
    expect(await device.call('sync.confirmSignUp', { code: second })).toMatchObject({ state: 'no-family', account: { email: 'ada@example.com', signedIn: true } });
  });

  it('signs in at once on a server without mail, which only this computer reaches', async () => {
    const server = await testSyncServer();
    const device = await testApp();
    expect(await device.call('sync.signIn', { serverUrl: await server.listen(), email: 'ada@example.com', password: PASSWORD, signUp: true })).toMatchObject({
      state: 'no-family',
      pendingSignUp: null,
      account: { email: 'ada@example.com', signedIn: true },
    });
  });

  it('says there is nothing to confirm when no account is waiting for a code', async () => {
    const device = await testApp();
    await expect(device.call('sync.confirmSignUp', { code: '1234 5678' })).rejects.toThrow('No new account is waiting for a code here. Fill in the form to make one, and a code will be sent.');
  });
});
