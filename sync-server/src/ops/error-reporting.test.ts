import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { buildSyncServer } from '../server';
import { testSyncServer } from '../../test-support/sync-test-server';
import { errorReporting } from './error-reporting';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** Sentry's ingestion endpoint as far as the SDK needs it: takes envelopes, keeps them for the test. */
async function sentryIngest() {
  const envelopes: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      envelopes.push((request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString());
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { dsn: `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/42`, envelopes };
}

describe('error reporting', () => {
  it('sends an unexpected error to Sentry with its route, and no token, cookie or family data', async () => {
    const ingest = await sentryIngest();
    const errors = await errorReporting(ingest.dsn, 'test');
    const base = await testSyncServer();
    const family = await base.family('The Private Family');
    const app = await buildSyncServer({ config: readConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' }), store: base.store, errors, logger: false });
    await base.store.close();

    const answer = await app.inject({ method: 'GET', url: `/api/families/${family.id}`, headers: { authorization: `Bearer ${family.parent.token}`, cookie: 'storysprout_session=secret-cookie' } });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({ error: { code: 'internal', message: 'Something went wrong on the server. It has been logged.' } });
    await errors.flush();
    await app.close();

    const sent = ingest.envelopes.join('\n');
    expect(sent).toMatch(/"type":"event"/);
    expect(sent).toMatch(/"route":"\/api\/families\/:id"/);
    for (const secret of [family.parent.token, 'secret-cookie', family.id, 'The Private Family']) expect(sent).not.toContain(secret);
  });
});
