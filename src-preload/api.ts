import type { BridgeEventMessage, BridgeResponse } from './contract';

/**
 * What the preload puts on `window.storysprout`, and what the browser host's client provides
 * over HTTP: the renderer cannot tell them apart.
 */
export interface StorySproutBridge {
  call(name: string, input: unknown): Promise<BridgeResponse>;
  subscribe(listener: (message: BridgeEventMessage) => void): () => void;
  /** An address the window can show a stored picture or play a narration from; rejects when it is not there (or not for this profile). */
  assetUrl(sha256: string): Promise<string>;
  /** The window shows that picture or plays that narration no more: what `assetUrl` made for it may be let go. */
  releaseAssetUrl(url: string): void;
  /** Hands an exported PDF to the family to keep: the browser's downloads, or where Electron asks. */
  saveExport(exportId: string, fileName: string): Promise<void>;
}
