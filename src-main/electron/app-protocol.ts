import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import type { AssetStore } from '../assets/asset-store';
import type { HeldPages } from '../pages/held-pages';
import { appWindowPolicy } from '../host/content-security-policy';
import { fileInside } from '../host/inside-folder';
import { APP_SCHEME, RENDERER_HOST } from '../shell/shell-policy';

/** Must run before the app is ready: lets the scheme behave like https (origin, fetch, storage). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // stream: a narration plays from storysprout://asset/ in an <audio> element, which streams it.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer from storysprout://app/ and pictures and narrations from storysprout://asset/<sha256>,
 * never file://. A path that would leave the renderer folder, a name that is not a sha256, or a
 * picture held for a grown-up asked for while a child is at the computer, is answered 404.
 */
export function handleAppProtocol(rendererDir: string, assets: AssetStore, held: Pick<HeldPages, 'mayShowAsset'>): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host === 'asset') {
      const asset = await assets.find(url.pathname.slice(1));
      if (!asset || !(await held.mayShowAsset(asset.sha256))) return new Response('No such picture or narration.', { status: 404 });
      const response = await net.fetch(pathToFileURL(asset.file).toString());
      return new Response(response.body, { headers: { 'content-type': asset.mime, 'cache-control': 'immutable' } });
    }
    if (url.host !== RENDERER_HOST) return new Response('Not found.', { status: 404 });
    const file = fileInside(root, url.pathname);
    if (!file) return new Response('Not found.', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', appWindowPolicy(APP_SCHEME));
    return new Response(response.body, { status: response.status, headers });
  });
}
