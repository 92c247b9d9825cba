import { describe, expect, it } from 'vitest';
import {
  isRendererUrl,
  isTrustedSender,
  mayGrantPermission,
  mayNavigateTo,
  mayOpenExternally,
  rendererEntryUrl,
  type RendererSource,
} from './shell-policy';

const packaged: RendererSource = { isPackaged: true, devServerUrl: undefined };
/** A built app whose environment names a dev server anyway (someone set ELECTRON_RENDERER_URL). */
const packagedWithDevUrl: RendererSource = { isPackaged: true, devServerUrl: 'http://localhost:5173/' };
const developing: RendererSource = { isPackaged: false, devServerUrl: 'http://localhost:5173/' };

const windowPages = ['storysprout://app/index.html', 'storysprout://app/#/books/x', 'storysprout://app/', 'storysprout://app'];
/** Never the window, however it is reached. Several have the origin "null", as storysprout://app does. */
const strangers = [
  'storysprout://asset/' + 'a'.repeat(64),
  'storysprout://export/book.pdf',
  'storysprout://evil/index.html',
  'storysprout://app.evil.example/',
  'storysprout://app:80/index.html',
  'storysprout://user@app/index.html',
  'storysprout:app/index.html',
  'storysprout:///app/index.html',
  'https://evil.example',
  'https://evil.example/storysprout://app/',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'blob:null/1234',
  'not a url',
  '',
];

describe('the window’s own pages', () => {
  it('are storysprout://app/ in a built app, and never the dev server, even when the environment names one', () => {
    for (const source of [packaged, packagedWithDevUrl]) {
      for (const url of windowPages) expect(isRendererUrl(url, source), url).toBe(true);
      for (const url of [...strangers, 'http://localhost:5173/', 'http://127.0.0.1:5173']) expect(isRendererUrl(url, source), url).toBe(false);
      expect(rendererEntryUrl(source)).toBe('storysprout://app/index.html');
    }
  });

  it('include the dev server’s exact address while developing, and nothing else on this computer', () => {
    expect(rendererEntryUrl(developing)).toBe('http://localhost:5173/');
    for (const url of [...windowPages, 'http://localhost:5173/', 'http://localhost:5173/#/books/x']) expect(isRendererUrl(url, developing), url).toBe(true);
    for (const url of [...strangers, 'http://127.0.0.1:5173', 'http://localhost:5174/', 'https://localhost:5173/', 'ws://localhost:5173/']) {
      expect(isRendererUrl(url, developing), url).toBe(false);
    }
  });

  it('ignore a dev server that is not on this computer', () => {
    const remote: RendererSource = { isPackaged: false, devServerUrl: 'https://evil.example/' };
    expect(rendererEntryUrl(remote)).toBe('storysprout://app/index.html');
    expect(isRendererUrl('https://evil.example/', remote)).toBe(false);
  });
});

describe('who may call the bridge', () => {
  const top = (url: string) => ({ url, parent: null });

  it('the window’s top frame, showing the window', () => {
    expect(isTrustedSender(top('storysprout://app/index.html'), packaged)).toBe(true);
    expect(isTrustedSender(top('storysprout://app/#/books/x'), packaged)).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/'), developing)).toBe(true);
  });

  it('no frame inside the page, no page elsewhere, no missing frame', () => {
    const ours = top('storysprout://app/index.html');
    expect(isTrustedSender({ url: 'storysprout://app/index.html', parent: ours }, packaged)).toBe(false);
    for (const url of strangers) expect(isTrustedSender(top(url), packaged), url).toBe(false);
    expect(isTrustedSender(top('http://localhost:5173/'), packagedWithDevUrl)).toBe(false);
    expect(isTrustedSender(null, packaged)).toBe(false);
    expect(isTrustedSender(undefined, packaged)).toBe(false);
  });
});

describe('where the window may go', () => {
  it('stays on its own pages', () => {
    for (const url of windowPages) expect(mayNavigateTo(url, packaged), url).toBe(true);
    for (const url of [...strangers, 'http://localhost:5173/']) expect(mayNavigateTo(url, packaged), url).toBe(false);
    expect(mayNavigateTo('http://localhost:5173/', developing)).toBe(true);
  });
});

describe('links opened in the system browser', () => {
  const familyServer = 'https://sync.family.example';
  const homeServer = 'http://192.168.1.20:8787';

  it('opens Stripe’s checkout and billing portal and Google’s and Apple’s sign-in pages, over https only', () => {
    for (const url of [
      'https://checkout.stripe.com/c/pay/cs_live_a1b2#fid',
      'https://billing.stripe.com/p/session/live_123',
      'https://accounts.google.com/o/oauth2/v2/auth?client_id=x',
      'https://appleid.apple.com/auth/authorize?client_id=x',
    ]) {
      expect(mayOpenExternally(url, []), url).toBe(true);
    }
    for (const url of ['http://checkout.stripe.com/c/pay/x', 'https://checkout.stripe.com.evil.example/', 'https://evil.example/?https://checkout.stripe.com', 'https://stripe.com/', 'https://google.com/']) {
      expect(mayOpenExternally(url, []), url).toBe(false);
    }
  });

  it('opens the family’s sync servers, over http or https as they were set up: sign-in start pages and share links', () => {
    const servers = [familyServer, `${homeServer}/`];
    expect(mayOpenExternally('https://sync.family.example/api/auth/oidc/google/start?returnTo=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback', servers)).toBe(true);
    expect(mayOpenExternally('https://sync.family.example/s/abcdef', servers)).toBe(true);
    expect(mayOpenExternally('http://192.168.1.20:8787/api/auth/oidc/apple/start', servers)).toBe(true);
    expect(mayOpenExternally('http://sync.family.example/s/abcdef', servers)).toBe(false);
    expect(mayOpenExternally('https://sync.family.example:8443/', servers)).toBe(false);
    expect(mayOpenExternally('http://192.168.1.20:8788/', servers)).toBe(false);
    expect(mayOpenExternally('https://sync.family.example/', [])).toBe(false);
  });

  it('opens nothing else: no other site, no other kind of link, no address with a password in it', () => {
    const servers = [familyServer, 'storysprout://app', 'not a url'];
    for (const url of [
      ...strangers,
      'https://user:pass@checkout.stripe.com/',
      'https://checkout.stripe.com@evil.example/',
      'mailto:someone@example.com',
      'smb://evil.example/share/run.exe',
      'ms-msdt:/id PCWDiagnostic',
      'storysprout://app/index.html',
      'ftp://sync.family.example/',
      'wss://sync.family.example/',
    ]) {
      expect(mayOpenExternally(url, servers), url).toBe(false);
    }
  });
});

describe('permissions the page gets', () => {
  const fromWindow = { url: 'storysprout://app/#/books/x', isMainFrame: true };

  it('writing to the clipboard, for the window’s top frame only', () => {
    expect(mayGrantPermission('clipboard-sanitized-write', fromWindow, packaged)).toBe(true);
    expect(mayGrantPermission('clipboard-sanitized-write', { url: 'storysprout://app', isMainFrame: true }, packaged)).toBe(true);
    expect(mayGrantPermission('clipboard-sanitized-write', { ...fromWindow, isMainFrame: false }, packaged)).toBe(false);
    expect(mayGrantPermission('clipboard-sanitized-write', { url: undefined, isMainFrame: true }, packaged)).toBe(false);
    for (const url of strangers) expect(mayGrantPermission('clipboard-sanitized-write', { url, isMainFrame: true }, packaged), url).toBe(false);
  });

  it('nothing else, even for the window', () => {
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen', 'fileSystem', 'hid', 'usb', 'serial', 'unknown']) {
      expect(mayGrantPermission(permission, fromWindow, packaged), permission).toBe(false);
    }
  });
});
