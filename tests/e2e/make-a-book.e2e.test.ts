import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawTheBookOnceTheCastIsMet, saveScreenshot, watchForErrors } from './support/browser';
import { browserAndHost } from './support/suite';

const suite = browserAndHost();

async function makeBook(page: Page, idea: string, pages: string) {
  await page.getByRole('link', { name: 'Make a book' }).click();
  await page.getByLabel('What is the story about?').fill(idea);
  await page.getByLabel('Pages').selectOption(pages);
  await page.getByRole('button', { name: 'Make my book' }).click();
  // The family meets the cast first; then the pages are drawn.
  await drawTheBookOnceTheCastIsMet(page);
  await page.getByText('Finished.').waitFor({ timeout: 30_000 });
}

describe('making a book in the window, with no key at all', () => {
  it('makes an offline draft, shows each page as it is ready, and redraws one picture', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    // Every status a page shows while the book is made, as the window draws it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      new MutationObserver(() => {
        document.querySelectorAll('.strip-page .page-status').forEach((status) => seen.push(status.textContent ?? ''));
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await makeBook(page, 'a little fox who collects moonbeams', '4');
    const seen = await page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
    for (const number of [1, 2, 3, 4]) {
      // Each page showed a step of its own making before it was ready.
      expect(seen.some((status) => new RegExp(`^Page ${number} (Drawing|Checking|Getting ready to print)…$`).test(status))).toBe(true);
    }

    await page.getByText('Offline draft').waitFor();
    // The offline writer titles the book from the idea, as a title reads.
    const title = (await page.getByRole('heading', { level: 2 }).textContent())!;
    expect(title).toMatch(/^[A-Z]/);
    expect(title).not.toBe('a little fox who collects moonbeams');
    for (const number of [1, 2, 3, 4]) {
      const card = page.getByRole('listitem', { name: `Page ${number}`, exact: true });
      await card.locator('img').waitFor();
      expect(await card.textContent()).toMatch(/Ready/);
    }
    await saveScreenshot(page, 'book-finished');

    const picture = page.getByRole('listitem', { name: 'Page 2', exact: true }).locator('img');
    const before = await picture.getAttribute('data-sha256');
    await page.getByRole('button', { name: /^Page 2\b/ }).click();
    await page.getByRole('region', { name: 'Page 2' }).getByRole('button', { name: 'New picture' }).click();
    await expect.poll(() => picture.getAttribute('data-sha256'), { timeout: 30_000 }).not.toBe(before);
    await page.getByText('Finished.').waitFor();

    // The print panel: the cover spread, then the title page and the story as they print.
    const preview = page.getByRole('list', { name: 'Print preview' });
    await preview.getByRole('img', { name: /^Cover: back, spine and front: .*by / }).waitFor();
    expect(await preview.getByRole('img').count()).toBe(5);
    await page.getByRole('button', { name: /^Page 1\b/ }).click();
    const firstWords = (await page.getByLabel('Words on page 1').inputValue()).trim().split(/\s+/).slice(0, 3).join(' ');
    await preview.getByRole('img', { name: new RegExp(`^Page 2: ${firstWords}`) }).waitFor();
    await page.getByRole('combobox', { name: 'Size' }).selectOption('7x10');
    await expect.poll(() => preview.locator('svg').nth(1).getAttribute('viewBox')).toBe('0 0 522 738'); // 7.25 × 10.25 in with bleed
    await page.getByRole('combobox', { name: 'Size' }).selectOption('8.5x8.5');

    // Saddle stitching takes pages in fours: the title page, 4 story pages and The End make 6, and 2 are added.
    await page.getByRole('combobox', { name: 'Printed by' }).selectOption('lulu-saddle-stitch');
    await page.getByRole('checkbox', { name: /^Add pages to reach/ }).check();
    await page.getByRole('button', { name: 'Make the PDFs (inside pages and cover)' }).click();
    const saveInterior = page.getByRole('button', { name: /^Save the inside pages: .*\.pdf$/ });
    await saveInterior.waitFor({ timeout: 30_000 });
    await page.getByText(/^2 pages were added\. “This book belongs to” and a blank page were added/).waitFor();
    const printers = await page.getByRole('list', { name: 'Printers' }).textContent();
    // A ✓ resting on rules read elsewhere than Lulu's own pages says so under it.
    expect(printers).toMatch(/✓ Lulu saddle-stitched book\s*Not confirmed on Lulu's own pages, so check before ordering: /);
    expect(printers).toMatch(/✗ Amazon KDP paperback: .*24/);
    expect(printers).toMatch(/– IngramSpark paperback \(not possible from this computer\)|✗ IngramSpark paperback/);
    await saveScreenshot(page, 'book-export');
    for (const [button, pages] of [
      [saveInterior, '8'],
      [page.getByRole('button', { name: /^Save the cover .*\.pdf$/ }), '1'],
    ] as const) {
      const downloading = page.waitForEvent('download');
      await button.click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      expect(execFileSync('pdfinfo', [await download.path()], { encoding: 'utf8' })).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
    }

    await page.getByRole('button', { name: 'Make the booklet' }).click();
    const saveBooklet = page.getByRole('button', { name: /^Save the booklet: .*\.pdf$/ });
    await saveBooklet.waitFor({ timeout: 30_000 });
    const downloadingBooklet = page.waitForEvent('download');
    await saveBooklet.click();
    expect(fs.readFileSync(await (await downloadingBooklet).path()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByRole('listitem', { name: title }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('holds a page whose words cross the limits until a parent looks at it', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    await makeBook(page, 'a knight covered in blood', '4');
    expect(await page.getByRole('listitem', { name: 'Page 1', exact: true }).textContent()).toMatch(/Waiting for a grown-up/);
    expect(await page.getByRole('region', { name: 'Page 1' }).getByRole('note').textContent()).toMatch(/Held for a grown-up: .*went past the family's limits/);

    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Pages for a grown-up to check' }).waitFor();
    await page.getByText(/How pages are checked: Checks words against short lists/).waitFor();
    const item = page.getByRole('listitem', { name: /page 1$/ });
    expect(await item.textContent()).toMatch(/violence/);
    await saveScreenshot(page, 'review');
    await item.getByRole('button', { name: 'It is fine: show it' }).click();
    await page.getByText('Nothing is waiting.').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('never shows a child, not for an instant, the held page a parent left open', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    await page.getByRole('link', { name: 'Family' }).click();
    await page.getByLabel('Name').fill('Ivo');
    await page.getByRole('button', { name: 'Add to the family' }).click();
    await page.getByRole('button', { name: 'Switch to Ivo' }).waitFor();
    await makeBook(page, 'a dragon who bites a knight until he is covered in blood', '4');
    const heldWords = await page.getByLabel('Words on page 1').inputValue();
    expect(heldWords).toMatch(/blood/);
    const bookAddress = page.url();

    // From the moment the parent leaves the book, anything on the screen with the held words is remembered.
    await page.getByRole('link', { name: 'Family' }).click();
    await page.getByRole('button', { name: 'Switch to Ivo' }).waitFor();
    await page.evaluate((words) => {
      const sees = () => document.body.innerText.includes(words) || Array.from(document.querySelectorAll('textarea, input')).some((field) => (field as HTMLInputElement).value.includes(words));
      const watch = window as unknown as { sawHeldWords: boolean };
      watch.sawHeldWords = false;
      new MutationObserver(() => (watch.sawHeldWords ||= sees())).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      const everyFrame = () => {
        watch.sawHeldWords ||= sees();
        requestAnimationFrame(everyFrame);
      };
      everyFrame();
    }, heldWords.slice(0, 40));
    await page.getByRole('button', { name: 'Switch to Ivo' }).click();
    await page.locator('.who').getByText('Ivo').waitFor();
    await page.goto(bookAddress);
    await page.getByRole('listitem', { name: 'Page 1', exact: true }).getByText('Waiting for a grown-up').waitFor();
    await page.getByRole('button', { name: /^Page 1\b/ }).click();
    await page.getByText('A grown-up needs to look at this page first.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { sawHeldWords: boolean }).sawHeldWords)).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
