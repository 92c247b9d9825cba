import { describe, expect, it } from 'vitest';
import { localMailbox } from '../../sync-server/test-support/mailbox';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { storysprout } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

describe('storysprout login, family, sync and share', () => {
  it('signs up, makes a family, syncs a book to another folder, and prints a link that opens it', async () => {
    const server = await testSyncServer();
    const url = await server.listen();
    const [home, grandma] = [tempDir(), tempDir()];
    process.env.STORYSPROUT_PASSWORD = 'correct horse battery';

    expect(await storysprout('sync', '--data-dir', home)).toMatchObject({ code: 1, err: expect.stringMatching(/Sign in to a sync server first/) });
    expect(await storysprout('login', '--server', url, '--email', 'tom@example.com', '--signup', '--name', 'Tom', '--data-dir', home)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Signed in as tom@example.com[\s\S]*in no family yet/),
    });
    expect((await storysprout('family', 'create', 'The Browns', '--data-dir', home)).out).toMatch(/Made the family “The Browns”/);
    const created = await storysprout('books', 'create', '--title', 'Gran’s Garden', '--pages', '2', '--json', '--data-dir', home);
    const bookId = (JSON.parse(created.out) as { id: string }).id;
    const synced = await storysprout('sync', '--json', '--data-dir', home);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.out)).toMatchObject({ rejected: 0, rejections: [] });

    // Grandma joins as a grown-up with an invitation, and her library gets the book.
    const invite = await storysprout('family', 'invite', '--role', 'parent-admin', '--data-dir', home);
    expect(await storysprout('login', '--server', url, '--email', 'gran@example.com', '--signup', '--data-dir', grandma)).toMatchObject({ code: 0 });
    const joined = await storysprout('family', 'join', invite.out.trim(), '--data-dir', grandma);
    expect(joined.out, joined.err).toMatch(/Joined the family “The Browns” as a parent/);
    expect((await storysprout('sync', '--data-dir', grandma)).out).toMatch(/^Sent \d+ changes and 0 pictures; received [1-9]\d* changes/);
    expect((await storysprout('books', 'list', '--data-dir', grandma)).out).toContain('Gran’s Garden');

    const shared = await storysprout('share', bookId, '--data-dir', grandma);
    expect(shared.out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/\S+\n$/);
    const page = await fetch(shared.out.trim());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Gran’s Garden');
    expect((await storysprout('share', bookId, '--stop', '--data-dir', grandma)).code).toBe(0);
    expect((await fetch(shared.out.trim())).status).toBe(404);

    expect((await storysprout('logout', '--data-dir', home)).out).toMatch(/Nothing in this library was deleted/);
    expect((await storysprout('books', 'list', '--data-dir', home)).out).toContain('Gran’s Garden');
    delete process.env.STORYSPROUT_PASSWORD;
  });

  it('makes an account on a server that mails a code: login --signup says so, and login --code finishes it', async () => {
    const mailbox = await localMailbox();
    const server = await testSyncServer({}, { mailbox });
    const url = await server.listen();
    const home = tempDir();
    process.env.STORYSPROUT_PASSWORD = 'correct horse battery';

    expect(await storysprout('login', '--server', url, '--email', 'tom@example.com', '--signup', '--name', 'Tom', '--data-dir', home)).toEqual({
      code: 0,
      out: `We sent a code to tom@example.com. To finish making the account, run with it: storysprout login --server ${url} --email tom@example.com --code CODE\n`,
      err: '',
    });
    expect(await storysprout('sync', '--data-dir', home)).toMatchObject({ code: 1, err: expect.stringMatching(/Sign in to a sync server first/) });
    const code = await mailbox.codeFor('tom@example.com');
    expect(await storysprout('login', '--server', url, '--email', 'tom@example.com', '--code', code, '--data-dir', home)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Signed in as tom@example.com[\s\S]*in no family yet/),
    });
    expect(await storysprout('login', '--server', url, '--email', 'tom@example.com', '--code', code, '--data-dir', tempDir())).toMatchObject({
      code: 1,
      err: expect.stringMatching(/That code is not the one in the email, or it has run out/),
    });
    delete process.env.STORYSPROUT_PASSWORD;
  });
});
