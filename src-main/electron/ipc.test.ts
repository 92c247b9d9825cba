import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannelForCall } from '../../src-preload/contract';
import { isTrustedSender } from '../shell/shell-policy';
import { registerBridge } from './ipc';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) } as unknown as IpcMain;
  return { ipcMain, handlers };
}

// Electron cannot run here. These frames are plain objects with a WebFrameMain's url and parent,
// and the trust check is the shell's real one (src-main/shell/shell-policy.ts) over their URLs.
// Not proven: that Electron gives a handler the frame these stand for (its senderFrame), and the
// shell's extra check that the frame is our own window's (main-window.ts's isTrustedFrame).
const builtApp = { isPackaged: true, devServerUrl: 'http://localhost:5173/' };
const trusted = (frame: WebFrameMain) => isTrustedSender(frame, builtApp);
const frame = (url: string, parent: WebFrameMain | null = null) => ({ url, parent }) as WebFrameMain;
const ourFrame = frame('storysprout://app/index.html');
const eventFrom = (senderFrame: WebFrameMain | null) => ({ senderFrame }) as IpcMainInvokeEvent;

describe('IPC bridge registration', () => {
  it('registers exactly one handler per contract call', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerBridge(ipcMain, vi.fn(), () => true);
    expect([...handlers.keys()].sort()).toEqual(callNames.map(ipcChannelForCall).sort());
  });

  it('answers the window’s own page, even on another screen of it', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatch = vi.fn(async () => ({ ok: true as const, value: [] }));
    registerBridge(ipcMain, dispatch, trusted);
    const list = handlers.get(ipcChannelForCall('library.list'))!;

    expect(await list(eventFrom(ourFrame), { view: 'shelf' })).toEqual({ ok: true, value: [] });
    expect(await list(eventFrom(frame('storysprout://app/#/books/0d9b1a2e-4c1f-4c55-9d7e-1f2a3b4c5d6e')), { view: 'trash' })).toEqual({ ok: true, value: [] });
    expect(dispatch).toHaveBeenCalledWith('library.list', { view: 'shelf' });
    expect(dispatch).toHaveBeenCalledWith('library.list', { view: 'trash' });
  });

  it('refuses any other sender, and a wrong argument count, before the dispatcher sees anything', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatch = vi.fn(async () => ({ ok: true as const, value: [] }));
    registerBridge(ipcMain, dispatch, trusted);
    const list = handlers.get(ipcChannelForCall('library.list'))!;

    for (const sender of [
      frame('https://example.com/'),
      frame('storysprout://asset/' + 'a'.repeat(64)),
      frame('storysprout://evil/index.html'),
      frame('data:text/html,<script>1</script>'),
      frame('file:///etc/passwd'),
      // The dev server's address, which a built app never trusts.
      frame('http://localhost:5173/'),
      // Our own page inside a frame of the window.
      frame('storysprout://app/index.html', ourFrame),
      null,
    ]) {
      expect(await list(eventFrom(sender), { view: 'shelf' }), sender?.url ?? 'no frame').toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
    expect(await list(eventFrom(ourFrame), { view: 'shelf' }, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'library.list: expected one argument, got 2.' },
    });
    expect(dispatch).not.toHaveBeenCalled();
  });
});
