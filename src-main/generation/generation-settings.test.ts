import { describe, expect, it } from 'vitest';
import { testApp } from '../../tests/support/test-app';

describe('generation settings', () => {
  it('starts offline with no key, and names what a new book would use', async () => {
    const app = await testApp();
    const view = await app.call('settings.get', {});
    expect(view.effective).toEqual({ text: 'offline', image: 'offline' });
    expect(view.providers.openai).toEqual({ textModel: 'gpt-4.1-mini', imageModel: 'gpt-image-2', moderationModel: 'omni-moderation-latest', speechModel: 'gpt-4o-mini-tts', transcriptionModel: 'whisper-1' });
    expect(view.prices['openai:gpt-image-2']).toBe(0.042);
  });

  it('keeps a parent’s provider choice, and says when a choice is not ready', async () => {
    const app = await testApp();
    const view = await app.call('settings.setProviders', { image: 'automatic1111', automatic1111: { baseUrl: 'http://192.168.1.20:7860' } });
    expect(view.effective.image).toBe('automatic1111');
    const needsKey = await app.call('settings.setProviders', { text: 'openai' });
    expect(needsKey.effective.text).toMatch(/^not ready: OpenAI needs an API key/);
  });

  it('lets the environment override the saved choice', async () => {
    const app = await testApp({ env: { STORYSPROUT_IMAGE_PROVIDER: 'comfyui', STORYSPROUT_COMFYUI_URL: 'http://127.0.0.1:8188' } });
    await app.call('settings.setProviders', { image: 'offline' });
    expect((await app.call('settings.get', {})).effective.image).toBe('comfyui');
  });

  it('uses a parent’s prices for the cost of a book', async () => {
    const app = await testApp();
    const view = await app.call('settings.setPrices', { prices: { 'openai:gpt-image-2': 0.08 } });
    expect(view.prices['openai:gpt-image-2']).toBe(0.08);
    expect(view.prices['openai:gpt-4.1-mini']).toBe(0.004);
  });

  it('keeps the family’s moderation limits and is honest about the local check', async () => {
    const app = await testApp();
    const before = await app.call('moderation.get', {});
    expect(before).toMatchObject({ checker: 'word-list', limits: expect.stringMatching(/cannot understand context or look at pictures/) });
    expect(before.thresholds.violence).toBe(0.4);
    const after = await app.call('moderation.set', { thresholds: { violence: 1 } });
    expect(after.thresholds).toMatchObject({ violence: 1, sexual: 0.1 });

    // With violence allowed to the top of the scale, the same words are no longer held.
    const app2 = await testApp({ dataDir: app.dataDir, runQueue: true });
    await app.close();
    const started = await app2.call('generation.start', { idea: 'a knight covered in blood', pageCount: 4, readerAge: 6 });
    await app2.core.generation.settled(started.id);
    expect((await app2.call('library.get', { bookId: started.bookId })).pages[0]!.generateStatus).toBe('complete');
  });
});
