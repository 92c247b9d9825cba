import { hashToSeed, pick, seededRandom } from '../seeded-random';
import type { StoryDraft, StoryRequest, TextProvider } from './provider-types';

/**
 * Stories written on this computer from a small library of story shapes, filled with the family's
 * idea and characters. No network, no key: the first book works at once, and drafting works with
 * the network off. Offline drafts are in English and labelled as drafts in the window.
 */
interface StoryShape {
  name: string;
  opening: string[];
  middle: string[];
  closing: string[];
  /** For the back cover: about the story's feeling and its friends, never the idea as typed. */
  blurbs: string[];
}

const SHAPES: StoryShape[] = [
  {
    name: 'journey',
    opening: [
      '{hero} woke up early, because today was the day for {idea}.',
      'One sunny morning, {hero} packed a little bag. It was time for {idea}.',
    ],
    middle: [
      'The path wound past tall trees, and {hero} hummed a happy song.',
      '{friend} waved from a hill. "Wait for me!" {friend} called, and ran to join {hero}.',
      'A wide river blocked the way. {hero} and {friend} built a bridge from sticks and stones.',
      'The wind whispered a secret: the best part was just ahead.',
      'They stopped for a snack and counted the clouds: one, two, three, a whole sky of them.',
      'A small bird was lost. {hero} helped it find its nest before walking on.',
      'The path grew steep, but {hero} took one brave step, and then another.',
      '{friend} was tired, so {hero} told a funny story until they were both laughing.',
    ],
    closing: [
      'At last they found it: {idea} was even better than {hero} had dreamed.',
      'That night, {hero} fell asleep smiling, already dreaming of the next adventure.',
    ],
    blurbs: [
      'Pack a little bag and set off with {hero} and {friend}. Over hills and past tall trees, every step brings something new. A warm adventure about being brave, one step at a time.',
      '{hero} has a big day ahead, and {friend} comes along for every step of it. A cheerful journey for little explorers, about the joy of finding out what is around the next bend.',
    ],
  },
  {
    name: 'problem-solving',
    opening: [
      'In a cozy little town lived {hero}, who loved {idea} more than anything.',
      '{hero} had a wonderful plan, and it was all about {idea}.',
    ],
    middle: [
      'But oh no! Something went wrong, and {hero} felt a little wobbly inside.',
      '{hero} took a deep breath and thought very hard.',
      '"Let\'s ask {friend}," said {hero}. {friend} always had good ideas.',
      'They tried one way. It did not work. They tried another way. Almost!',
      'Everyone in town came to help, each with something small and kind.',
      '{friend} noticed a clue that nobody else had seen.',
      'Working together felt like magic, even though it was just friends being friends.',
      'The problem grew smaller and smaller, like a puddle in the sun.',
    ],
    closing: [
      'And just like that, {idea} was saved, and everyone cheered for {hero}.',
      '{hero} learned that hard things feel lighter when you share them.',
    ],
    blurbs: [
      'When something goes wrong, {hero} takes a deep breath and asks {friend} for help. A warm story about trying, trying again, and what friends can do together.',
      '{hero} has a wonderful plan, until it starts to wobble. With {friend} and a whole town of helpers, there might just be a way. A story to cheer on, page by page.',
    ],
  },
  {
    name: 'bedtime',
    opening: [
      'When the moon came up, {hero} was thinking about {idea}.',
      'It was almost bedtime, but {hero} had one more wish: {idea}.',
    ],
    middle: [
      'The stars blinked hello, one by one, all across the sky.',
      '{friend} tiptoed in with a soft blanket and a sleepy yawn.',
      'Outside, the owls said good night to the trees.',
      '{hero} imagined floating on a cloud, as light as a feather.',
      'A gentle breeze carried a lullaby over the rooftops.',
      '{friend} whispered, "Tomorrow will be wonderful, too."',
      'The night-light glowed like a tiny, friendly sun.',
      'Every toy was tucked in, and every shoe was in its place.',
    ],
    closing: [
      '{hero} closed both eyes and dreamed of {idea}.',
      'Good night, {hero}. Good night, {friend}. Good night, moon.',
    ],
    blurbs: [
      'The moon is up, the stars blink hello, and {hero} is almost ready for sleep. A soft, cozy story to share at the end of the day, with {friend} close by.',
      'As the night-light glows and the owls say good night, {hero} and {friend} drift off toward dreamland. A calm bedtime story to read slowly, together.',
    ],
  },
];

const BRIEF_SETTINGS = ['a sunny meadow', 'a cozy kitchen', 'a starry night sky', 'a tall forest', 'a seaside town', 'a garden full of flowers'];

export function createOfflineStoryProvider(): TextProvider {
  return {
    id: 'offline',
    model: 'story-shapes-1',
    async writeStory(request: StoryRequest): Promise<StoryDraft> {
      const random = seededRandom(hashToSeed(`${request.idea}|${request.pageCount}|${request.tone}`));
      const shape = pick(random, SHAPES);
      const hero = request.characters[0]?.name ?? 'Little Sprout';
      const friend = request.characters[1]?.name ?? pick(random, ['Pip', 'Juniper', 'Mo', 'Bea']);
      const idea = request.idea.trim().replace(/[.!?]+$/, '');
      const fill = (line: string) => line.replaceAll('{hero}', hero).replaceAll('{friend}', friend).replaceAll('{idea}', idea);

      const middleCount = request.pageCount - 2;
      const middles = Array.from({ length: middleCount }, (_, index) => shape.middle[index % shape.middle.length]!);
      const lines = [pick(random, shape.opening), ...middles, shape.closing[random() < 0.5 ? 0 : 1]!];
      const blurb = pick(random, shape.blurbs);
      const who = request.characters.length > 0 ? request.characters.map((c) => c.name).join(' and ') : hero;

      return {
        title: (request.characters[0] ? `${hero} and ${idea}` : `${idea.charAt(0).toUpperCase()}${idea.slice(1)}`).slice(0, 120),
        blurb: fill(blurb),
        pages: lines.map((line, index) => ({
          text: fill(line),
          illustrationBrief: `${who} in ${BRIEF_SETTINGS[index % BRIEF_SETTINGS.length]}, ${shape.name} story, page ${index + 1}`,
        })),
      };
    },
  };
}
