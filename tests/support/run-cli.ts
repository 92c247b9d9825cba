import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../src-main/cli/main';

/** `storysprout …` in this process, with what it printed and its exit code. */
export async function storysprout(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), errIsTty: false });
  return { code, out, err };
}

const bin = path.resolve(import.meta.dirname, '../../bin/storysprout.js');

/** `storysprout …` as a process of its own (the built app: `electron-vite build` first), to be killed as a family's computer may kill it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}
