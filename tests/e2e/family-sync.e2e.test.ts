import { describe, expect, it } from 'vitest';
import { localMailbox } from '../../sync-server/test-support/mailbox';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { testApp } from '../support/test-app';
import { expectAccessible } from './support/accessibility';
import { saveScreenshot, watchForErrors } from './support/browser';
import { browserAndHost } from './support/suite';

const suite = browserAndHost();

const EMAIL = 'amara@example.com';
const PASSWORD = 'correct horse battery';

/** A new window of the host, in Settings → Family sync, with the account form filled to make an account. */
async function startSignUp(serverUrl: string, email: string) {
  const context = await suite.browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await page.goto(suite.host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Family sync' });
  await panel.getByLabel('Server address').fill(serverUrl);
  await panel.getByLabel('Email').fill(email);
  await panel.getByLabel('Password').fill(PASSWORD);
  await panel.getByRole('checkbox', { name: 'Create an account' }).check();
  return { context, page, errors, panel };
}

describe('family sync in the window', () => {
  // Each test starts its own sync server, and everything it needs with it: both are closed after each test.
  it('signs up, makes a family, syncs a book to another computer, shares it as a read-only link, and signs out keeping everything', async () => {
    const server = await testSyncServer();
    const serverUrl = await server.listen();
    const context = await suite.browser.newContext({ viewport: { width: 1024, height: 700 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);

    // Not syncing yet: the header says so quietly and leads a grown-up to the settings.
    const header = page.getByRole('banner');
    await header.getByRole('link', { name: 'Not syncing' }).click();
    const panel = page.getByRole('region', { name: 'Family sync' });
    await panel.getByLabel('Server address').fill(serverUrl);
    await panel.getByLabel('Email').fill(EMAIL);
    await panel.getByLabel('Password').fill(PASSWORD);
    expect(await panel.getByLabel('Full name').count()).toBe(0);
    await panel.getByRole('checkbox', { name: 'Create an account' }).check();
    await panel.getByLabel('Full name').fill('Amara Okafor');
    await expectAccessible(page, 'family sync, signing up');
    await saveScreenshot(page, 'family-sync-sign-up');
    await panel.getByRole('button', { name: 'Create the account' }).click();

    await panel.getByText('This account is in no family yet.').waitFor();
    await panel.getByLabel('Family name').fill('The Okafors');
    await panel.getByRole('button', { name: 'Make the family' }).click();
    await panel.getByText('The Okafors · Grown-up').waitFor();
    await panel.getByText(`Signed in as ${EMAIL}`).waitFor();

    // A book made here, then synced by hand.
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByLabel('Title').fill('The Moon Jar');
    await page.getByLabel('Pages').fill('4');
    await page.getByRole('button', { name: 'Create book' }).click();
    await page.getByRole('listitem', { name: 'The Moon Jar' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await panel.getByRole('button', { name: 'Sync now' }).click();
    await header.getByRole('link', { name: 'Synced' }).waitFor();
    await panel.getByText('Synced', { exact: true }).waitFor();
    await panel.getByText('Nothing', { exact: true }).waitFor();

    // An invitation code to pass on, and a server without billing saying so calmly.
    await panel.getByLabel('Who').selectOption({ label: 'Child' });
    await panel.getByRole('button', { name: 'Make an invitation code' }).click();
    expect((await panel.getByLabel('Invitation code for a child').inputValue()).length).toBeGreaterThanOrEqual(10);
    await panel.getByText('No plan yet.').waitFor();
    await panel.getByRole('button', { name: 'Subscribe to Family Plus' }).click();
    await panel.getByRole('status').filter({ hasText: 'Billing is not set up on this server.' }).waitFor();
    await expectAccessible(page, 'family sync, in a family');
    await saveScreenshot(page, 'family-sync');

    // The same parent on another computer gets the book.
    const otherComputer = await testApp();
    const signedIn = await otherComputer.call('sync.signIn', { serverUrl, email: EMAIL, password: PASSWORD });
    expect(signedIn.family?.name).toBe('The Okafors');
    await otherComputer.call('sync.now', {});
    expect((await otherComputer.call('library.list', { view: 'shelf' })).map((book) => book.title)).toContain('The Moon Jar');

    // A read-only link: copied, opened, then stopped.
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByRole('link', { name: 'The Moon Jar' }).click();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const share = page.getByRole('region', { name: 'Share The Moon Jar' });
    await share.getByRole('button', { name: 'Share a read-only link' }).click();
    const link = share.getByLabel('Read-only link');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url.startsWith(`${serverUrl}/s/`)).toBe(true);
    await share.getByText(/^The link works until /).waitFor();
    await share.getByRole('button', { name: 'Copy the link' }).click();
    await share.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expectAccessible(page, 'book, sharing');
    await saveScreenshot(page, 'book-share');

    const reader = await context.newPage();
    await reader.goto(url);
    await reader.getByRole('heading', { name: 'The Moon Jar' }).waitFor();
    // Opened again later, the panel knows a link is still open (the address itself is not kept).
    await page.reload();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await share.getByRole('status').filter({ hasText: /^A read-only link to this book is open until / }).waitFor();
    await share.getByRole('button', { name: 'Stop sharing' }).click();
    await share.getByRole('status').filter({ hasText: 'Every link to this book has stopped working.' }).waitFor();
    await share.getByRole('button', { name: 'Stop sharing' }).waitFor({ state: 'detached' });
    await reader.reload();
    await reader.getByText('This link does not open a book any more.').waitFor();
    await reader.close();

    // Signing out keeps every book here.
    await page.getByRole('link', { name: 'Settings' }).click();
    await panel.getByText('Signing out deletes nothing on this computer').waitFor();
    await panel.getByRole('button', { name: 'Sign out' }).click();
    await panel.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await panel.getByLabel('Email').inputValue()).toBe(EMAIL);
    await header.getByRole('link', { name: 'Not syncing' }).waitFor();
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByRole('listitem', { name: 'The Moon Jar' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('makes an account on a server that mails a code: asks for the code, sends another, and is signed in by it', async () => {
    const mailbox = await localMailbox();
    const server = await testSyncServer({}, { mailbox });
    const serverUrl = await server.listen();
    const { context, page, errors, panel } = await startSignUp(serverUrl, 'nneka@example.com');
    await panel.getByLabel('Full name').fill('Nneka Obi');
    await panel.getByRole('button', { name: 'Create the account' }).click();

    await panel.getByText('We sent a code to nneka@example.com. Type it here to finish making the account.').waitFor();
    const first = await mailbox.codeFor('nneka@example.com');
    const code = panel.getByLabel('Code from the email');
    await code.fill(first.startsWith('9') ? `1${first.slice(1)}` : `9${first.slice(1)}`);
    await panel.getByRole('button', { name: 'Finish making the account' }).click();
    await panel.getByRole('alert').filter({ hasText: 'That code is not the one in the email, or it has run out. Check it, or ask for a new one.' }).waitFor();
    await expectAccessible(page, 'family sync, the code from the email');
    await saveScreenshot(page, 'family-sync-code');

    await panel.getByRole('button', { name: 'Send it again' }).click();
    await panel.getByRole('status').filter({ hasText: 'A new code is on its way. The one before it no longer works.' }).waitFor();
    await code.fill(await mailbox.codeFor('nneka@example.com', 2));
    await panel.getByRole('button', { name: 'Finish making the account' }).click();
    await panel.getByText('This account is in no family yet.').waitFor();
    await panel.getByText('Signed in as nneka@example.com').waitFor();

    await panel.getByRole('button', { name: 'Sign out' }).click();
    await panel.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('joins a family with an invitation code, and shows the changes the family’s server turned back', async () => {
    const server = await testSyncServer();
    const serverUrl = await server.listen();
    const parentsComputer = await testApp();
    await parentsComputer.call('sync.signIn', { serverUrl, email: 'kemi@example.com', password: PASSWORD, signUp: true, fullName: 'Kemi' });
    await parentsComputer.call('sync.createFamily', { name: 'The Adeyemis' });
    const { code } = await parentsComputer.call('sync.invite', { role: 'child-creator' });

    const { context, page, errors, panel } = await startSignUp(serverUrl, 'tobi@example.com');
    await panel.getByRole('button', { name: 'Create the account' }).click();
    await panel.getByRole('textbox', { name: 'Invitation code' }).fill(code);
    await panel.getByRole('button', { name: 'Join the family' }).click();
    await panel.getByText('The Adeyemis · Child').waitFor();
    // Inviting and the family's plan are for the family's grown-ups.
    expect(await panel.getByRole('button', { name: 'Make an invitation code' }).count()).toBe(0);
    expect(await panel.getByRole('group', { name: 'Plan and usage' }).count()).toBe(0);

    // A child's account may not loosen the family's limits: the server turns the change back.
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByLabel('Fighting and violence').fill('0.9');
    await page.getByRole('button', { name: 'Save the limits' }).click();
    await page.getByText('Saved. New pages are checked with these limits.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await panel.getByRole('button', { name: 'Sync now' }).click();
    const turnedBack = panel.getByRole('list', { name: 'Changes turned back' });
    await turnedBack.getByRole('listitem').filter({ hasText: /The family’s limits: only a grown-up of the family may change this/ }).waitFor();
    await expectAccessible(page, 'family sync, changes turned back');
    await saveScreenshot(page, 'family-sync-turned-back');
    expect(errors).toEqual([]);
    await context.close();
  });
});
