import { describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../src-preload/contract';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { switchableLink } from '../support/switchable-link';
import { testApp } from '../support/test-app';

const PASSWORD = 'correct horse battery';

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('background sync', () => {
  it('sends a change soon after it is made, and the other device pulls it when the server nudges', async () => {
    const server = await testSyncServer();
    const url = await server.listen();
    const options = { syncInBackground: { debounceMs: 50, intervalMs: 600_000 } };
    const [kitchen, bedroom] = [await testApp(options), await testApp(options)];
    await kitchen.call('sync.signIn', { serverUrl: url, email: 'ada@example.com', password: PASSWORD, signUp: true });
    await kitchen.call('sync.createFamily', { name: 'The Lovelaces' });
    await bedroom.call('sync.signIn', { serverUrl: url, email: 'ada@example.com', password: PASSWORD });

    const seen: SyncStatusView[] = [];
    kitchen.core.events.subscribe((message) => message.name === 'sync.status' && seen.push(message.payload));
    const book = await kitchen.call('library.create', { title: 'Counting Engines', pageCount: 2 });
    const arrived = await eventually(() => bedroom.call('library.list', { view: 'shelf' }), (books) => books.some((each) => each.id === book.id), 'the book reaching the other device');
    expect(arrived.map((each) => each.title)).toEqual(['Counting Engines']);
    expect(seen.map((status) => status.state)).toEqual(expect.arrayContaining(['pending', 'syncing', 'synced']));

    await bedroom.call('library.rename', { bookId: book.id, title: 'Counting Engines, Again' });
    await eventually(() => kitchen.call('library.get', { bookId: book.id }), (each) => each.title === 'Counting Engines, Again', 'the rename reaching the first device');
  });

  it('says offline while the server cannot be reached, keeps the change, and sends it once the network is back', async () => {
    const server = await testSyncServer();
    const link = await switchableLink(await server.listen());
    const device = await testApp({ syncInBackground: { debounceMs: 20, intervalMs: 600_000 } });
    await device.call('sync.signIn', { serverUrl: link.url, email: 'grace@example.com', password: PASSWORD, signUp: true });
    await device.call('sync.createFamily', { name: 'The Hoppers' });
    await eventually(() => device.call('sync.status', {}), (status) => status.state === 'synced', 'the first sync');

    link.down();
    await device.call('library.create', { title: 'Debugging Moths', pageCount: 2 });
    const offline = await eventually(() => device.call('sync.status', {}), (status) => status.state === 'offline', 'going offline');
    expect(offline.pending).toBeGreaterThan(0);
    link.up();
    await eventually(() => device.call('sync.status', {}), (status) => status.state === 'synced' && status.pending === 0, 'syncing after reconnecting');
  });
});
