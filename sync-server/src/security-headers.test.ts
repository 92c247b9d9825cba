import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceClock } from '../test-support/devices';
import { narrationOf } from '../test-support/narrations';
import { pictureOf } from '../test-support/pictures';
import { testSyncServer } from '../test-support/sync-test-server';
import { READ_ALONG_SCRIPT_PATH } from './sharing/read-along-script';
import { READ_ALONG_PAGE_CSP } from './sharing/reader-page';

const directives = (policy: string | null) => (policy ?? '').split(/;\s*/).sort();

describe('security headers', () => {
  it('tell a browser that nothing the API answers is a page and a picture is only the type it is served as, and leave the share page its own policy', async () => {
    const server = await testSyncServer();
    const origin = await server.listen();
    const family = await server.family();
    const picture = await pictureOf(5);
    const sha256 = createHash('sha256').update(picture).digest('hex');
    const narration = await narrationOf('Once upon a time.');
    const device = deviceClock();
    const [bookId, pageId] = [randomUUID(), randomUUID()];
    await server.call('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: {
        changes: [
          device.change('books', bookId, 'title', 'The Fox'),
          device.change('pages', pageId, 'book_id', bookId),
          device.change('pages', pageId, 'order_index', 0),
          device.change('pages', pageId, 'text_content', 'Once upon a time.'),
          device.change('pages', pageId, 'image_asset_sha256', sha256),
          ...Object.entries(narration.fields).map(([column, value]) => device.change('page_narrations', pageId, column, value)),
        ],
      },
    });
    await server.call('PUT', `/api/families/${family.id}/assets/${sha256}`, { token: family.parent.token, raw: picture, contentType: 'image/jpeg' });
    await server.call('PUT', `/api/families/${family.id}/assets/${narration.sha256}`, { token: family.parent.token, raw: narration.mp3, contentType: 'audio/mpeg' });
    const link = await server.call<{ url: string }>('POST', `/api/families/${family.id}/books/${bookId}/share`, { token: family.parent.token, body: {} });
    const signedIn = { authorization: `Bearer ${family.parent.token}` };

    const answers = {
      'the API': await fetch(`${origin}/api/me`, { headers: signedIn }),
      'a refusal': await fetch(`${origin}/api/families/${family.id}/sync`, { method: 'POST' }),
      'a family picture': await fetch(`${origin}/api/families/${family.id}/assets/${sha256}`, { headers: signedIn }),
      'a shared picture': await fetch(`${link.body.url}/pictures/${sha256}`),
      'a family narration': await fetch(`${origin}/api/families/${family.id}/assets/${narration.sha256}`, { headers: signedIn }),
      'a shared narration': await fetch(`${link.body.url}/audio/${narration.sha256}`),
      // What the share page's policy lets run: served only as the script it is.
      'the read-along script': await fetch(`${origin}${READ_ALONG_SCRIPT_PATH}`),
      'no route': await fetch(`${origin}/nowhere`),
      'the share page': await fetch(link.body.url),
    };
    expect(answers['a family picture'].headers.get('content-type')).toBe('image/jpeg');
    expect(answers['a family narration'].headers.get('content-type')).toBe('audio/mpeg');
    expect(answers['a shared narration'].headers.get('content-type')).toBe('audio/mpeg');
    expect(answers['the read-along script'].headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const [what, answer] of Object.entries(answers)) {
      expect(answer.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(answer.headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
      expect(answer.headers.get('x-frame-options'), what).toBe('DENY');
      const policy = what === 'the share page' ? READ_ALONG_PAGE_CSP : "default-src 'none'; frame-ancestors 'none'";
      expect(directives(answer.headers.get('content-security-policy')), what).toEqual(directives(policy));
    }
    expect((await answers['the share page'].text()).replace(/<[^>]+>/g, '')).toContain('Once upon a time.');
  });
});
