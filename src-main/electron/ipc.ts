import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { callNames, ipcChannelForCall } from '../../src-preload/contract';
import type { Dispatch } from '../bridge/dispatch';

/**
 * Registers one `ipcMain.handle` per contract call. Before the dispatcher validates the input,
 * the sender is checked (VS Code's ValidatedIpcMain is the model): the message must come from
 * the main frame of our own window, showing our own renderer, with exactly one argument.
 */
export function registerBridge(ipcMain: IpcMain, dispatch: Dispatch, isTrustedFrame: (frame: WebFrameMain) => boolean): void {
  for (const name of callNames) {
    ipcMain.handle(ipcChannelForCall(name), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      if (!frame || !isTrustedFrame(frame)) {
        return { ok: false, error: { code: 'untrusted-sender', message: 'This window may not call StorySprout.' } };
      }
      if (args.length !== 1) {
        return { ok: false, error: { code: 'invalid-input', message: `${name}: expected one argument, got ${args.length}.` } };
      }
      return dispatch(name, args[0]);
    });
  }
}
