import type { StorySproutBridge } from '../../../src-preload/api';
import type { BridgeEventMessage, CallArgs, CallName, CallResult } from '../../../src-preload/contract';
import { httpBridge } from './http-bridge';

/** A call the core refused; `message` is written for the family and safe to show as it is. */
export class BridgeCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeCallError';
  }
}

export interface BridgeClient {
  call<N extends CallName>(name: N, input: CallArgs<N>): Promise<CallResult<N>>;
  subscribe(listener: (message: BridgeEventMessage) => void): () => void;
  assetUrl(sha256: string): Promise<string>;
  releaseAssetUrl(url: string): void;
  saveExport(exportId: string, fileName: string): Promise<void>;
}

export function createBridgeClient(bridge: StorySproutBridge): BridgeClient {
  return {
    async call(name, input) {
      const response = await bridge.call(name, input);
      if (!response.ok) throw new BridgeCallError(response.error.code, response.error.message);
      return response.value as CallResult<typeof name>;
    },
    subscribe: (listener) => bridge.subscribe(listener),
    assetUrl: (sha256) => bridge.assetUrl(sha256),
    releaseAssetUrl: (url) => bridge.releaseAssetUrl(url),
    saveExport: (exportId, fileName) => bridge.saveExport(exportId, fileName),
  };
}

declare global {
  interface Window {
    /** Present inside Electron, put there by the preload. */
    storysprout?: StorySproutBridge;
  }
}

/** Electron's preload bridge when there is one, else the browser host's HTTP bridge. */
export const bridgeClient = createBridgeClient(window.storysprout ?? httpBridge(window.location));
