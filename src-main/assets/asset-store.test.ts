import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app';

describe('asset store', () => {
  it('names a picture by the sha256 of its bytes and writes it once', async () => {
    const app = await testApp();
    const data = Buffer.from('pretend picture');
    const first = await app.core.assets.put(data, { mime: 'image/png', width: 1, height: 1 });
    const again = await app.core.assets.put(data, { mime: 'image/png', width: 1, height: 1 });
    expect(first.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(again).toEqual(first);
    const found = await app.core.assets.find(first.sha256);
    expect(found?.file).toBe(path.join(app.core.assets.dir, first.sha256.slice(0, 2), first.sha256));
    expect(fs.readFileSync(found!.file)).toEqual(data);
  });

  it('refuses any name that is not a sha256, so no path can leave the assets folder', async () => {
    const app = await testApp();
    for (const name of ['../library.sqlite', '..%2F..%2Fetc%2Fpasswd', '/etc/passwd', 'A'.repeat(64), 'ab/../../x', '']) {
      expect(app.core.assets.pathFor(name)).toBeNull();
      expect(await app.core.assets.find(name)).toBeNull();
    }
  });
});
