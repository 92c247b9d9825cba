import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannelForCall } from '../../src-preload/contract';
import { registerBridge } from './ipc';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) } as unknown as IpcMain;
  return { ipcMain, handlers };
}

const ourFrame = { url: 'storysprout://app/index.html' } as WebFrameMain;
const strangerFrame = { url: 'https://example.com/' } as WebFrameMain;
const eventFrom = (senderFrame: WebFrameMain | null) => ({ senderFrame }) as IpcMainInvokeEvent;

describe('IPC bridge registration', () => {
  it('registers exactly one handler per contract call', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerBridge(ipcMain, vi.fn(), () => true);
    expect([...handlers.keys()].sort()).toEqual(callNames.map(ipcChannelForCall).sort());
  });

  it('checks the sender frame and the argument count before the dispatcher sees anything', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispatch = vi.fn(async () => ({ ok: true as const, value: [] }));
    registerBridge(ipcMain, dispatch, (frame) => frame === ourFrame);
    const list = handlers.get(ipcChannelForCall('library.list'))!;

    expect(await list(eventFrom(strangerFrame), { view: 'shelf' })).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(await list(eventFrom(null), { view: 'shelf' })).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    expect(await list(eventFrom(ourFrame), { view: 'shelf' }, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'library.list: expected one argument, got 2.' },
    });
    expect(dispatch).not.toHaveBeenCalled();

    expect(await list(eventFrom(ourFrame), { view: 'shelf' })).toEqual({ ok: true, value: [] });
    expect(dispatch).toHaveBeenCalledWith('library.list', { view: 'shelf' });
  });
});
