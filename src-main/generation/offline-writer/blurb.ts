import { fitBlurb } from '../story-format';
import type { Cast } from './cast';

/** A back-cover blurb naming the hero and the friend, never repeating the idea as typed. */
export function blurbFor(templates: readonly string[], cast: Cast, typedIdea: string, random: () => number): string {
  const start = Math.floor(random() * templates.length);
  const idea = typedIdea.trim().toLowerCase();
  const repeatsIdea = (blurb: string) => /\s/.test(idea) && blurb.toLowerCase().includes(idea);
  for (let offset = 0; offset < templates.length; offset++) {
    const template = templates[(start + offset) % templates.length]!;
    const blurb = fitBlurb(template.replaceAll('{hero}', cast.hero.name).replaceAll('{friend}', cast.friend.name));
    if (blurb && !repeatsIdea(blurb)) return blurb;
  }
  return 'A warm story to share, page by page, with someone you love.';
}
