import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMp3 } from '../../src-main/narration/audio';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { fakeOpenAI, fakeSpeech } from '../fakes/openai-server';
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

  it('records two pages with the microphone, listened back and kept, plays them in the reader, and in the share link a grandparent opens', async () => {
    const dataDir = suiteTempDir();
    const made = spawnCli(['make', '--prompt', 'a hedgehog who learns to swim', '--pages', '4', '--no-review', '--json', '--data-dir', dataDir], { OPENAI_API_KEY: '' });
    expect(await made.exited, made.output().stderr).toBe(0);
    const book = JSON.parse(made.output().stdout) as { id: string; title: string; pages: { text: string }[] };
    // Grandpa's voice, as the microphone will hear it: the first page read aloud, then quiet.
    const reading = await decodeMp3((await fakeSpeech(book.pages[0]!.text, { speed: 2 })).mp3);
    const microphone = path.join(dataDir, 'grandpa.wav');
    fs.writeFileSync(microphone, wav(reading.samples, reading.sampleRate, { quietAfterMs: 1500 }));

    const host = await startHostProcess(dataDir);
    const browser = await launchBrowser({ microphone });
    try {
      const page = await (await browser.newContext()).newPage();
      const errors = watchForErrors(page);
      await page.goto(host.url);
      await page.getByRole('link', { name: book.title }).first().click();
      const panel = page.getByRole('region', { name: 'Read aloud' });
      for (const number of [1, 2]) {
        await panel.getByRole('button', { name: `Record page ${number}` }).click();
        const recorder = panel.getByRole('region', { name: `Read page ${number} aloud` });
        await recorder.getByRole('button', { name: 'Start recording' }).click();
        await recorder.getByRole('meter', { name: 'How loud the microphone hears you' }).waitFor();
        await expect.poll(() => recorder.getByRole('meter').getAttribute('value').then(Number), { timeout: 5000 }).toBeGreaterThan(0.01);
        if (number === 1) await expectAccessible(page, 'recording a page');
        // A few seconds of Grandpa's reading are plenty to keep, time and follow.
        await page.waitForTimeout(Math.min(reading.durationMs, 4000));
        await recorder.getByRole('button', { name: 'Stop recording' }).click();
        await recorder.getByLabel(`Your reading of page ${number}`).waitFor();
        await recorder.getByRole('button', { name: 'Keep this reading' }).click();
        await panel.getByText(`Page ${number}: read by Parent`).waitFor({ timeout: 20_000 });
      }
      await saveScreenshot(page, 'narration-panel');

      await page.getByRole('link', { name: 'Read' }).click();
      await page.getByText('Read by Parent').waitFor();
      await page.getByRole('button', { name: 'Read to me' }).click();
      const lit = () =>
        page.evaluate(() => {
          const word = document.querySelector('.reader-words .spoken');
          return word ? Array.prototype.indexOf.call(word.parentElement!.children, word) : -1;
        });
      await expect.poll(lit, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await page.getByRole('button', { name: 'Stop reading' }).click();

      // Into a family on a sync server, then a read-only link for a grandparent: it plays the recording there.
      const server = await testSyncServer();
      const serverUrl = await server.listen();
      await page.getByRole('link', { name: 'Close the book' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      const sync = page.getByRole('region', { name: 'Family sync' });
      await sync.getByLabel('Server address').fill(serverUrl);
      await sync.getByLabel('Email').fill('amara@example.com');
      await sync.getByLabel('Password').fill('correct horse battery');
      await sync.getByRole('checkbox', { name: 'Create an account' }).check();
      await sync.getByLabel('Full name').fill('Amara Okafor');
      await sync.getByRole('button', { name: 'Create the account' }).click();
      await sync.getByLabel('Family name').fill('The Okafors');
      await sync.getByRole('button', { name: 'Make the family' }).click();
      await sync.getByText('The Okafors · Grown-up').waitFor();
      await sync.getByRole('button', { name: 'Sync now' }).click();
      await sync.getByText('Synced', { exact: true }).waitFor({ timeout: 20_000 });
      await page.getByRole('link', { name: 'Library', exact: true }).click();
      await page.getByRole('link', { name: book.title }).first().click();
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      const share = page.getByRole('region', { name: `Share ${book.title}` });
      await share.getByRole('button', { name: 'Share a read-only link' }).click();
      const link = await share.getByLabel('Read-only link').inputValue();

      const grandparent = await (await browser.newContext()).newPage();
      await grandparent.goto(link);
      const listen = grandparent.getByRole('region', { name: 'Page 1' }).getByRole('button', { name: 'Listen to page 1' });
      await listen.waitFor();
      await expectAccessible(grandparent, 'shared book with recorded narration');
      await listen.click();
      const litThere = () => grandparent.evaluate(() => Array.from(document.querySelectorAll('.word')).findIndex((word) => word.classList.contains('said')));
      await expect.poll(litThere, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await host.stop();
    }
  }, 150_000);
});

/** A mono 16-bit WAV of these samples, with quiet after them (the fake microphone plays the file in a loop). */
function wav(samples: Float32Array, sampleRate: number, options: { quietAfterMs: number }): Buffer {
  const count = samples.length + Math.round((options.quietAfterMs / 1000) * sampleRate);
  const file = Buffer.alloc(44 + count * 2);
  file.write('RIFF', 0, 'ascii');
  file.writeUInt32LE(36 + count * 2, 4);
  file.write('WAVEfmt ', 8, 'ascii');
  file.writeUInt32LE(16, 16);
  file.writeUInt16LE(1, 20);
  file.writeUInt16LE(1, 22);
  file.writeUInt32LE(sampleRate, 24);
  file.writeUInt32LE(sampleRate * 2, 28);
  file.writeUInt16LE(2, 32);
  file.writeUInt16LE(16, 34);
  file.write('data', 36, 'ascii');
  file.writeUInt32LE(count * 2, 40);
  samples.forEach((sample, index) => file.writeInt16LE(Math.round(Math.max(-1, Math.min(1, sample)) * 32767), 44 + index * 2));
  return file;
}
