import type { ParsedIdea } from './idea';
import type { Beat } from './story-shapes';

/**
 * The lines that carry the family's idea: how the story starts from it and how it ends. Like
 * the shapes' beats they run from long to short, and the writer joins them to a shape's opening
 * or closing page. Lines that name nobody ("One day, the moon was lost.") only ever go beside a
 * shape line that does.
 */

/** The idea's first line; `topic` is the idea's topic with its cast names filled in. */
export function openingFromIdea(idea: ParsedIdea, topic: string | null): Beat | null {
  const { action, event } = idea;
  if (action) {
    const scene = `{doer} ${action.doing}`;
    switch (action.kind) {
      case 'deed':
        return { shows: ['doer'], scene, lines: [`It was time for {doer} to ${action.base}.`, `{doer} had a big plan. {doer} wanted to ${action.base}.`, `Big plans! {doer} wanted to ${action.base}.`] };
      case 'wish':
        return { shows: ['doer'], scene, lines: [`More than anything, {doer} wanted ${action.wish}.`, `{doer} had a wish. {doer} wanted ${action.wish}.`, `{doer} wanted ${action.wish}.`] };
      case 'mishap':
        return { shows: ['doer'], scene, lines: [`One morning, {doer} ${action.past}.`, `Oh no! {doer} ${action.past}!`] };
      case 'state':
        return { shows: ['doer'], scene, lines: [`Everyone knew that {doer} ${action.past}.`, `{doer} ${action.past}.`] };
    }
  }
  if (event) return { shows: ['hero'], scene: '', lines: event.mishap ? [`Oh no, ${event.past}!`, `One day, ${event.past}.`] : [`One day, ${event.past}.`] };
  if (topic && idea.topic?.occasion) return { shows: ['hero'], scene: '', lines: [/^an? /.test(topic) ? `Today there was ${topic}.` : `Today was ${topic}.`] };
  if (topic) return { shows: ['hero'], scene: '', lines: [`More than anything, {hero} loved ${topic}.`, `{hero} loved ${topic}.`] };
  return null;
}

/** The idea's last line: what the doer did, or how the wish or the mishap turned out. */
export function closingFromIdea(idea: ParsedIdea): Beat | null {
  const { action, event } = idea;
  if (action?.kind === 'deed') return { shows: ['doer'], scene: '', lines: [`And that is how {doer} ${action.past}.`, `{doer} ${action.past}!`] };
  if (action?.outcome) return { shows: ['doer'], scene: '', lines: [`At last, {doer} ${action.outcome}.`, `{doer} ${action.outcome}!`] };
  if (action?.kind === 'mishap') return { shows: ['doer'], scene: '', lines: ['In the end, {doer} felt much better.', '{doer} felt better.'] };
  if (event?.outcome) return { shows: ['hero'], scene: '', lines: [`At last, ${event.outcome}.`] };
  return null;
}
