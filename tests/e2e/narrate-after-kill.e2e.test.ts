import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fakeOpenAI } from '../fakes/openai-server';
import { until } from '../support/generation-harness';
import { spawnCli as run } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

function narrated(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select page_id from page_narrations').all() as { page_id: string }[]).map((row) => row.page_id);
  } finally {
    db.close();
  }
}

describe('a narration interrupted by SIGKILL', () => {
  it('finishes when asked again, and no page whose reading had arrived is paid for again', async () => {
    const dataDir = tempDir();
    const made = run(['make', '--prompt', 'a fox who collects moonbeams', '--pages', '8', '--no-review', '--json', '--data-dir', dataDir], { OPENAI_API_KEY: '' });
    expect(await made.exited, made.output().stderr).toBe(0);
    const book = JSON.parse(made.output().stdout) as { id: string; pages: { text: string }[] };

    const server = await fakeOpenAI();
    // Two pages are read and timed; the next two are read (and paid for), then their timing never comes back.
    server.script('transcriptions', { delayMs: 0 }, { delayMs: 0 }, { hang: true }, { hang: true });
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1`, STORYSPROUT_LEASE_MS: '1500' };
    const narrate = run(['narrate', book.id, '--data-dir', dataDir], env);
    await until(() => server.requestsTo('/v1/audio/transcriptions').length >= 4, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; narrate said: ${narrate.output().stderr.slice(-2000)}`);
    });
    narrate.child.kill('SIGKILL');
    expect(await narrate.exited).toBeNull();
    const database = path.join(dataDir, 'library.sqlite');
    expect(narrated(database)).toHaveLength(2);
    expect(server.requestsTo('/v1/audio/speech')).toHaveLength(4);

    const again = run(['narrate', book.id, '--data-dir', dataDir], env);
    expect(await again.exited, again.output().stderr).toBe(0);
    expect(again.output().stdout.trim().split('\n')).toEqual(book.pages.map((_, index) => expect.stringMatching(new RegExp(`^Page ${index + 1}: read by coral, \\d+\\.\\d s, \\d+ words timed$`))));
    expect(narrated(database)).toHaveLength(8);
    // Each page's words were sent to the speech service once, over both runs.
    const spoken = server.requestsTo('/v1/audio/speech').map((request) => (request.body as { input: string }).input);
    expect(spoken.sort()).toEqual([...new Set(book.pages.map((page) => page.text))].sort());
  }, 90_000);
});
