import path from 'node:path';

/**
 * The file a URL path names inside `root`, or null when the path (decoded, with any `..`) would
 * leave it. Used wherever the window asks for a file by URL.
 */
export function fileInside(root: string, urlPath: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, relative === '' ? 'index.html' : relative);
  return file.startsWith(base + path.sep) ? file : null;
}
