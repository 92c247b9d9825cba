import { spawn } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { interruptingProxy, type Interruption } from '../support/interrupting-proxy';
import { testApp } from '../support/test-app';

const root = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct horse battery';

/** `storysprout <args>` from the sources, as a separate process the test may kill. */
function storysprout(args: string[], options: { onSpawn?: (kill: () => void) => void } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src-main/cli/index.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STORYSPROUT_PASSWORD: PASSWORD, STORYSPROUT_LOG_LEVEL: 'silent' },
  });
  options.onSpawn?.(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, out, err })));
}

/** What a library holds that sync carries, counted. */
async function census(device: Awaited<ReturnType<typeof testApp>>) {
  const db = device.core.store.db;
  const count = async (table: 'books' | 'pages' | 'page_versions' | 'characters' | 'assets') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { books: await count('books'), pages: await count('pages'), versions: await count('page_versions'), characters: await count('characters'), pictures: await count('assets') };
}

describe('a sync killed halfway', () => {
  it('loses nothing and doubles nothing: killed after the server took the changes, and killed halfway through a picture', async () => {
    const server = await testSyncServer();
    const serverUrl = await server.listen();

    // A library with a book, an edited page and a character with a detailed picture, signed in to a new family.
    const laptop = await testApp();
    const book = await laptop.call('library.create', { title: 'The Lantern Fox', pageCount: 3 });
    await laptop.call('pages.updateText', { pageId: book.pages[0]!.id, text: 'A fox found a lantern.' });
    const noise = await sharp({ create: { width: 640, height: 640, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    await laptop.call('characters.create', { name: 'Fox', traits: ['curious'], picture: { base64: noise.toString('base64') } });
    await laptop.call('sync.signIn', { serverUrl, email: 'ines@example.com', password: PASSWORD, signUp: true, fullName: 'Inês' });
    await laptop.call('sync.createFamily', { name: 'The Silvas' });
    const before = await census(laptop);
    const waiting = (await laptop.call('sync.status', {})).pending;
    await laptop.close();

    // Killed the moment the server has taken every change, before the laptop hears so.
    let kill = () => {};
    let decide: (request: { method: string; url: string; headers: Record<string, unknown> }) => Interruption = () => 'relay';
    const proxy = await interruptingProxy(serverUrl, (request) => decide(request), () => kill());
    decide = (request) => (request.url.endsWith('/sync') ? 'after-server-answered' : 'relay');
    await setServerOf(laptop.dataDir, proxy.url);
    const killed = await storysprout(['sync', '--data-dir', laptop.dataDir], { onSpawn: (stop) => (kill = stop) });
    expect(killed.signal).toBe('SIGKILL');
    const fieldsOnServer = await serverFieldCount(server, laptop.dataDir);
    expect(fieldsOnServer).toBeGreaterThan(0);

    // Nothing was lost here: every change still waits. The next sync sends them again and the server keeps one of each.
    const reopened = await testApp({ dataDir: laptop.dataDir });
    expect((await reopened.call('sync.status', {})).pending).toBe(waiting);
    await reopened.close();
    decide = () => 'relay';
    const finished = await storysprout(['sync', '--data-dir', laptop.dataDir]);
    expect(finished.code, finished.err).toBe(0);
    expect(finished.out).toMatch(/^Sent \d+ changes and 0 pictures; received \d+ changes/);
    expect(await serverFieldCount(server, laptop.dataDir)).toBe(fieldsOnServer);

    // A second device is killed halfway through the picture, then finishes, asking only for the rest.
    const tablet = await testApp();
    await tablet.call('sync.signIn', { serverUrl, email: 'ines@example.com', password: PASSWORD });
    await tablet.close();
    await setServerOf(tablet.dataDir, proxy.url);
    let cut = false;
    decide = (request) => (request.url.includes('/assets/') && request.method === 'GET' && !cut && (cut = true) ? 'halfway-through-body' : 'relay');
    const interrupted = await storysprout(['sync', '--data-dir', tablet.dataDir], { onSpawn: (stop) => (kill = stop) });
    expect(interrupted.signal).toBe('SIGKILL');
    const resumed = await storysprout(['sync', '--data-dir', tablet.dataDir]);
    expect(resumed.code, resumed.err).toBe(0);
    const pictureAsks = proxy.seen.filter((request) => request.method === 'GET' && request.url.includes('/assets/'));
    expect(pictureAsks.some((request) => /^bytes=\d+-$/.test(String(request.headers.range)) && request.status === 206)).toBe(true);

    const tabletAgain = await testApp({ dataDir: tablet.dataDir });
    const laptopAgain = await testApp({ dataDir: laptop.dataDir });
    expect(await census(tabletAgain)).toEqual(before);
    expect(await census(laptopAgain)).toEqual(before);
    expect((await tabletAgain.call('library.get', { bookId: book.id })).pages[0]!.text).toBe('A fox found a lantern.');
    const [fox] = await tabletAgain.call('characters.list', {});
    const picture = tabletAgain.core.assets.pathFor(fox!.styleRefAssetSha256!)!;
    expect((await sharp(picture).metadata()).width).toBeGreaterThan(0);
    for (const device of [tabletAgain, laptopAgain]) expect((await device.call('sync.status', {})).pending).toBe(0);
  });
});

/** Points a closed library at another address for the same server (here: the interrupting relay). */
async function setServerOf(dataDir: string, url: string) {
  const device = await testApp({ dataDir });
  await device.core.store.db.updateTable('sync_account').set({ server_url: url }).execute();
  await device.close();
}

/** How many fields the server holds for the library's family. */
async function serverFieldCount(server: Awaited<ReturnType<typeof testSyncServer>>, dataDir: string) {
  const device = await testApp({ dataDir });
  const familyId = (await device.core.store.db.selectFrom('sync_account').select('family_id').executeTakeFirstOrThrow()).family_id!;
  await device.close();
  const row = await server.store.db.selectFrom('sync_fields').select((eb) => eb.fn.countAll().as('n')).where('family_id', '=', familyId).executeTakeFirstOrThrow();
  return Number(row.n);
}
