import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';
import { readConfig } from '../config';

const METRICS_TOKEN = 'metrics-token-for-the-prometheus-of-this-test';

describe('operations', () => {
  it('is healthy, ready on the database under test, and documents its API', async () => {
    const server = await testSyncServer();
    expect((await server.call('GET', '/healthz')).body).toEqual({ ok: true });
    expect((await server.call('GET', '/readyz')).body).toEqual({ ok: true, database: process.env.SYNC_TEST_DATABASE_URL ? 'postgres' : 'sqlite' });
    const openapi = await server.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/docs/json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toContain('/api/families/{id}/sync');
  });

  it('reports request latency, sync batch sizes and open sockets to Prometheus', async () => {
    const server = await testSyncServer({ METRICS_TOKEN });
    const family = await server.family();
    await server.call('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [] } });
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/storysprout_http_request_duration_seconds_count\{method="POST",route="\/api\/families\/:id\/sync",status="200"\} 1/);
    expect(metrics.body).toMatch(/storysprout_sync_batch_changes_count 1/);
    expect(metrics.body).toMatch(/storysprout_open_websockets 0/);
    expect(metrics.body).not.toContain(family.id);
  });

  it('serves no metrics when no metrics token is set', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const origin = await server.listen();
    expect((await fetch(`${origin}/metrics`)).status).toBe(404);
    expect((await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${family.parent.token}` } })).status).toBe(404);
  });

  it('shows its metrics only to whoever sends the metrics token', async () => {
    const server = await testSyncServer({ METRICS_TOKEN });
    const origin = await server.listen();
    for (const authorization of [undefined, 'Bearer ', `Bearer ${METRICS_TOKEN.slice(0, -1)}`, `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`]) {
      const refused = await fetch(`${origin}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain('storysprout_');
    }
    const allowed = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('storysprout_http_request_duration_seconds');
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must have at least 32 characters/);
  });

  it('is not ready when its database is gone', async () => {
    const server = await testSyncServer();
    await server.store.close();
    const answer = await server.call('GET', '/readyz');
    expect(answer.status).toBe(503);
  });
});
