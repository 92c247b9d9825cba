import type { BridgeEventMessage, BridgeResponse } from './contract';

/**
 * What the preload puts on `window.storysprout`, and what the browser host's client provides
 * over HTTP: the renderer cannot tell them apart.
 */
export interface StorySproutBridge {
  call(name: string, input: unknown): Promise<BridgeResponse>;
  subscribe(listener: (message: BridgeEventMessage) => void): () => void;
  /** Where the window loads a stored picture from. */
  assetUrl(sha256: string): string;
  /** Where the window downloads an exported PDF from (Electron asks where to save it). */
  exportUrl(exportId: string): string;
}
