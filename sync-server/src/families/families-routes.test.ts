import { describe, expect, it } from 'vitest';
import { testSyncServer } from '../../test-support/sync-test-server';

describe('families', () => {
  it('makes a family whose maker is its parent, invites a child who joins, and lets parents change roles', async () => {
    const server = await testSyncServer();
    const family = await server.family('The Okafors');
    const seen = await server.call<{ members: { userId: string; role: string }[] }>('GET', `/api/families/${family.id}`, { token: family.child.token });
    expect(seen.status).toBe(200);
    expect(seen.body.members.map((member) => member.role)).toEqual(['parent-admin', 'child-creator']);
    expect((await server.call<{ families: unknown[] }>('GET', '/api/me', { token: family.child.token })).body.families).toEqual([
      { id: family.id, name: 'The Okafors', role: 'child-creator' },
    ]);

    const promote = await server.call('PATCH', `/api/families/${family.id}/members/${family.child.user.id}`, { token: family.child.token, body: { role: 'parent-admin' } });
    expect(promote.status).toBe(403);
    const promoted = await server.call('PATCH', `/api/families/${family.id}/members/${family.child.user.id}`, { token: family.parent.token, body: { role: 'parent-admin' } });
    expect(promoted.status).toBe(200);
  });

  it('keeps a parent in every family, lets members leave and parents remove', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const lastParent = await server.call('DELETE', `/api/families/${family.id}/members/${family.parent.user.id}`, { token: family.parent.token });
    expect(lastParent).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/needs at least one parent/) } } });
    const demote = await server.call('PATCH', `/api/families/${family.id}/members/${family.parent.user.id}`, { token: family.parent.token, body: { role: 'child-creator' } });
    expect(demote.status).toBe(400);
    expect((await server.call('DELETE', `/api/families/${family.id}/members/${family.child.user.id}`, { token: family.child.token })).status).toBe(204);
    expect((await server.call('GET', `/api/families/${family.id}`, { token: family.child.token })).status).toBe(404);
  });

  it('refuses an invitation used twice or past its date', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const invite = await server.call<{ code: string }>('POST', `/api/families/${family.id}/invites`, { token: family.parent.token, body: {} });
    const someone = await server.person();
    expect((await server.call('POST', `/api/invites/${invite.body.code}/accept`, { token: someone.token })).status).toBe(200);
    const late = await server.person();
    expect((await server.call('POST', `/api/invites/${invite.body.code}/accept`, { token: late.token })).status).toBe(404);
    const old = await server.call<{ code: string }>('POST', `/api/families/${family.id}/invites`, { token: family.parent.token, body: { expiresInDays: 1 } });
    await server.store.db.updateTable('invites').set({ expires_at: '2020-01-01T00:00:00.000Z' }).where('accepted_by', 'is', null).execute();
    expect(await server.call('POST', `/api/invites/${old.body.code}/accept`, { token: late.token })).toMatchObject({ status: 410, body: { error: { code: 'invite-expired' } } });
  });

  it('lets exactly one of many people accepting one invitation at the same moment join', async () => {
    const server = await testSyncServer({ SIGNUPS_PER_HOUR_PER_ADDRESS: '100' });
    const family = await server.family();
    const invite = await server.call<{ code: string }>('POST', `/api/families/${family.id}/invites`, { token: family.parent.token, body: {} });
    const people = await Promise.all(Array.from({ length: 8 }, () => server.person()));
    const origin = await server.listen();
    const statuses = await Promise.all(
      people.map(async (someone) => (await fetch(`${origin}/api/invites/${invite.body.code}/accept`, { method: 'POST', headers: { authorization: `Bearer ${someone.token}` } })).status),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 404)).toHaveLength(people.length - 1);
    const members = await server.call<{ members: unknown[] }>('GET', `/api/families/${family.id}`, { token: family.parent.token });
    expect(members.body.members).toHaveLength(3);
  });

  it('lets only parents change the family’s limits', async () => {
    const server = await testSyncServer();
    const family = await server.family();
    const limits = { thresholds: { violence: 0.2, 'violence/graphic': 0.1 } };
    expect((await server.call('PUT', `/api/families/${family.id}/moderation`, { token: family.child.token, body: limits })).status).toBe(403);
    expect((await server.call('PUT', `/api/families/${family.id}/moderation`, { token: family.parent.token, body: limits })).status).toBe(200);
    expect((await server.call('GET', `/api/families/${family.id}/moderation`, { token: family.child.token })).body).toEqual(limits);
    const bad = await server.call('PUT', `/api/families/${family.id}/moderation`, { token: family.parent.token, body: { thresholds: { violence: 3 } } });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/a limit is from 0 to 1/) } } });
  });
});
