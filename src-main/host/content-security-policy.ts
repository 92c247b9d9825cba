/**
 * The window may load its own scripts and styles only, show pictures from the core, and talk
 * back to the core only; no plugins, frames, forms or base-URL tricks. Shared by Electron's
 * protocol handler and the browser host.
 */
export function contentSecurityPolicy(extra: { connect?: string[]; img?: string[]; media?: string[] } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data: blob:", ...(extra.img ?? [])].join(' '),
    "font-src 'self'",
    ["connect-src 'self'", ...(extra.connect ?? [])].join(' '),
    ["media-src 'self' blob:", ...(extra.media ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Electron's window, served from storysprout://app/: its pictures and narrations come from storysprout://asset/, another host of the same scheme. */
export const appWindowPolicy = (scheme: string) => contentSecurityPolicy({ img: [`${scheme}:`], media: [`${scheme}:`] });
