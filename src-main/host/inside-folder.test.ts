import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileInside } from './inside-folder';

describe('fileInside', () => {
  const root = path.resolve('/app/out/renderer');

  it('maps URL paths to files in the folder, the root to index.html', () => {
    expect(fileInside(root, '/')).toBe(path.join(root, 'index.html'));
    expect(fileInside(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(fileInside(root, '/a%20b.css')).toBe(path.join(root, 'a b.css'));
  });

  it('refuses every way out of the folder', () => {
    for (const sneaky of ['/../library.sqlite', '/assets/../../secrets.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/x%00.js', '/%E0%A4%A']) {
      expect(fileInside(root, sneaky)).toBeNull();
    }
  });
});
