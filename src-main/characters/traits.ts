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
