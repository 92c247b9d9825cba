import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app';

describe('keys in the CLI and the browser host', () => {
  it('come from the environment, and the window learns only whether one is set', async () => {
    const app = await testApp({ env: { OPENAI_API_KEY: 'sk-very-secret' } });
    const status = await app.call('secrets.status', {});
    expect(status).toEqual({ storage: 'environment', openaiApiKey: 'set', weakStorage: 'not-needed' });
    expect(JSON.stringify(await app.call('settings.get', {}))).not.toContain('sk-very-secret');
  });

  it('cannot be stored from the window here, with the reason', async () => {
    const app = await testApp();
    expect(await app.dispatch('secrets.set', { name: 'openai-api-key', value: 'sk-1' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Here keys come from the environment: set OPENAI_API_KEY before starting StorySprout.' },
    });
  });

  it('keep the sync session in a file only this user can read, and forget it on signing out', async () => {
    const app = await testApp();
    app.core.secrets.set('sync-session-token', 'session-xyz');
    const file = path.join(app.dataDir, 'sync-session');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(app.core.secrets.get('sync-session-token')).toBe('session-xyz');
    app.core.secrets.delete('sync-session-token');
    expect(fs.existsSync(file)).toBe(false);
  });
});
