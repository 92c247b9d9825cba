import { createHash, randomUUID } from 'node:crypto';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteTempDir } from '../../../tests/support/temp-dir';
import { deviceClock } from '../../test-support/devices';
import { narrationOf } from '../../test-support/narrations';
import { pictureOf } from '../../test-support/pictures';
import { testSyncServer } from '../../test-support/sync-test-server';
import { sweepUnreferencedBlobs } from './blob-lifecycle';
import { s3BlobStore } from './blob-store';
import { MAX_AUDIO_BYTES } from './narration-audio';

const shaOf = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let s3: S3rver;
let endpoint: string;
const s3Dir = suiteTempDir('storysprout-s3-');
beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'storysprout-test' }] });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(() => s3?.close());

const s3Env = () => ({
  S3_BUCKET: 'storysprout-test',
  S3_ENDPOINT: endpoint,
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
});

/** The bucket, read directly rather than through the server. */
const s3Store = () => s3BlobStore({ bucket: 'storysprout-test', region: 'us-east-1', endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });

describe('pictures', () => {
  it('keeps a family’s pictures in S3-compatible storage when a bucket is set, checked against their hash', async () => {
    const server = await testSyncServer(s3Env());
    const family = await server.family();
    const picture = await pictureOf(7);
    const url = `/api/families/${family.id}/assets/${shaOf(picture)}`;
    expect((await server.call('PUT', url, { token: family.child.token, raw: picture, contentType: 'image/jpeg' })).status).toBe(204);
    const back = await server.call<Buffer>('GET', url, { token: family.parent.token });
    expect(back.status).toBe(200);
    expect(Buffer.from(back.body)).toEqual(picture);
    expect(await s3Store().get(shaOf(picture))).toEqual(picture);

    const wrong = await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(await pictureOf(8))}`, { token: family.parent.token, raw: picture, contentType: 'image/jpeg' });
    expect(wrong).toMatchObject({ status: 400, body: { error: { message: 'The file’s bytes do not match its SHA-256.' } } });
    const notPicture = await server.call('PUT', url, { token: family.parent.token, raw: picture, contentType: 'text/html' });
    expect(notPicture.status).toBe(415);
  });

  it('stores only bytes that are the picture type they claim, so nothing else is ever served as a picture', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const png = await pictureOf(9, 'png');
    const page = Buffer.from('<!doctype html><script>fetch("/api/me")</script>');
    for (const [data, contentType] of [
      [png, 'image/jpeg'],
      [page, 'image/png'],
      [Buffer.from('ffd8ffe000104a46494600', 'hex'), 'image/jpeg'],
    ] as const) {
      const answer = await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(data)}`, { token: family.child.token, raw: data, contentType });
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid-input', message: `Those bytes are not a picture of type ${contentType}, as the request says they are.` } } });
    }
    expect(await server.store.db.selectFrom('blobs').selectAll().execute()).toEqual([]);
    expect((await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(png)}`, { token: family.child.token, raw: png, contentType: 'image/png' })).status).toBe(204);
  });

  it('says which pictures a family lacks, and sends the rest of one from where an interrupted download stopped', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const [held, lacking] = await Promise.all([pictureOf(4), pictureOf(5)]);
    const url = `/api/families/${family.id}/assets/${shaOf(held)}`;
    await server.call('PUT', url, { token: family.parent.token, raw: held, contentType: 'image/jpeg' });
    const missing = await server.call('POST', `/api/families/${family.id}/assets/missing`, { token: family.child.token, body: { sha256s: [shaOf(held), shaOf(lacking), shaOf(lacking)] } });
    expect(missing.body).toEqual({ missing: [shaOf(lacking)] });

    const rest = await server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${family.child.token}`, range: 'bytes=3-' } });
    expect(rest.statusCode).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes 3-${held.length - 1}/${held.length}`);
    expect(rest.rawPayload).toEqual(held.subarray(3));
    const beyond = await server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${family.child.token}`, range: `bytes=${held.length}-` } });
    expect(beyond.statusCode).toBe(416);
  });

  it('forgets pictures nothing has referenced for 90 days, and removes them once no family has them', async () => {
    const server = await testSyncServer(s3Env());
    const family = await server.family();
    const other = await server.family('Others');
    const [used, unused, shared] = await Promise.all([pictureOf(1), pictureOf(2), pictureOf(3)]);
    for (const data of [used, unused, shared]) await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(data)}`, { token: family.parent.token, raw: data, contentType: 'image/jpeg' });
    await server.call('PUT', `/api/families/${other.id}/assets/${shaOf(shared)}`, { token: other.parent.token, raw: shared, contentType: 'image/jpeg' });
    const device = deviceClock();
    await server.call('POST', `/api/families/${family.id}/sync`, {
      token: family.parent.token,
      body: { changes: [device.change('pages', '018f0000-0000-7000-8000-000000000001', 'image_asset_sha256', shaOf(used))] },
    });

    const inAWhile = (days: number) => new Date(Date.now() + days * 86_400_000);
    const store = s3Store();
    expect(await sweepUnreferencedBlobs(server.store, store, inAWhile(30))).toEqual({ forgotten: 0, removed: 0 });
    // 91 days on: the two families' three unused copies are forgotten, two stored pictures removed.
    expect(await sweepUnreferencedBlobs(server.store, store, inAWhile(91))).toEqual({ forgotten: 3, removed: 2 });
    expect(await store.get(shaOf(unused))).toBeNull();
    expect(await store.get(shaOf(used))).toEqual(used);
    // The shared picture is gone from both families now, and so from storage.
    expect(await store.get(shaOf(shared))).toBeNull();
    expect((await server.call('GET', `/api/families/${family.id}/assets/${shaOf(used)}`, { token: family.parent.token })).status).toBe(200);
  });

  it('takes a page’s narration only as MP3 sent as audio/mpeg, and serves it back as that, by the ranges a media element asks for', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const { mp3, sha256 } = await narrationOf('The fox ran home.');
    const url = `/api/families/${family.id}/assets/${sha256}`;
    const put = (data: Buffer, contentType: string) => server.call('PUT', `/api/families/${family.id}/assets/${shaOf(data)}`, { token: family.child.token, raw: data, contentType });
    const page = Buffer.from('<!doctype html><script>fetch("/api/me")</script>');
    const png = await pictureOf(9, 'png');
    // Frame headers with nothing after the first: no audio a player would play.
    const oneHeader = mp3.subarray(0, 4);
    for (const data of [page, png, oneHeader, Buffer.alloc(4096)]) {
      expect(await put(data, 'audio/mpeg')).toMatchObject({ status: 400, body: { error: { code: 'invalid-input', message: 'Those bytes are not MP3 audio of type audio/mpeg, as the request says they are.' } } });
    }
    expect((await put(mp3, 'image/png')).status).toBe(400);
    expect((await put(mp3, 'audio/mp3')).status).toBe(415);
    expect(await server.store.db.selectFrom('blobs').selectAll().execute()).toEqual([]);

    expect((await put(mp3, 'audio/mpeg')).status).toBe(204);
    const back = await server.call<Buffer>('GET', url, { token: family.parent.token });
    expect(back.headers['content-type']).toBe('audio/mpeg');
    expect(Buffer.from(back.body)).toEqual(mp3);
    // Safari asks for the first two bytes before it plays anything; a player seeking asks for a part.
    const ranged = (range: string) => server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${family.child.token}`, range } });
    for (const [range, start, end] of [['bytes=0-1', 0, 1], ['bytes=100-199', 100, 199], ['bytes=-10', mp3.length - 10, mp3.length - 1], [`bytes=10-${mp3.length * 2}`, 10, mp3.length - 1]] as const) {
      const part = await ranged(range);
      expect(part.statusCode, range).toBe(206);
      expect(part.headers['content-range'], range).toBe(`bytes ${start}-${end}/${mp3.length}`);
      expect(part.rawPayload, range).toEqual(mp3.subarray(start, end + 1));
    }
    for (const range of ['bytes=5-2', 'bytes=0-1,4-5', 'items=0-1']) expect((await ranged(range)).statusCode, range).toBe(200);
    expect((await ranged('bytes=-0')).statusCode).toBe(416);
  });

  it('takes a narration of up to 20 MiB, more than a picture’s parser would, and refuses a larger one before reading it', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const { mp3 } = await narrationOf('Once upon a time there was a fox who ran all the way home.');
    // MP3 files end to end are one MP3, as players read them: some 2 MB of it, past Fastify's default limit.
    const long = Buffer.concat(Array.from({ length: Math.ceil((2 * 1024 * 1024) / mp3.length) }, () => mp3));
    expect((await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(long)}`, { token: family.child.token, raw: long, contentType: 'audio/mpeg' })).status).toBe(204);
    const tooBig = await server.app.inject({
      method: 'PUT',
      url: `/api/families/${family.id}/assets/${'a'.repeat(64)}`,
      headers: { authorization: `Bearer ${family.child.token}`, 'content-type': 'audio/mpeg' },
      payload: Buffer.alloc(MAX_AUDIO_BYTES + 1),
    });
    expect(tooBig.statusCode).toBe(413);
  });

  it('counts a narration as using its audio, and forgets audio that no narration names any more', async () => {
    const server = await testSyncServer(s3Env());
    const family = await server.family();
    const [used, replaced] = await Promise.all([narrationOf('The fox ran home.'), narrationOf('The fox ran home.', { readerName: 'Kofi' })]);
    for (const { mp3 } of [used, replaced]) await server.call('PUT', `/api/families/${family.id}/assets/${shaOf(mp3)}`, { token: family.parent.token, raw: mp3, contentType: 'audio/mpeg' });
    const device = deviceClock();
    const pageId = randomUUID();
    for (const { sha256 } of [replaced, used]) {
      await server.call('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [device.change('page_narrations', pageId, 'audio_asset_sha256', sha256)] } });
    }
    const store = s3Store();
    expect(await sweepUnreferencedBlobs(server.store, store, new Date(Date.now() + 91 * 86_400_000))).toEqual({ forgotten: 1, removed: 1 });
    expect(await store.get(replaced.sha256)).toBeNull();
    expect(await store.get(used.sha256)).toEqual(used.mp3);
  });
});
