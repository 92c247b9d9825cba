import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/support/temp-dir';

const root = path.resolve(import.meta.dirname, '../..');
const serverPackage = path.join(root, 'sync-server');

/** Starts the server as `command` does, with nothing but a data folder, and waits for it to listen. */
async function startServer(command: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(command[0]!, command.slice(1), { cwd, env: { ...process.env, PORT: '0', DATA_DIR: tempDir(), LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`the sync server exited with ${code}: ${stderr}`)));
  });
  return { address, stop: () => (child.kill('SIGTERM'), exited) };
}

describe('npm run sync-server', () => {
  // Started as a family's helper would start it: SQLite under DATA_DIR, nothing else to install.
  it.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('starts with nothing but a data folder, answers, and stops cleanly on SIGTERM', async () => {
    const server = await startServer([process.execPath, '--import', 'tsx', 'sync-server/src/main.ts'], root, {});
    expect(await (await fetch(`${server.address}/readyz`)).json()).toEqual({ ok: true, database: 'sqlite' });
    expect(await server.stop()).toBe(0);
  });

  it.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('refuses to start on a wrong setting, and says which', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { cwd: root, env: { ...process.env, PORT: 'eighty', DATA_DIR: tempDir() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).not.toBe(0);
    expect(stderr).toMatch(/The sync server's settings are wrong: PORT: /);
  });
});

describe('the production build', () => {
  it.skipIf(Boolean(process.env.SYNC_TEST_DATABASE_URL))('builds to JavaScript that its start script runs with plain node, the shared rules bundled in', async () => {
    await promisify(execFile)('npm', ['run', 'build', '-w', '@storysprout/sync-server'], { cwd: root });
    // The container has no shared/ folder to load them from.
    expect(fs.readFileSync(path.join(serverPackage, 'dist/main.js'), 'utf8')).not.toMatch(/from ["']@storysprout\//);
    // The start script's own command, without npm in between, so SIGTERM reaches the server as a
    // service manager or a container sends it. No loader: TypeScript at run time would fail here.
    const { scripts } = JSON.parse(fs.readFileSync(path.join(serverPackage, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const server = await startServer(scripts.start.split(' '), serverPackage, { NODE_OPTIONS: '' });
    expect(await (await fetch(`${server.address}/readyz`)).json()).toEqual({ ok: true, database: 'sqlite' });
    expect(await server.stop()).toBe(0);
  });
});
