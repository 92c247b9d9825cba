import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLog, testApp } from '../../tests/support/test-app';
import { closeBeforeQuit, startIfFirstInstance } from './app-lifecycle';

// Electron's `app` is a stand-in here: these prove the order of steps, given the events Electron
// documents (a second launch's lock is refused; 'before-quit' can be prevented; app.exit ends
// without another 'before-quit'), not that Electron sends them.

const quitEvent = () => ({ preventDefault: vi.fn() });
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('starting', () => {
  it('opens nothing in a second launch: it quits, and never starts even once Electron is ready', async () => {
    const start = vi.fn(async () => undefined);
    const app = { requestSingleInstanceLock: () => false, whenReady: vi.fn(async () => undefined), quit: vi.fn() };
    expect(startIfFirstInstance(app, start)).toBe(false);
    await settle();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
  });

  it('starts the first launch once Electron is ready', async () => {
    let ready: () => void = () => undefined;
    const start = vi.fn(async () => undefined);
    const app = { requestSingleInstanceLock: () => true, whenReady: () => new Promise<void>((resolve) => (ready = resolve)), quit: vi.fn() };
    expect(startIfFirstInstance(app, start)).toBe(true);
    await settle();
    expect(start).not.toHaveBeenCalled();
    ready();
    await settle();
    expect(start).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();
  });
});

describe('quitting', () => {
  it('holds the quit until the library is closed, then exits', async () => {
    let closed: () => void = () => undefined;
    const close = vi.fn(() => new Promise<void>((resolve) => (closed = resolve)));
    const exit = vi.fn();
    const onBeforeQuit = closeBeforeQuit({ close, exit, log: silentLog });

    const event = quitEvent();
    onBeforeQuit(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledOnce();
    await settle();
    expect(exit).not.toHaveBeenCalled();

    closed();
    await settle();
    expect(exit).toHaveBeenCalledOnce();
  });

  it('holds a second quit asked for while closing, without closing twice or hanging', async () => {
    let closed: () => void = () => undefined;
    const close = vi.fn(() => new Promise<void>((resolve) => (closed = resolve)));
    const exit = vi.fn();
    const onBeforeQuit = closeBeforeQuit({ close, exit, log: silentLog });

    onBeforeQuit(quitEvent());
    const again = quitEvent();
    onBeforeQuit(again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledOnce();

    closed();
    await settle();
    expect(exit).toHaveBeenCalledOnce();
  });

  it('exits at the deadline when closing never finishes, and when it fails', async () => {
    vi.useFakeTimers();
    const exit = vi.fn();
    const stuck = closeBeforeQuit({ close: () => new Promise<void>(() => undefined), exit, log: silentLog, deadlineMs: 10_000 });
    stuck(quitEvent());
    await vi.advanceTimersByTimeAsync(9_999);
    stuck(quitEvent());
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledOnce();

    const failing = closeBeforeQuit({ close: () => Promise.reject(new Error('disk gone')), exit, log: silentLog });
    failing(quitEvent());
    await vi.advanceTimersByTimeAsync(0);
    expect(exit).toHaveBeenCalledTimes(2);
  });

  it('closes the real library before exiting: the whole library is in its one file, with no WAL left beside it', async () => {
    const app = await testApp({ runQueue: true, syncInBackground: true });
    await app.call('library.create', { title: 'The Moon Cat', pageCount: 2 });
    const library = path.join(app.dataDir, 'library.sqlite');
    expect(fs.existsSync(`${library}-wal`)).toBe(true);

    const exited = new Promise<void>((resolve) => closeBeforeQuit({ close: () => app.close(), exit: resolve, log: silentLog })(quitEvent()));
    await exited;
    expect(fs.existsSync(`${library}-wal`)).toBe(false);
    expect(fs.existsSync(`${library}-shm`)).toBe(false);
  });
});
