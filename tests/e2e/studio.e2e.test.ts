import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { drawTheBookOnceTheCastIsMet, saveScreenshot, watchForErrors } from './support/browser';
import { browserAndHost } from './support/suite';

const suite = browserAndHost();

interface FakeSpeechWindow {
  spoken: { text: string; rate: number; voice: string | null }[];
  speaking: SpeechSynthesisUtterance | null;
}

/**
 * The Web Speech API as a computer with one voice offers it, run in the page before the app: it
 * records what it is asked to say, and the test plays the voice's word and end events.
 */
function installFakeSpeech() {
  const fake = window as unknown as FakeSpeechWindow;
  fake.spoken = [];
  fake.speaking = null;
  class FakeUtterance {
    rate = 1;
    voice: { voiceURI: string } | null = null;
    onboundary: ((event: SpeechSynthesisEvent) => void) | null = null;
    onend: ((event: SpeechSynthesisEvent) => void) | null = null;
    constructor(readonly text: string) {}
  }
  const voice = { voiceURI: 'fake-voice', name: 'Story Voice', lang: 'en-GB', default: true, localService: true };
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance });
  Object.defineProperty(window, 'speechSynthesis', {
    value: {
      getVoices: () => [voice],
      speak(utterance: FakeUtterance) {
        fake.spoken.push({ text: utterance.text, rate: utterance.rate, voice: utterance.voice?.voiceURI ?? null });
        fake.speaking = utterance as unknown as SpeechSynthesisUtterance;
      },
      cancel() {
        fake.speaking = null;
      },
      addEventListener() {},
      removeEventListener() {},
    },
  });
}

/** A page in a context of its own, as axe-core needs. */
async function newPage(viewport: { width: number; height: number }) {
  const context = await suite.browser.newContext({ viewport });
  return context.newPage();
}

async function openNewBook(page: Page, idea: string) {
  await page.getByRole('link', { name: 'Make a book' }).click();
  await page.getByLabel('What is the story about?').fill(idea);
  await page.getByLabel('Pages').selectOption('4');
  await page.getByRole('button', { name: 'Make my book' }).click();
  // The family meets the cast first; then the pages are drawn.
  await drawTheBookOnceTheCastIsMet(page);
  await page.getByText('Finished.').waitFor({ timeout: 30_000 });
}

const stripOrder = (page: Page) => page.getByRole('list', { name: 'Pages' }).locator('img').evaluateAll((images) => images.map((image) => image.getAttribute('data-sha256')));

describe('the book studio', () => {
  it('edits a page with autosave, undo and history, reorders pages by keyboard and by drag, and reads the book', async () => {
    const page = await newPage({ width: 1024, height: 700 });
    const errors = watchForErrors(page);
    await page.addInitScript(installFakeSpeech);
    await page.goto(suite.host.url);
    await expectAccessible(page, 'library');
    await saveScreenshot(page, 'library');
    await page.getByRole('link', { name: 'Make a book' }).click();
    await expectAccessible(page, 'new book');
    await saveScreenshot(page, 'new-book');
    await openNewBook(page, 'a hedgehog who learns to swim');
    await expectAccessible(page, 'book');
    const storyTitle = (await page.getByRole('heading', { level: 2 }).textContent())!;
    await page.getByRole('button', { name: `Rename ${storyTitle}` }).click();
    await page.getByLabel(`New title for ${storyTitle}`).fill('Hedgehog Swims');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Hedgehog Swims' }).waitFor();

    // Edit, wait for the save, reload: still there.
    await page.getByRole('button', { name: /^Page 2\b/ }).click();
    const words = page.getByLabel('Words on page 2');
    const original = await words.inputValue();
    const saveState = page.getByRole('region', { name: 'Page 2' }).getByRole('status');
    await words.fill('The hedgehog splashed in the pond.');
    await expect.poll(() => saveState.textContent()).toBe('Editing…');
    await expect.poll(() => saveState.textContent()).toBe('Saved');
    await page.reload();
    await page.getByRole('button', { name: /^Page 2\b/ }).click();
    expect(await page.getByLabel('Words on page 2').inputValue()).toBe('The hedgehog splashed in the pond.');

    // Undo and redo, from the buttons and the keyboard.
    const reloaded = page.getByLabel('Words on page 2');
    await reloaded.click();
    await reloaded.press('End');
    await reloaded.pressSequentially(' Splash!');
    expect(await reloaded.inputValue()).toBe('The hedgehog splashed in the pond. Splash!');
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await reloaded.inputValue()).toBe('The hedgehog splashed in the pond.');
    await reloaded.press('Control+Shift+Z');
    expect(await reloaded.inputValue()).toBe('The hedgehog splashed in the pond. Splash!');
    await saveState.filter({ hasText: 'Saved' }).waitFor();

    // Bring back the words StorySprout wrote.
    await page.getByText('Earlier versions').click();
    const versions = page.getByRole('list', { name: 'Earlier versions' });
    // The newest version StorySprout wrote (its picture may have come as a version of its own).
    const written = versions.getByRole('listitem').filter({ hasText: 'Written by StorySprout' }).first();
    await written.getByRole('button', { name: /^Bring back version/ }).click();
    await expect.poll(() => page.getByLabel('Words on page 2').inputValue()).toBe(original);
    await versions.getByText('Brought back').waitFor();
    await saveScreenshot(page, 'book-editor');

    // Reorder: page 1 moved one place on with the keyboard, then dragged back.
    const before = await stripOrder(page);
    const handle = page.getByRole('button', { name: 'Move page 1' });
    await handle.focus();
    await page.keyboard.press('Space');
    await page.getByText('Page 1 would go to place 1.').waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('Page 1 would go to place 2.').waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await expect.poll(() => stripOrder(page)).toEqual([before[1], before[0], before[2], before[3]]);
    await page.reload();
    await expect.poll(() => stripOrder(page)).toEqual([before[1], before[0], before[2], before[3]]);
    const from = await page.getByRole('button', { name: 'Move page 2' }).boundingBox();
    const to = await page.getByRole('button', { name: 'Move page 1' }).boundingBox();
    await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
    await page.mouse.down();
    await page.mouse.move(from!.x - 20, from!.y + 10, { steps: 5 });
    await page.mouse.move(to!.x + to!.width / 2 - 60, to!.y + to!.height / 2, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => stripOrder(page)).toEqual(before);

    // Read: aloud with the word being read lit up, turning pages by itself; then by keyboard and swipe.
    await page.getByRole('button', { name: /^Page 1\b/ }).click();
    const firstPage = await page.getByLabel('Words on page 1').inputValue();
    await page.getByRole('link', { name: 'Read' }).click();
    await page.getByText('Page 1 of 4').waitFor();
    await expectAccessible(page, 'reader');
    await page.getByLabel('Voice').selectOption({ label: 'Story Voice (en-GB)' });
    await page.getByLabel('Speed').selectOption({ label: 'Slow' });
    await page.getByRole('button', { name: 'Read to me' }).click();
    const spoken = () => page.evaluate(() => (window as unknown as FakeSpeechWindow).spoken);
    const [first] = await spoken();
    expect(first).toMatchObject({ rate: 0.7, voice: 'fake-voice' });
    expect(first!.text).toBe(firstPage);
    const third = first!.text.split(' ').slice(0, 2).join(' ').length + 1;
    await page.evaluate((charIndex) => (window as unknown as FakeSpeechWindow).speaking!.onboundary!({ name: 'word', charIndex } as SpeechSynthesisEvent), third);
    await expect.poll(() => page.locator('.reader-words .spoken').textContent()).toBe(`${first!.text.split(' ')[2]} `);
    await saveScreenshot(page, 'reader');
    await page.evaluate(() => (window as unknown as FakeSpeechWindow).speaking!.onend!({} as SpeechSynthesisEvent));
    await page.getByText('Page 2 of 4').waitFor();
    expect((await spoken()).length).toBe(2);
    await page.getByRole('button', { name: 'Stop reading' }).click();
    await page.keyboard.press('ArrowRight');
    await page.getByText('Page 3 of 4').waitFor();
    const sheet = (await page.locator('.reader-page').boundingBox())!;
    await page.mouse.move(sheet.x + sheet.width * 0.3, sheet.y + sheet.height / 2);
    await page.mouse.down();
    await page.mouse.move(sheet.x + sheet.width * 0.7, sheet.y + sheet.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByText('Page 2 of 4').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Page 1\b/ }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps a child out of settings and moderation, and asks for the parent PIN to switch back', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Make a backup now' }).click();
    const backups = page.getByRole('list', { name: 'Backups' });
    await backups.getByRole('listitem').first().waitFor();
    await backups.getByRole('button', { name: /^Bring back the backup from/ }).first().click();
    await page.getByRole('status').filter({ hasText: /will be brought back the next time StorySprout starts/ }).waitFor();
    await page.getByRole('button', { name: 'Keep the library as it is' }).click();
    await page.getByRole('status').filter({ hasText: /will be brought back/ }).waitFor({ state: 'detached' });
    await expectAccessible(page, 'settings');
    await saveScreenshot(page, 'settings');
    await page.getByRole('button', { name: 'Dark', pressed: false }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expectAccessible(page, 'settings, dark');
    await saveScreenshot(page, 'settings-dark');
    await page.reload();
    await page.getByRole('button', { name: 'Dark', pressed: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'When to hold a page' }).waitFor();
    await expectAccessible(page, 'review');
    await page.getByLabel('Fighting and violence').fill('0.2');
    await page.getByRole('button', { name: 'Save the limits' }).click();
    await page.getByText('Saved. New pages are checked with these limits.').waitFor();

    await page.getByRole('link', { name: 'Family' }).click();
    const me = page.getByRole('listitem', { name: 'Parent' });
    await me.getByRole('button', { name: 'Set a PIN for Parent' }).click();
    await me.getByLabel('New PIN for Parent (4 to 8 digits)').fill('2468');
    await me.getByRole('button', { name: 'Save PIN' }).click();
    await me.getByText('has a PIN').waitFor();
    const add = page.getByRole('form', { name: 'Add someone to the family' });
    await add.getByLabel('Name').fill('Mia');
    await add.getByRole('button', { name: 'Add to the family' }).click();
    await page.getByRole('listitem', { name: 'Mia' }).getByRole('button', { name: 'Switch to Mia' }).click();
    await page.getByText('At the computer now: Mia').waitFor();
    await expectAccessible(page, 'family');
    await saveScreenshot(page, 'family-child');

    // A child sees no way to settings or moderation, and is turned away by address too.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Review' }).count()).toBe(0);
    for (const screen of ['settings', 'review']) {
      await page.goto(`${new URL(suite.host.url).origin}/#/${screen}`);
      await page.getByRole('heading', { name: 'This part is for grown-ups' }).waitFor();
    }

    // Back to the parent: the PIN is asked for, and a wrong one is refused.
    await page.getByRole('link', { name: 'Family' }).click();
    const parent = page.getByRole('listitem', { name: 'Parent' });
    await parent.getByRole('button', { name: 'Switch to Parent' }).click();
    await parent.getByLabel('PIN for Parent').fill('1111');
    await parent.getByRole('button', { name: 'Switch to Parent' }).click();
    await parent.getByRole('alert').waitFor();
    expect(await page.getByText('At the computer now: Mia').count()).toBe(1);
    await parent.getByLabel('PIN for Parent').fill('2468');
    await parent.getByRole('button', { name: 'Switch to Parent' }).click();
    await page.getByText('At the computer now: Parent').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('makes a character with a cropped picture, puts them in a new book in a chosen style, and finds books by title', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    const errors = watchForErrors(page);
    await page.goto(suite.host.url);
    await page.getByRole('link', { name: 'Characters' }).click();
    await page.getByRole('button', { name: 'New character' }).click();
    const form = page.getByRole('form', { name: 'New character' });
    await form.getByLabel('Name').fill('Pip the Fox');
    await form.getByLabel('What they are like (commas between)').fill('orange fur, green scarf');
    // A photo's worth of detail, so the cropped picture is far over what a keepalive request may carry.
    const noise = Buffer.from(Array.from({ length: 800 * 600 * 3 }, (_, index) => (index * 2654435761) >>> 24));
    const photo = await sharp(noise, { raw: { width: 800, height: 600, channels: 3 } }).jpeg().toBuffer();
    await form.getByLabel('Choose a picture').setInputFiles({ name: 'pip.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.getByLabel('Zoom').fill('1.5');
    await expectAccessible(page, 'characters, cropping');
    await saveScreenshot(page, 'characters-crop');
    await form.getByRole('button', { name: 'Use this picture' }).click();
    await form.getByRole('img', { name: 'The new picture' }).waitFor();
    await form.getByRole('button', { name: 'Save character' }).click();
    const card = page.getByRole('listitem', { name: 'Pip the Fox' });
    await card.getByRole('img', { name: 'Picture of Pip the Fox' }).waitFor();
    expect(await card.getByRole('list', { name: 'What Pip the Fox is like' }).textContent()).toBe('orange furgreen scarf');
    await expectAccessible(page, 'characters');
    await saveScreenshot(page, 'characters');

    await page.getByRole('link', { name: 'Make a book' }).click();
    await page.getByLabel('What is the story about?').fill('a fox who paints the sky');
    await page.getByLabel('Pages').selectOption('4');
    await page.getByRole('radio', { name: 'Crayon' }).check();
    await page.getByRole('checkbox', { name: 'Pip the Fox' }).check();
    await page.getByLabel('Language').selectOption('es');
    await saveScreenshot(page, 'new-book-filled');
    await page.getByRole('button', { name: 'Make my book' }).click();
    // The family meets the cast first; then the pages are drawn.
    await drawTheBookOnceTheCastIsMet(page);
    await page.getByText('Finished.').waitFor({ timeout: 30_000 });

    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByLabel('Find a book').fill('paints');
    await expect.poll(() => page.getByRole('list', { name: 'Books' }).getByRole('listitem').count()).toBe(1);
    await page.getByLabel('Find a book').fill('no such words');
    await page.getByText('No book has “no such words” in its title.').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
