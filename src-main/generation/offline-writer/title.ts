import type { Cast } from './cast';
import { titleCase } from './english';
import type { ParsedIdea } from './idea';

const MAX_TITLE_WORDS = 8;
const MAX_TITLE_CHARACTERS = 120;

const comparable = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * A title that reads like one: from what the idea says happens ("Pip Opens a Bakery on an
 * Iceberg"), what it is about ("Sam and Grandpa's Garden"), or the story's shape ("Good Night,
 * Pip"); title case, at most eight words, no end punctuation, and never the idea as typed.
 */
export function titleFor(input: { idea: ParsedIdea; typedIdea: string; cast: Cast; topic: string | null; shapeTitles: readonly string[] }): string {
  const { idea, cast, topic } = input;
  const hero = cast.hero.name;
  const candidates: string[] = [];
  if (idea.action) candidates.push(`${cast.doer.name} ${idea.action.present}`);
  if (idea.event?.title) candidates.push(`${hero} and ${idea.event.title}`);
  if (idea.event) candidates.push(`The Day ${idea.event.past}`);
  if (topic) {
    if (idea.topic?.occasion && topic.includes(`${hero}'s`)) candidates.push(topic);
    if (!topic.includes(hero)) candidates.push(`${hero} and ${topic.replace(/^an? /, 'the ')}`);
  }
  candidates.push(...input.shapeTitles.map((title) => title.replaceAll('{hero}', hero).replaceAll('{friend}', cast.friend.name)), `${hero}'s Story`);

  const typed = comparable(input.typedIdea);
  const fitting = candidates
    .map((candidate) => candidate.replace(/[\s.,;:!?]+$/, ''))
    .find(
      (candidate) =>
        candidate.split(/\s+/).length <= MAX_TITLE_WORDS &&
        candidate.length <= MAX_TITLE_CHARACTERS &&
        candidate.split(/\s+/).every((word) => /^[\p{L}\p{N}'’,-]+$/u.test(word)) &&
        comparable(candidate) !== typed,
    );
  return titleCase(fitting ?? hero.split(/\s+/).slice(0, MAX_TITLE_WORDS).join(' ').slice(0, MAX_TITLE_CHARACTERS).replace(/[\s.,;:!?]+$/, ''));
}
