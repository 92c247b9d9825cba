import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app';
import { MAX_PICTURE_PIXELS } from './reference-picture';

/** A photo as a phone makes one: EXIF with a GPS position and a rotated orientation. */
async function phonePhoto(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'PhoneCo', Model: 'Pocket 9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .toBuffer();
}

describe('characters', () => {
  it('keeps a character with an upright, metadata-free reference picture and a square thumbnail', async () => {
    const app = await testApp();
    const photo = await phonePhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    const character = await app.call('characters.create', {
      name: 'Pip the Fox',
      traits: ['orange fur', 'green scarf'],
      picture: { base64: photo.toString('base64') },
    });
    expect(character).toMatchObject({ name: 'Pip the Fox', traits: ['orange fur', 'green scarf'] });

    const stored = await app.core.assets.find(character.styleRefAssetSha256!);
    const storedMeta = await sharp(fs.readFileSync(stored!.file)).metadata();
    expect(storedMeta.exif).toBeUndefined();
    expect([storedMeta.width, storedMeta.height]).toEqual([480, 640]); // orientation 6 applied
    expect(stored).toMatchObject({ mime: 'image/jpeg', width: 480, height: 640 });

    const thumbnail = await app.core.assets.find(character.thumbnailAssetSha256!);
    expect(thumbnail).toMatchObject({ mime: 'image/webp', width: 256, height: 256 });
  });

  it('refuses a file that is not a picture, with a clear error, and keeps nothing', async () => {
    const app = await testApp();
    const result = await app.dispatch('characters.create', {
      name: 'Nope',
      traits: [],
      picture: { base64: Buffer.from('%PDF-1.7 definitely not a picture').toString('base64') },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-picture', message: 'That file is not a picture StorySprout can read. Use a PNG, JPEG or WebP picture.' },
    });
    expect(await app.call('characters.list', {})).toEqual([]);
    expect(await app.core.store.db.selectFrom('assets').select('sha256').execute()).toEqual([]);
  });

  it('refuses a picture over the pixel limit before decoding it', async () => {
    const app = await testApp();
    const side = Math.ceil(Math.sqrt(MAX_PICTURE_PIXELS)) + 10;
    const huge = await sharp({ create: { width: side, height: side, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const result = await app.dispatch('characters.create', { name: 'Giant', traits: [], picture: { base64: huge.toString('base64') } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-picture', message: expect.stringMatching(/is \d+×\d+ pixels, more than the 40 megapixels/) } });
    expect(await app.call('characters.list', {})).toEqual([]);
  });

  it('keeps a transparent picture as PNG and stores the same picture only once', async () => {
    const app = await testApp();
    const sticker = await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const a = await app.call('characters.create', { name: 'Ghost', traits: [], picture: { base64: sticker.toString('base64') } });
    const b = await app.call('characters.create', { name: 'Ghost twin', traits: [], picture: { base64: sticker.toString('base64') } });
    expect(a.styleRefAssetSha256).toBe(b.styleRefAssetSha256);
    expect(await app.core.assets.find(a.styleRefAssetSha256!)).toMatchObject({ mime: 'image/png' });
    expect(await app.core.store.db.selectFrom('assets').select('sha256').execute()).toHaveLength(2);
  });

  it('updates and removes a character', async () => {
    const app = await testApp();
    const character = await app.call('characters.create', { name: 'Bo', traits: ['brave'] });
    expect(await app.call('characters.update', { characterId: character.id, traits: ['brave', 'tall'] })).toMatchObject({
      name: 'Bo',
      traits: ['brave', 'tall'],
    });
    await app.call('characters.remove', { characterId: character.id });
    expect(await app.call('characters.list', {})).toEqual([]);
    await expect(app.call('characters.update', { characterId: character.id, name: 'Again' })).rejects.toThrow(/not-found/);
  });

  it('replaces a character’s picture, and keeps the old one when the new file is not a picture', async () => {
    const app = await testApp();
    const character = await app.call('characters.create', { name: 'Bo', traits: [], picture: { base64: (await phonePhoto()).toString('base64') } });
    const square = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const updated = await app.call('characters.update', { characterId: character.id, picture: { base64: square.toString('base64') } });
    expect(updated.styleRefAssetSha256).not.toBe(character.styleRefAssetSha256);
    expect(await app.core.assets.find(updated.styleRefAssetSha256!)).toMatchObject({ width: 300, height: 300 });
    await expect(app.call('characters.update', { characterId: character.id, name: 'Bob', picture: { base64: Buffer.from('not a picture').toString('base64') } })).rejects.toThrow(
      /picture/i,
    );
    expect(await app.call('characters.list', {})).toMatchObject([{ name: 'Bo', styleRefAssetSha256: updated.styleRefAssetSha256 }]);
  });

  it('shows a character whose traits were stored broken (before synced values were checked) as damaged, and still makes books with it', async () => {
    const app = await testApp({ runQueue: true });
    const character = await app.call('characters.create', { name: 'Moss', traits: ['shy'] });
    await app.core.store.db.updateTable('characters').set({ traits_json: 'not json' }).where('id', '=', character.id).execute();
    expect(await app.call('characters.list', {})).toEqual([expect.objectContaining({ name: 'Moss', traits: [], damaged: true })]);
    const started = await app.call('generation.start', { idea: 'a shy moss creature finds a friend', pageCount: 4, readerAge: 5, characterIds: [character.id] });
    expect((await app.core.generation.settled(started.id)).status).toBe('complete');
    expect(await app.call('characters.update', { characterId: character.id, traits: ['shy', 'green'] })).toMatchObject({ traits: ['shy', 'green'], damaged: false });
  });
});
