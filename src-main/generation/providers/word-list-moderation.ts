import type { ModerationProvider, ModerationScores } from './provider-types';

/**
 * A check that works with no network: whole words against short lists per category. It scores a
 * category 1 when a listed word appears and 0 otherwise; it cannot read context and cannot look
 * at pictures, and the window says so to parents.
 */
const WORDS: Record<string, string[]> = {
  violence: ['kill', 'killed', 'kills', 'murder', 'blood', 'bloody', 'stab', 'stabbed', 'gun', 'shoot', 'shot', 'weapon', 'corpse', 'gore'],
  'self-harm': ['suicide', 'self-harm', 'cutting', 'overdose'],
  sexual: ['sex', 'sexy', 'naked', 'nude', 'porn'],
  hate: ['slur', 'nazi', 'racist'],
  harassment: ['stupid', 'idiot', 'loser', 'shut up', 'ugly'],
  illicit: ['drugs', 'cocaine', 'heroin', 'beer', 'wine', 'vodka', 'cigarette'],
};

export function createWordListModeration(): ModerationProvider {
  const patterns = Object.entries(WORDS).map(
    ([category, words]) => [category, new RegExp(`\\b(${words.map((word) => word.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|')})\\b`, 'i')] as const,
  );
  return {
    id: 'word-list',
    limits: 'Checks words against short lists on this computer. It cannot understand context or look at pictures: read books made this way before sharing them.',
    async checkText(text) {
      const scores: ModerationScores = {};
      for (const [category, pattern] of patterns) scores[category] = pattern.test(text) ? 1 : 0;
      return scores;
    },
    async checkPicture() {
      return null;
    },
  };
}
