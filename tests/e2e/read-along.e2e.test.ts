import { describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../fakes/openai-server';
import { spawnCli } from '../support/run-cli';
import { suiteTempDir } from '../support/temp-dir';
import { expectAccessible } from './support/accessibility';
import { launchBrowser, saveScreenshot, watchForErrors } from './support/browser';
import { startHostProcess } from './support/host-process';

describe('a narrated book in the reader', () => {
  it('plays each page’s narration with the word being said lit, turning the page when it ends', async () => {
    const dataDir = suiteTempDir();
    const made = spawnCli(['make', '--prompt', 'a fox who collects moonbeams', '--pages', '4', '--no-review', '--json', '--data-dir', dataDir], { OPENAI_API_KEY: '' });
    expect(await made.exited, made.output().stderr).toBe(0);
    const book = JSON.parse(made.output().stdout) as { id: string; title: string; pages: { text: string }[] };
    const server = await fakeOpenAI();
    const narrated = spawnCli(['narrate', book.id, '--voice', 'sage', '--speed', '1.5', '--data-dir', dataDir], { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1` });
    expect(await narrated.exited, narrated.output().stderr).toBe(0);

    const host = await startHostProcess(dataDir);
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      const errors = watchForErrors(page);
      await page.goto(host.url);
      await page.getByRole('link', { name: new RegExp(book.title) }).first().click();
      await page.getByRole('link', { name: 'Read' }).click();
      await page.getByText(`Page 1 of ${book.pages.length}`).waitFor();
      await expect.poll(() => page.getByLabel('Voice').inputValue()).toBe('narration');
      await page.getByText('Read by sage').waitFor();
      await expectAccessible(page, 'reader with narration');

      await page.getByLabel('Speed').selectOption({ label: 'Quick' });
      await page.getByRole('button', { name: 'Read to me' }).click();
      /** The position of the lit word on the page, -1 for none (asked without waiting for one to appear). */
      const lit = () => page.evaluate(() => {
        const word = document.querySelector('.reader-words .spoken');
        return word ? Array.prototype.indexOf.call(word.parentElement!.children, word) : -1;
      });
      // The light follows the voice through page 1, word by word and never back, until the page turns by itself.
      const followed: number[] = [];
      const turned = page.getByText(`Page 2 of ${book.pages.length}`);
      const deadline = Date.now() + 30_000;
      while (!(await turned.isVisible())) {
        followed.push(await lit());
        if (followed.length === 40) await saveScreenshot(page, 'reader-narration');
        expect(Date.now(), `the page never turned; the light was at ${[...new Set(followed)].join(', ')}`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const lights = followed.filter((position) => position >= 0);
      const words = book.pages[0]!.text.split(/\s+/).length;
      expect(lights).toEqual([...lights].sort((a, b) => a - b));
      expect(lights[0]).toBeLessThanOrEqual(2);
      expect(lights.at(-1)).toBeGreaterThanOrEqual(words - 3);
      expect(new Set(lights).size).toBeGreaterThanOrEqual(words / 2);
      // Page 2 is read in its turn.
      await expect.poll(lit, { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
      await page.getByRole('button', { name: 'Stop reading' }).click();
      await expect.poll(lit).toBe(-1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await host.stop();
    }
  }, 120_000);
});
