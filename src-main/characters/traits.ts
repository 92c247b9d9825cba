import { characterTraits } from '@storysprout/shared/synced-fields';

/** A character's traits as stored, or null when they cannot be read: the character is then shown as damaged, never as an error. */
export function readTraits(traitsJson: string): string[] | null {
  try {
    const parsed = characterTraits.safeParse(JSON.parse(traitsJson));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const MOST_TRAITS = 12;
const LONGEST_TRAIT = 80;

/** A written look as traits: its comma-separated phrases, each cut at a word to fit, as many as a character keeps. */
export function traitsFromLook(look: string): string[] {
  return look
    .split(/[,;]/)
    .map((phrase) => phrase.trim().replace(/\.$/, ''))
    .filter(Boolean)
    .map((phrase) => (phrase.length <= LONGEST_TRAIT ? phrase : phrase.slice(0, LONGEST_TRAIT + 1).replace(/\s+\S*$/, '') || phrase.slice(0, LONGEST_TRAIT)))
    .slice(0, MOST_TRAITS);
}
