import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';

const bin = path.resolve(import.meta.dirname, '../../bin/storysprout.js');
const LINK = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=[A-Za-z0-9_-]{43}$/;

/** Runs the built `storysprout host` as a family would, its stdout and stderr where the test says. */
function startHost(args: string[], stdio: { stdout: number | 'pipe'; stderr: number | 'pipe' }, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, 'host', '--data-dir', tempDir(), ...args], {
    stdio: ['ignore', stdio.stdout, stdio.stderr],
    // No key from the developer's shell, and the log level the family gets unless a test names one.
    env: { ...process.env, STORYSPROUT_LOG_LEVEL: undefined, OPENAI_API_KEY: '', ...env },
  });
  const piped = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (piped.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (piped.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    piped,
    async waitFor(ready: () => boolean) {
      const deadline = Date.now() + 20_000;
      while (!ready()) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`storysprout host did not get ready: ${JSON.stringify(piped)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Stops it as Ctrl-C would; resolves to its exit code. */
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('storysprout host', () => {
  it('shows its link first on a terminal, where its logs and its output meet, and --port 0 takes any free port', async () => {
    // A terminal shows stdout and stderr together: here both go to one file, in the order written.
    const terminal = path.join(tempDir(), 'terminal.txt');
    const fd = fs.openSync(terminal, 'w');
    const host = startHost(['--port', '0'], { stdout: fd, stderr: fd });
    const firstLine = () => fs.readFileSync(terminal, 'utf8').split('\n')[0]!;
    try {
      await host.waitFor(() => fs.readFileSync(terminal, 'utf8').includes('\n'));
      expect(firstLine()).toMatch(LINK);
      const link = new URL(firstLine());
      expect(Number(link.port)).toBeGreaterThan(0);
      expect((await fetch(link.origin)).status).toBe(200);
    } finally {
      expect(await host.stop()).toBe(0);
      fs.closeSync(fd);
    }
  });

  it('keeps stdout for the link alone, its logs on stderr, even when logging everything', async () => {
    const host = startHost(['--port', '0'], { stdout: 'pipe', stderr: 'pipe' }, { STORYSPROUT_LOG_LEVEL: 'info' });
    await host.waitFor(() => host.piped.stdout.includes('\n') && host.piped.stderr.includes('\n'));
    expect(await host.stop()).toBe(0);
    const link = host.piped.stdout.split('\n')[0]!;
    expect(link).toMatch(LINK);
    expect(host.piped.stdout).toBe(`${link}\n`);
    const logged = host.piped.stderr.trim().split('\n').map((line) => JSON.parse(line) as { name: string });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((line) => line.name === 'storysprout')).toBe(true);
  });
});
