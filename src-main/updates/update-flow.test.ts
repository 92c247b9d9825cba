import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateView } from '../../src-preload/contract';
import { testSyncServer } from '../../sync-server/test-support/sync-test-server';
import { until } from '../../tests/support/generation-harness';
import { switchableLink } from '../../tests/support/switchable-link';
import { testApp } from '../../tests/support/test-app';

/**
 * electron-updater's autoUpdater as the app sees it: the events it emits, named and shaped as it
 * emits them (UpdateInfo, ProgressInfo), and quitAndInstall. Electron cannot run here, so this does
 * not prove that electron-updater finds a feed or installs; it proves what the app does with what
 * electron-updater tells it.
 */
function playedUpdater() {
  const emitter = new EventEmitter();
  const installs: { isSilent?: boolean; isForceRunAfter?: boolean }[] = [];
  const info = (version: string) => ({ version, files: [{ url: `StorySprout-${version}.AppImage`, sha512: 'x', size: 1 }], path: `StorySprout-${version}.AppImage`, sha512: 'x', releaseDate: '2026-11-29T00:00:00.000Z' });
  return {
    updater: {
      on: (event: string, listener: Parameters<EventEmitter['on']>[1]) => emitter.on(event, listener),
      checkForUpdates: async () => emitter.emit('checking-for-update'),
      quitAndInstall: (isSilent?: boolean, isForceRunAfter?: boolean) => void installs.push({ isSilent, isForceRunAfter }),
    },
    installs,
    finds: (version: string) => emitter.emit('update-available', info(version)),
    downloads: (percent: number) => emitter.emit('download-progress', { percent, bytesPerSecond: 1e6, total: 1e8, transferred: percent * 1e6 }),
    downloaded: (version: string) => emitter.emit('update-downloaded', { ...info(version), downloadedFile: `/tmp/StorySprout-${version}.AppImage` }),
    fails: () => emitter.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'), 'net::ERR_INTERNET_DISCONNECTED'),
  };
}

/** A core with the played updater, and every update view the window would have heard. */
async function appWithUpdater() {
  const played = playedUpdater();
  const app = await testApp({ updater: played.updater });
  const heard: UpdateView[] = [];
  app.core.events.subscribe((message) => message.name === 'update.status' && heard.push(message.payload));
  return { app, played, heard };
}

describe('updating the installed app', () => {
  it('tells the window only once a new version is downloaded, and never because of a failed check', async () => {
    const { app, played, heard } = await appWithUpdater();
    await app.core.updates.check();
    played.finds('0.2.0');
    played.downloads(40);
    played.fails();
    expect(heard).toEqual([]);
    expect(await app.call('update.status', {})).toEqual({ offered: true, readyVersion: null, restartRequested: false, waitingFor: null });

    played.downloaded('0.2.0');
    expect(heard).toEqual([{ offered: true, readyVersion: '0.2.0', restartRequested: false, waitingFor: null }]);
    expect(played.installs).toEqual([]);
  });

  it('restarts when the family asks, and not before', async () => {
    const { app, played } = await appWithUpdater();
    expect(await app.call('update.restart', {})).toMatchObject({ readyVersion: null });
    expect(played.installs).toEqual([]);
    played.downloaded('0.2.0');
    await app.call('update.restart', {});
    expect(played.installs).toEqual([{ isSilent: false, isForceRunAfter: true }]);
  });

  it('waits for a book being made to finish before restarting, and then restarts by itself as asked', async () => {
    const { app, played, heard } = await appWithUpdater();
    // No queue runs in this core, so the book stays in line until it is cancelled.
    const book = await app.call('generation.start', { idea: 'a snail who races the rain', pageCount: 4, readerAge: 4 });
    played.downloaded('0.3.0');
    expect(await app.call('update.restart', {})).toMatchObject({ restartRequested: true, waitingFor: 'a book is being made' });
    expect(played.installs).toEqual([]);

    await app.call('generation.cancel', { bookId: book.bookId });
    await until(() => played.installs.length === 1, 15_000);
    expect(heard.at(-1)).toMatchObject({ waitingFor: null });
  });

  it('sends the family’s waiting changes before restarting, and waits while the server cannot be reached', async () => {
    const server = await testSyncServer();
    const link = await switchableLink(await server.listen());
    const { app, played } = await appWithUpdater();
    await app.call('sync.signIn', { serverUrl: link.url, email: 'ana@example.com', password: 'correct horse battery', signUp: true });
    await app.call('sync.createFamily', { name: 'The Reyes' });
    await app.call('sync.now', {});
    played.downloaded('0.4.0');

    await app.call('library.create', { title: 'Written offline', pageCount: 2 });
    link.down();
    expect(await app.call('update.restart', {})).toMatchObject({ waitingFor: 'changes are waiting to reach the family' });
    expect(played.installs).toEqual([]);

    link.up();
    await until(() => played.installs.length === 1, 15_000);
    expect((await app.call('sync.status', {})).pending).toBe(0);
  });

  it('offers nothing where the app does not update itself (the browser host, the CLI)', async () => {
    const app = await testApp();
    expect(await app.call('update.status', {})).toEqual({ offered: false, readyVersion: null, restartRequested: false, waitingFor: null });
    expect(await app.call('update.restart', {})).toMatchObject({ offered: false });
  });
});
