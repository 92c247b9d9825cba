import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/accessibility';
import { drawTheBookOnceTheCastIsMet, saveScreenshot, watchForErrors } from './support/browser';
import { browserAndHost } from './support/suite';

const suite = browserAndHost();

describe('the back cover', () => {
  it('shows the words StorySprout wrote for it, saves a change as it is typed, and keeps it after a reload', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    await page.getByRole('link', { name: 'Make a book' }).click();
    await page.getByLabel('What is the story about?').fill('a snail who races the rain');
    await page.getByLabel('Pages').selectOption('4');
    await page.getByRole('button', { name: 'Make my book' }).click();
    // The family meets the cast first; then the pages are drawn.
    await drawTheBookOnceTheCastIsMet(page);
    await page.getByText('Finished.').waitFor({ timeout: 30_000 });

    const backCover = page.getByRole('region', { name: 'The back cover' });
    const words = backCover.getByLabel('Words for the back cover');
    const written = await words.inputValue();
    // The offline writer's blurb is about the book's hero, never the idea as typed.
    const hero = await page.getByRole('region', { name: 'The cast' }).getByRole('listitem').first().getAttribute('aria-label');
    expect(written).toContain(hero);
    expect(written).not.toContain('a snail who races the rain');
    await backCover.getByText(`${written.length} of 400 characters`).waitFor();
    await expectAccessible(page, 'book, back cover');

    const blurb = 'Snail has never won a race. Today the rain is falling, and every drop is a reason to hurry. A gentle story to read together.';
    const saveState = backCover.getByRole('status');
    await words.fill(blurb);
    await expect.poll(() => saveState.textContent()).toBe('Editing…');
    await expect.poll(() => saveState.textContent()).toBe('Saved');
    await backCover.getByText(`${blurb.length} of 400 characters`).waitFor();
    await saveScreenshot(page, 'book-back-cover');

    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'The back cover' }).getByLabel('Words for the back cover').inputValue()).toBe(blurb);
    expect(errors).toEqual([]);
    await context.close();
  });
});
