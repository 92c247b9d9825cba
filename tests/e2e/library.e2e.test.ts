import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../support/temp-dir';
import { launchBrowser, saveScreenshot, watchForErrors } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host-process';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openLibrary(host: HostProcess): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  const errors = watchForErrors(page);
  await page.goto(host.url);
  await page.getByRole('heading', { name: 'Our books' }).waitFor();
  return { page, errors };
}

describe('the library in the browser host', () => {
  it('creates, renames, trashes and restores books, and keeps them across a host restart', async () => {
    const dataDir = tempDir();
    let host = await startHostProcess(dataDir);
    try {
      const { page, errors } = await openLibrary(host);
      expect(page.url()).not.toContain('token'); // the token left the address bar
      await page.getByText('No books yet').waitFor();

      await page.getByLabel('Title').fill('The Brave Little Kettle');
      await page.getByLabel('Pages').fill('4');
      await page.getByRole('button', { name: 'Create book' }).click();
      const kettle = page.getByRole('listitem', { name: 'The Brave Little Kettle' });
      await kettle.waitFor();
      expect(await kettle.textContent()).toMatch(/Draft.*4 pages/);

      await page.getByRole('button', { name: 'Rename The Brave Little Kettle' }).click();
      await page.getByRole('textbox', { name: 'New title for The Brave Little Kettle' }).fill('The Brave Kettle');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('listitem', { name: 'The Brave Kettle' }).waitFor();

      await page.getByLabel('Title').fill('A Book To Throw Away');
      await page.getByLabel('Pages').fill('2');
      await page.getByRole('button', { name: 'Create book' }).click();
      await page.getByRole('button', { name: 'Move A Book To Throw Away to the trash' }).click();
      await page.getByRole('listitem', { name: 'A Book To Throw Away' }).waitFor({ state: 'detached' });
      await saveScreenshot(page, 'library-shelf');

      await page.getByRole('button', { name: 'Trash', exact: true }).click();
      await page.getByRole('heading', { name: 'Trash' }).waitFor();
      expect(await page.getByRole('listitem', { name: 'A Book To Throw Away' }).textContent()).toMatch(/Can be restored until/);
      await saveScreenshot(page, 'library-trash');
      await page.getByRole('button', { name: 'Restore A Book To Throw Away' }).click();
      await page.getByText('The trash is empty.').waitFor();
      await page.getByRole('button', { name: 'Bookshelf', exact: true }).click();
      await page.getByRole('listitem', { name: 'A Book To Throw Away' }).waitFor();

      // A wrong input reaches the core's validation and is shown, not swallowed.
      await page.getByLabel('Title').fill('   ');
      await page.getByRole('button', { name: 'Create book' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/a book needs a title/);

      expect(errors).toEqual([]);
      await page.close();

      const oldUrl = host.url;
      await host.stop();
      host = await startHostProcess(dataDir);
      expect(host.url).not.toBe(oldUrl); // a new token each run
      const oldToken = new URL(oldUrl).hash.replace('#token=', '');
      const withOldToken = await fetch(`${host.origin}/api/call/library.list`, { method: 'POST', headers: { authorization: `Bearer ${oldToken}` }, body: '{"view":"shelf"}' });
      expect(withOldToken.status).toBe(401);

      const reopened = await openLibrary(host);
      await reopened.page.getByRole('listitem', { name: 'The Brave Kettle' }).waitFor();
      await reopened.page.getByRole('listitem', { name: 'A Book To Throw Away' }).waitFor();
      expect(reopened.errors).toEqual([]);
      await reopened.page.close();
    } finally {
      await host.stop();
    }
  });

  it('updates an open window when another window changes the library', async () => {
    const host = await startHostProcess(tempDir());
    try {
      const first = await openLibrary(host);
      const second = await openLibrary(host);
      await first.page.getByLabel('Title').fill('Seen Everywhere');
      await first.page.getByRole('button', { name: 'Create book' }).click();
      await second.page.getByRole('listitem', { name: 'Seen Everywhere' }).waitFor();
      expect([...first.errors, ...second.errors]).toEqual([]);
      await first.page.close();
      await second.page.close();
    } finally {
      await host.stop();
    }
  });
});
