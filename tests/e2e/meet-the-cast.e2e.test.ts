import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/accessibility';
import { saveScreenshot, watchForErrors } from './support/browser';
import { browserAndHost } from './support/suite';

const suite = browserAndHost();

/**
 * Meeting the cast in Chromium, against the real host with the offline writer and painter: the
 * pause, a portrait drawn again, a look changed, then the book drawn from the portraits. What it
 * does not prove: how a real image model follows the portraits (book-cast.test.ts shows what it is sent).
 */
describe('meeting the cast before the pages are drawn', () => {
  it('shows the cast with their portraits, redraws one, changes a look, then draws the book', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    await page.getByRole('link', { name: 'Make a book' }).click();
    await page.getByLabel('What is the story about?').fill('a penguin who opens a bakery on an iceberg');
    await page.getByLabel('Pages').selectOption('4');
    await page.getByRole('button', { name: 'Make my book' }).click();

    const cast = page.getByRole('region', { name: 'Meet the cast' });
    await cast.waitFor({ timeout: 30_000 });
    const members = cast.getByRole('listitem');
    await expect.poll(() => members.count()).toBeGreaterThanOrEqual(2);
    await members.first().getByRole('img').waitFor();
    await members.nth(1).getByRole('img').waitFor();
    // No page is drawn while the family meets the cast.
    expect(await page.locator('.strip-page img').count()).toBe(0);
    await expectAccessible(page, 'Meet the cast');
    await saveScreenshot(page, 'meet-the-cast');

    // Keep the first, draw the second again.
    const second = members.nth(1);
    const secondName = (await second.getAttribute('aria-label'))!;
    const secondBefore = await second.getByRole('img').getAttribute('data-sha256');
    await second.getByRole('button', { name: `Draw ${secondName} again` }).click();
    await expect.poll(() => second.getByRole('img').getAttribute('data-sha256'), { timeout: 30_000 }).not.toBe(secondBefore);

    // Change how the first one looks: the portrait is drawn again from the new words.
    const first = members.first();
    const firstName = (await first.getAttribute('aria-label'))!;
    const firstBefore = await first.getByRole('img').getAttribute('data-sha256');
    await first.getByRole('button', { name: `Change how ${firstName} looks` }).click();
    const newLook = `a tall purple ${firstName.toLowerCase().includes('penguin') ? 'penguin' : 'friend'}, about six, a green woolly hat, carries a golden whisk`;
    await first.getByLabel(`How ${firstName} looks`).fill(newLook);
    await expectAccessible(page, 'Changing a look');
    await first.getByRole('button', { name: `Save the look and draw ${firstName} again` }).click();
    await first.getByText(newLook).waitFor();
    await expect.poll(() => first.getByRole('img').getAttribute('data-sha256'), { timeout: 30_000 }).not.toBe(firstBefore);
    const firstPortrait = await first.getByRole('img').getAttribute('data-sha256');

    await page.getByRole('button', { name: 'Draw the book' }).click();
    await page.getByText('Finished.').waitFor({ timeout: 30_000 });
    for (const number of [1, 2, 3, 4]) await page.getByRole('listitem', { name: `Page ${number}`, exact: true }).locator('img').waitFor();

    // The cast stays with the book, as it was met.
    const kept = page.getByRole('region', { name: 'The cast' });
    await kept.getByText(newLook).waitFor();
    expect(await kept.getByRole('listitem', { name: firstName }).getByRole('img').getAttribute('data-sha256')).toBe(firstPortrait);
    await page.getByText(/^Reading level: /).waitFor();
    await expectAccessible(page, 'A book with its cast');
    expect(errors).toEqual([]);
    await context.close();
  });
});
