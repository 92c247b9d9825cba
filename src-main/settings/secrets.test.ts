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
});
