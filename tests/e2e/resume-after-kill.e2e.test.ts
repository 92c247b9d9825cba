import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fakeOpenAI, promptOf } from '../fakes/openai-server';
import { fakeAutomatic1111 } from '../fakes/stable-diffusion-servers';
import { until } from '../support/generation-harness';
import { spawnCli as run } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

function pictureState(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select id, illustration_brief as brief, image_asset_sha256 as image, generate_status as status from pages where deleted = 0 order by order_index').all() as {
      id: string;
      brief: string;
      image: string | null;
      status: string;
    }[];
  } finally {
    db.close();
  }
}

describe('a book interrupted by SIGKILL', () => {
  it('finishes with `resume`, and no picture is requested again once it had succeeded', async () => {
    const server = await fakeAutomatic1111({ latencyMs: 400 });
    const dataDir = tempDir();
    const env = { STORYSPROUT_IMAGE_PROVIDER: 'automatic1111', STORYSPROUT_AUTOMATIC1111_URL: server.url, STORYSPROUT_LEASE_MS: '1500' };
    const database = path.join(dataDir, 'library.sqlite');

    const make = run(['make', '--prompt', 'a fox who collects moonbeams', '--pages', '12', '--no-review', '--data-dir', dataDir], env);
    await until(() => {
      try {
        const pages = pictureState(database);
        const drawn = pages.filter((page) => page.image !== null).length;
        return drawn >= 3 && drawn < pages.length;
      } catch {
        return false;
      }
    }, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; make said: ${make.output().stderr.slice(-2000)}`);
    });
    make.child.kill('SIGKILL');
    expect(await make.exited).toBeNull();

    const beforeResume = pictureState(database);
    const drawnBeforeKill = beforeResume.filter((page) => page.image !== null);
    expect(drawnBeforeKill.length).toBeGreaterThanOrEqual(3);
    expect(drawnBeforeKill.length).toBeLessThan(12);
    const requestsBeforeResume = server.requestsTo('/sdapi/v1/txt2img').length;

    const resume = run(['resume', '--data-dir', dataDir], env);
    const code = await resume.exited;
    expect(code, resume.output().stderr).toBe(0);
    expect(resume.output().stdout).toMatch(/^Made “.*” \(offline draft\), 12 pages: /);

    const after = pictureState(database);
    expect(after.every((page) => page.status === 'complete' && page.image !== null)).toBe(true);
    // Pages already drawn keep their picture, and were never asked for again.
    for (const page of drawnBeforeKill) expect(after.find((row) => row.id === page.id)!.image).toBe(page.image);
    // Pages share the book's seed (this painter cannot follow portraits), so a page is known by its brief in the prompt.
    const promptsOf = (requests: { body: unknown }[]) => requests.map((request) => (request.body as { prompt: string }).prompt);
    const resumedPrompts = promptsOf(server.requestsTo('/sdapi/v1/txt2img').slice(requestsBeforeResume));
    for (const page of drawnBeforeKill) expect(resumedPrompts.filter((prompt) => prompt.includes(`Scene: ${page.brief}.`))).toEqual([]);
    // A picture that arrived just before the kill came from the cache, so resume may ask for fewer.
    expect(resumedPrompts.length).toBeLessThanOrEqual(12 - drawnBeforeKill.length);
    const everSent = promptsOf(server.requestsTo('/sdapi/v1/txt2img'));
    for (const page of after) expect(everSent.some((prompt) => prompt.includes(`Scene: ${page.brief}.`))).toBe(true);
  }, 60_000);

  it('loses no portrait when killed between the cast and the pages: resume draws the pages from the portraits already drawn', async () => {
    const server = await fakeOpenAI();
    // The first page call waits, so the kill lands once every portrait is kept and before any page is.
    server.script('edits', { hang: true });
    const dataDir = tempDir();
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1`, STORYSPROUT_LEASE_MS: '1500' };
    const portraits = () => server.requests.filter((request) => request.url.startsWith('/v1/images/') && promptOf(request.body).includes('character reference sheet'));

    const make = run(['make', '--prompt', 'a hedgehog who learns to swim', '--pages', '4', '--no-review', '--data-dir', dataDir], env);
    await until(() => server.requestsTo('/v1/images/edits').length > 0, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; make said: ${make.output().stderr.slice(-2000)}`);
    });
    make.child.kill('SIGKILL');
    expect(await make.exited).toBeNull();
    expect(portraits()).toHaveLength(2);
    const castBefore = castState(path.join(dataDir, 'library.sqlite'));
    expect(castBefore.every((member) => member.portrait !== null)).toBe(true);

    const resume = run(['resume', '--data-dir', dataDir], env);
    expect(await resume.exited, resume.output().stderr).toBe(0);
    expect(resume.output().stdout).toMatch(/^Made “The Hedgehog Who Swam”, 4 pages: /);
    expect(portraits()).toHaveLength(2);
    expect(castState(path.join(dataDir, 'library.sqlite'))).toEqual(castBefore);
    expect(pictureState(path.join(dataDir, 'library.sqlite')).every((page) => page.status === 'complete')).toBe(true);
  }, 60_000);
});

function castState(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select name, portrait_asset_sha256 as portrait from book_cast where deleted = 0 order by order_index').all() as { name: string; portrait: string | null }[];
  } finally {
    db.close();
  }
}
