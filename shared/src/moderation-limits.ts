/**
 * A family's limits: the highest score each category may reach before words or a picture are
 * held for a parent. Subcategories ("violence/graphic") fall back to their parent category's
 * limit. Defaults lean cautious: these are books for children. Shared by the desktop app, which
 * checks with the family's own key, and the sync server's AI proxy, which checks for it.
 */
export type Thresholds = Record<string, number>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  sexual: 0.1,
  'sexual/minors': 0.01,
  violence: 0.4,
  'violence/graphic': 0.2,
  'self-harm': 0.1,
  hate: 0.1,
  harassment: 0.3,
  illicit: 0.3,
};

export interface Crossing {
  category: string;
  score: number;
  limit: number;
}

/** The categories whose score went past the family's limit, worst first. */
export function crossings(scores: Record<string, number>, thresholds: Thresholds): Crossing[] {
  const found: Crossing[] = [];
  for (const [category, score] of Object.entries(scores)) {
    const limit = thresholds[category] ?? thresholds[category.split('/')[0]!];
    if (limit !== undefined && score > limit) found.push({ category, score, limit });
  }
  return found.sort((a, b) => b.score - a.score);
}
