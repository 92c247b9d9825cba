import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';

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
    const server = await testSyncServer();
    const family = await server.family();
    await server.call('POST', `/api/families/${family.id}/sync`, { token: family.parent.token, body: { changes: [] } });
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/storysprout_http_request_duration_seconds_count\{method="POST",route="\/api\/families\/:id\/sync",status="200"\} 1/);
    expect(metrics.body).toMatch(/storysprout_sync_batch_changes_count 1/);
    expect(metrics.body).toMatch(/storysprout_open_websockets 0/);
    expect(metrics.body).not.toContain(family.id);
  });

  it('is not ready when its database is gone', async () => {
    const server = await testSyncServer();
    await server.store.close();
    const answer = await server.call('GET', '/readyz');
    expect(answer.status).toBe(503);
  });
});
