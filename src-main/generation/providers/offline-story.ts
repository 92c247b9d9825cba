import { writeOfflineStory } from '../offline-writer/write-story';
import type { StoryDraft, StoryRequest, TextProvider } from './provider-types';

/**
 * Stories written on this computer (see `generation/offline-writer/`): no network, no key, so the
 * first book works at once and drafting works with the network off. Offline drafts are in
 * English and labelled as drafts in the window.
 */
export function createOfflineStoryProvider(): TextProvider {
  return {
    id: 'offline',
    model: 'story-shapes-2',
    consistency: { unavailable: 'The offline writer cannot look at pictures, so pages are not compared with their cast.' },
    async writeStory(request: StoryRequest): Promise<StoryDraft> {
      return writeOfflineStory(request);
    },
  };
}
