import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { StorySproutBridge } from './api';
import { ipcChannelForCall, ipcEventChannel, isCallName, type BridgeEventMessage, type BridgeResponse } from './contract';

// Exposes the contract and nothing else: no ipcRenderer, no Node, no arbitrary channel.
const bridge: StorySproutBridge = {
  call: (name, input) =>
    isCallName(name)
      ? ipcRenderer.invoke(ipcChannelForCall(name), input)
      : Promise.resolve({ ok: false, error: { code: 'unknown-call', message: `There is no bridge call named ${JSON.stringify(name)}.` } }),
  subscribe: (listener) => {
    const relay = (_event: IpcRendererEvent, message: BridgeEventMessage) => listener(message);
    ipcRenderer.on(ipcEventChannel, relay);
    return () => ipcRenderer.off(ipcEventChannel, relay);
  },
  // The app's protocol serves pictures itself, and answers for who is at the computer.
  assetUrl: async (sha256) => `storysprout://asset/${encodeURIComponent(sha256)}`,
  releaseAssetUrl: () => undefined,
  // The core opens the Save dialog and copies the file: a download link would be a navigation, which the window refuses.
  saveExport: async (exportId, fileName) => {
    const response = (await ipcRenderer.invoke(ipcChannelForCall('export.save'), { exportId, fileName })) as BridgeResponse;
    if (!response.ok) throw new Error(response.error.message);
  },
};

contextBridge.exposeInMainWorld('storysprout', bridge);
