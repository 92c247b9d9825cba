import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../../sync-server/test-support/devices';
import { narrationOf } from '../../sync-server/test-support/narrations';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { expectAccessible } from './support/accessibility';
import { launchBrowser, saveScreenshot } from './support/browser';

describe('a shared book read aloud, in a grandparent’s browser', () => {
  it('plays a page’s narration from "Listen", lighting each word as it is said, under the page’s own strict policy', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const parent = deviceClock();
    const [bookId, read, plain] = [randomUUID(), randomUUID(), randomUUID()];
    const text = 'The little fox ran all the way home.';
    const narration = await narrationOf(text);
    await server.callOverHttp('PUT', `/api/families/${family.id}/assets/${narration.sha256}`, { token: family.parent.token, raw: narration.mp3, contentType: 'audio/mpeg' });
    await server.callOverHttp('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: {
        changes: [
          parent.change('books', bookId, 'title', 'Fox Goes Home'),
          parent.change('pages', read, 'book_id', bookId),
          parent.change('pages', read, 'order_index', 0),
          parent.change('pages', read, 'text_content', text),
          ...Object.entries(narration.fields).map(([column, value]) => parent.change('page_narrations', read, column, value)),
          parent.change('pages', plain, 'book_id', bookId),
          parent.change('pages', plain, 'order_index', 1),
          parent.change('pages', plain, 'text_content', 'Nobody has read this page aloud.'),
        ],
      },
    });
    const link = await server.callOverHttp<{ url: string }>('POST', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token, body: {} });

    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      // A policy violation is logged as an error: the script and the audio must both be allowed, and nothing else asked for.
      // The browser asks for /favicon.ico of its own accord, and the server has none: that is not the page's.
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(link.body.url);
      const listen = page.getByRole('region', { name: 'Page 1' }).getByRole('button', { name: 'Listen to page 1' });
      await listen.waitFor();
      // The script put its button in place of the browser's own controls; a page nobody read has neither.
      expect(await page.locator('audio').evaluateAll((players) => players.map((player) => (player as HTMLAudioElement).controls))).toEqual([false]);
      expect(await page.getByRole('region', { name: 'Page 2' }).getByRole('button').count()).toBe(0);
      await expectAccessible(page, 'shared book read aloud');

      /** Which word is lit (-1 for none), and how it shows. */
      const lit = () =>
        page.evaluate(() => {
          const words = Array.from(document.querySelectorAll('.word'));
          const index = words.findIndex((word) => word.classList.contains('said'));
          const word = words[index];
          return { index, current: word?.getAttribute('aria-current') ?? null, underlined: word ? getComputedStyle(word).textDecorationLine : null, lit: words.filter((each) => each.hasAttribute('aria-current')).length };
        });
      await listen.click();
      await page.getByRole('button', { name: 'Pause page 1' }).waitFor();
      const followed: number[] = [];
      const deadline = Date.now() + 15_000;
      for (let seen = await lit(); followed.length === 0 || seen.index !== -1; seen = await lit()) {
        expect(Date.now(), `the narration never ended; the light was at ${[...new Set(followed)].join(', ')}`).toBeLessThan(deadline);
        if (seen.index >= 0) {
          // One word lit at a time, told by more than colour.
          expect(seen).toMatchObject({ current: 'true', underlined: 'underline', lit: 1 });
          followed.push(seen.index);
          if (followed.length === 10) await saveScreenshot(page, 'shared-book-read-along');
        }
        await page.waitForTimeout(40);
      }
      const words = narration.words.length;
      expect(followed).toEqual([...followed].sort((a, b) => a - b));
      expect(followed[0]).toBeLessThanOrEqual(1);
      expect(followed.at(-1)).toBe(words - 1);
      expect(new Set(followed).size).toBeGreaterThanOrEqual(words - 1);
      // Ended: nothing lit, and "Listen" again.
      await listen.waitFor();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
