import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const bin = path.resolve(import.meta.dirname, '../../../bin/storysprout.js');
const logDir = path.resolve(import.meta.dirname, '../../../test-results/host-logs');

export interface HostProcess {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

/** Runs `storysprout host` as a family would, and reads the link from its first line. */
export async function startHostProcess(dataDir: string): Promise<HostProcess> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'host', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // No key and no provider choice from the developer's shell: the UI tests use the offline provider.
    env: { ...process.env, STORYSPROUT_LOG_LEVEL: 'warn', OPENAI_API_KEY: '', STORYSPROUT_TEXT_PROVIDER: '', STORYSPROUT_IMAGE_PROVIDER: '' },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`storysprout host exited with ${code}: ${stderr}`)));
  });

  return {
    url,
    origin: new URL(url).origin,
    /** Stops the host as Ctrl-C would; a host that does not stop within 10 s fails the test. */
    async stop() {
      // What the host warned of stays beside the screenshots, for a failure to be read afterwards.
      fs.mkdirSync(logDir, { recursive: true });
      fs.writeFileSync(path.join(logDir, `host-${path.basename(dataDir)}.log`), stderr);
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      if (!stopped) {
        child.kill('SIGKILL');
        throw new Error(`storysprout host did not stop within 10 s of SIGTERM: ${stderr.slice(-1000)}`);
      }
    },
  };
}
