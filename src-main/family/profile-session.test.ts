import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app';
import { testHost } from '../../tests/support/test-host';

async function familyWithChild() {
  const app = await testApp();
  const { member: parent } = await app.call('profile.current', {});
  await app.call('family.setPin', { memberId: parent.id, pin: '2468' });
  const child = await app.call('family.addMember', { displayName: 'Mia', role: 'child-creator' });
  return { app, parent, child };
}

describe('family profiles', () => {
  it('starts a new library with one family and its parent at the computer', async () => {
    const app = await testApp();
    const profile = await app.call('profile.current', {});
    expect(profile).toMatchObject({ family: { name: 'Our family' }, member: { displayName: 'Parent', role: 'parent-admin', hasPin: false } });
  });

  it('lets anyone switch to a child, but asks for the parent PIN to switch back', async () => {
    const { app, parent, child } = await familyWithChild();
    expect((await app.call('profile.switch', { memberId: child.id })).member.displayName).toBe('Mia');

    expect(await app.dispatch('profile.switch', { memberId: parent.id })).toEqual({
      ok: false,
      error: { code: 'wrong-pin', message: 'That PIN is not right. Try again.' },
    });
    expect(await app.dispatch('profile.switch', { memberId: parent.id, pin: '1357' })).toMatchObject({ ok: false, error: { code: 'wrong-pin' } });
    expect((await app.call('profile.current', {})).member.id).toBe(child.id);

    expect((await app.call('profile.switch', { memberId: parent.id, pin: '2468' })).member.role).toBe('parent-admin');
  });

  it('keeps a child away from parent-only calls', async () => {
    const { app, child } = await familyWithChild();
    await app.call('profile.switch', { memberId: child.id });
    for (const [name, input] of [
      ['family.addMember', { displayName: 'Sneaky', role: 'parent-admin' }],
      ['family.setPin', { memberId: child.id, pin: '0000' }],
      ['family.rename', { name: 'Mia’s family' }],
      ['secrets.status', {}],
      ['secrets.set', { name: 'openai-api-key', value: 'sk-child' }],
    ] as const) {
      expect(await app.dispatch(name, input)).toEqual({
        ok: false,
        error: { code: 'parent-only', message: 'Only a parent can do that. Switch to a parent profile first.' },
      });
    }
    expect((await app.call('family.get', {})).members.map((member) => member.displayName)).toEqual(['Parent', 'Mia']);
  });

  it('locks switching for a minute after five wrong PINs', async () => {
    const { app, parent, child } = await familyWithChild();
    await app.call('profile.switch', { memberId: child.id });
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(app.call('profile.switch', { memberId: parent.id, pin: '0000' })).rejects.toThrow(/wrong-pin: That PIN is not right/);
    }
    await expect(app.call('profile.switch', { memberId: parent.id, pin: '2468' })).rejects.toThrow(/Too many wrong PINs. Try again in \d+ seconds/);
    // Quitting and opening the app again does not lift the lock.
    await app.close();
    const reopened = await testApp({ dataDir: app.dataDir });
    await expect(reopened.call('profile.switch', { memberId: parent.id, pin: '2468' })).rejects.toThrow(/Too many wrong PINs/);
  });

  it('locks switching after five wrong PINs even when twenty guesses arrive at once over the host', async () => {
    const { app, call } = await testHost();
    const { member: parent } = await app.call('profile.current', {});
    await app.call('family.setPin', { memberId: parent.id, pin: '2468' });
    const child = await app.call('family.addMember', { displayName: 'Mia', role: 'child-creator' });
    await app.call('profile.switch', { memberId: child.id });
    // Twenty different guesses in flight together, the right PIN among the last of them.
    const guesses = Array.from({ length: 20 }, (_, index) => (index === 15 ? '2468' : String(1000 + index)));
    const answers = await Promise.all(guesses.map((pin) => call('profile.switch', { memberId: parent.id, pin })));
    const messages = answers.map((answer) => (answer.ok ? 'switched' : answer.error.message));
    expect(messages.filter((message) => message === 'That PIN is not right. Try again.')).toHaveLength(5);
    expect(messages.filter((message) => /^Too many wrong PINs/.test(message))).toHaveLength(15);
    expect((await app.call('profile.current', {})).member.id).toBe(child.id);
  });

  it('remembers who was at the computer across a restart', async () => {
    const { app, child } = await familyWithChild();
    await app.call('profile.switch', { memberId: child.id });
    await app.close();
    const again = await testApp({ dataDir: app.dataDir });
    expect((await again.call('profile.current', {})).member.id).toBe(child.id);
  });

  it('needs the current PIN to change a PIN, and gives PINs to parents only', async () => {
    const { app, parent, child } = await familyWithChild();
    await expect(app.call('family.setPin', { memberId: parent.id, pin: '1111' })).rejects.toThrow(/wrong-pin/);
    await expect(app.call('family.setPin', { memberId: parent.id, pin: '1111', currentPin: '9999' })).rejects.toThrow(/wrong-pin/);
    expect(await app.call('family.setPin', { memberId: parent.id, pin: '1111', currentPin: '2468' })).toMatchObject({ hasPin: true });
    await expect(app.call('family.setPin', { memberId: child.id, pin: '1234' })).rejects.toThrow(/Only a parent has a PIN/);
  });

  it('keeps the PIN only as a slow salted hash', async () => {
    const { app, parent } = await familyWithChild();
    const row = await app.core.store.db.selectFrom('members').select('pin_hash').where('id', '=', parent.id).executeTakeFirstOrThrow();
    expect(row.pin_hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row.pin_hash).not.toContain('2468');
  });

  it('renames the family', async () => {
    const app = await testApp();
    expect(await app.call('family.rename', { name: 'The Okafors' })).toMatchObject({ name: 'The Okafors' });
  });
});
