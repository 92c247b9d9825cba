import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; nothing is downloaded. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

export function launchBrowser(options: { microphone?: string } = {}): Promise<Browser> {
  // A microphone that hears this WAV file over and over, allowed without asking.
  const microphone = options.microphone ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${options.microphone}`] : [];
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...microphone],
  });
}

/** Collects what the page logs as errors, and failed requests, so a test can insist on none. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * After "Make my book": the family meets the cast, then asks for the pages. A book that never
 * reaches the cast fails with what the screen said instead, so a slow or stuck step is told apart.
 */
export async function drawTheBookOnceTheCastIsMet(page: Page): Promise<void> {
  const draw = page.getByRole('region', { name: 'Meet the cast' }).getByRole('button', { name: 'Draw the book' });
  try {
    await draw.click({ timeout: 45_000 });
  } catch (error) {
    await saveScreenshot(page, 'cast-never-met');
    const screen = await page.locator('main, body').first().innerText();
    // Asked afresh, does the core say the cast is ready? Then the window missed the news.
    await page.reload();
    const afterReload = await draw.waitFor({ timeout: 5000 }).then(() => 'it showed after a reload: the window missed the change', () => 'not after a reload either');
    throw new Error(`The cast was never ready to meet (${afterReload}). The screen said:\n${screen.slice(0, 3000)}`, { cause: error });
  }
}
