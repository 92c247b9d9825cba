import { runCli } from '../../src-main/cli/main';

/** `storysprout …` in this process, with what it printed and its exit code. */
export async function storysprout(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text), errIsTty: false });
  return { code, out, err };
}
