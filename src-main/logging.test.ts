import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/support/temp-dir';
import { createFileLogger } from './logging';

const logFiles = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.log')).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

describe('the app’s log files', () => {
  it('holds every line as soon as it is logged, as JSON, with keys and PINs hidden', async () => {
    const dir = path.join(tempDir(), 'logs');
    const log = await createFileLogger({ dir, alsoToStderr: false });
    log.info({ settings: { apiKey: 'sk-live-123' }, attempt: { pin: '4321' } }, 'a book was started');
    // No flush and no close: a line logged just before a crash is already in the file.
    const lines = fs.readFileSync(path.join(dir, 'storysprout.1.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 30, name: 'storysprout', msg: 'a book was started', settings: { apiKey: '[Redacted]' }, attempt: { pin: '[Redacted]' } })]);
  });

  it('starts a new file past its size and keeps only the newest few, this run’s and earlier runs’', async () => {
    const dir = tempDir();
    // An earlier run's files, numbered as these are.
    for (const number of [1, 2, 3]) fs.writeFileSync(path.join(dir, `storysprout.${number}.log`), '{"msg":"an earlier run"}\n');
    const log = await createFileLogger({ dir, alsoToStderr: false, fileBytes: 1024, oldFilesKept: 2 });
    for (let line = 0; line < 60; line++) {
      log.info({ line, words: 'x'.repeat(100) }, 'making a picture');
      // Rolling over and removing old files happen between writes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));

    const files = logFiles(dir);
    expect(files.length).toBe(3);
    expect(Number(files.at(-1)!.split('.')[1])).toBeGreaterThan(4);
    for (const name of files) expect(fs.statSync(path.join(dir, name)).size).toBeLessThan(1024 + 200);
    expect(files.map((name) => fs.readFileSync(path.join(dir, name), 'utf8')).join('')).not.toContain('an earlier run');
  });
});
