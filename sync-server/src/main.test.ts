import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm run sync-server', () => {
  // Started as a family's helper would start it: SQLite under DATA_DIR, nothing else to install.
  it.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('starts with nothing but a data folder, answers, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { cwd: root, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const address = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`the sync server exited with ${code}`)));
    });
    expect(await (await fetch(`${address}/readyz`)).json()).toEqual({ ok: true, database: 'sqlite' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('refuses to start on a wrong setting, and says which', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { cwd: root, env: { ...process.env, PORT: 'eighty', DATA_DIR: tempDir() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).not.toBe(0);
    expect(stderr).toMatch(/The sync server's settings are wrong: PORT: /);
  });
});
