/**
 * Who can be in an offline story: the animals and beings an idea may name, and the people. Each
 * knows the words an idea names it by, what its body looks like, and friendly names to give it.
 */

export interface CreatureKind {
  kind: 'creature';
  key: string;
  /** Singular and plural, as an idea may name it. */
  words: string[];
  /** How the story names one: "penguin". */
  noun: string;
  /** How its look names a young one: "penguin chick". */
  young: string;
  builds: string[];
  /** Its body; `{colour}` is a colour the idea gave it, or one picked for it. */
  bodies: string[];
  colours: string[];
  names: string[];
}

export interface PersonKind {
  kind: 'person';
  key: string;
  words: string[];
  noun: string;
  gender: 'girl' | 'boy' | 'either';
  age: 'child' | 'grown-up' | 'grandparent';
  /** What the family calls them, used as their name: "Grandpa". Children get a name instead. */
  title?: string;
  /** Dress-up that makes the role ("a gold crown"), in place of everyday clothes. */
  costume?: string;
}

export type Kind = CreatureKind | PersonKind;

const creature = (key: string, more: Omit<CreatureKind, 'kind' | 'key' | 'noun' | 'young'> & { noun?: string; young?: string }): CreatureKind => ({
  kind: 'creature',
  key,
  noun: more.noun ?? key,
  young: more.young ?? more.noun ?? key,
  ...more,
});

const CREATURES: CreatureKind[] = [
  creature('penguin', { words: ['penguin', 'penguins'], young: 'penguin chick', builds: ['small round', 'little plump'], bodies: ['black and white feathers, an orange beak and orange feet'], colours: [], names: ['Pip', 'Percy', 'Penny', 'Pebble'] }),
  creature('bear', { words: ['bear', 'bears', 'teddy', 'teddies'], young: 'bear cub', builds: ['round cuddly', 'small sturdy'], bodies: ['soft {colour} fur and a round black nose'], colours: ['brown', 'golden brown', 'white'], names: ['Bruno', 'Bella', 'Barnaby', 'Honey', 'Bo'] }),
  creature('rabbit', { words: ['rabbit', 'rabbits', 'bunny', 'bunnies', 'hare', 'hares'], noun: 'rabbit', young: 'bunny', builds: ['small fluffy', 'little'], bodies: ['{colour} fur, long floppy ears and a white cotton tail'], colours: ['grey', 'brown', 'white'], names: ['Bea', 'Rosie', 'Remy', 'Clover'] }),
  creature('cat', { words: ['cat', 'cats', 'kitten', 'kittens', 'kitty'], young: 'kitten', builds: ['small slim', 'little fluffy'], bodies: ['{colour} fur, white paws and green eyes'], colours: ['ginger', 'grey', 'black'], names: ['Coco', 'Cleo', 'Milo', 'Tilly', 'Tom'] }),
  creature('fox', { words: ['fox', 'foxes'], young: 'fox cub', builds: ['small quick', 'little'], bodies: ['orange fur, a white chest and a bushy white-tipped tail'], colours: [], names: ['Finn', 'Fern', 'Felix', 'Juniper'] }),
  creature('dog', { words: ['dog', 'dogs', 'puppy', 'puppies', 'pup'], young: 'puppy', builds: ['small bouncy', 'little round'], bodies: ['{colour} fur, floppy ears and a waggy tail'], colours: ['brown', 'golden', 'black and white'], names: ['Daisy', 'Dot', 'Biscuit', 'Rufus', 'Rex'] }),
  creature('mouse', { words: ['mouse', 'mice'], builds: ['tiny', 'little'], bodies: ['soft {colour} fur, big round ears and a long pink tail'], colours: ['grey', 'brown'], names: ['Mo', 'Mabel', 'Minnie', 'Pepper'] }),
  creature('owl', { words: ['owl', 'owls'], young: 'owlet', builds: ['small round', 'little fluffy'], bodies: ['{colour} feathers, big round eyes and a yellow beak'], colours: ['brown', 'grey', 'white'], names: ['Olive', 'Ollie', 'Otto', 'Hoot'] }),
  creature('bird', { words: ['bird', 'birds', 'robin', 'robins', 'sparrow', 'parrot', 'parrots', 'chick', 'chicks'], noun: 'bird', builds: ['tiny', 'small'], bodies: ['{colour} feathers and a small yellow beak'], colours: ['blue', 'red', 'green'], names: ['Tweet', 'Robin', 'Wren', 'Sky'] }),
  creature('dragon', { words: ['dragon', 'dragons'], young: 'baby dragon', builds: ['small round', 'little'], bodies: ['shiny {colour} scales, little wings, a yellow tummy and a curly tail'], colours: ['green', 'purple', 'red'], names: ['Ember', 'Sparky', 'Ziggy', 'Puff'] }),
  creature('robot', { words: ['robot', 'robots', 'robo', 'droid'], noun: 'robot', builds: ['small boxy', 'little square'], bodies: ['a shiny {colour} metal body, round glowing eyes and an antenna on top'], colours: ['silver', 'blue', 'red'], names: ['Bolt', 'Beep', 'Gizmo', 'Sprocket'] }),
  creature('hedgehog', { words: ['hedgehog', 'hedgehogs'], builds: ['small round', 'little'], bodies: ['brown prickles, a pale tummy and a little black nose'], colours: [], names: ['Hazel', 'Hugo', 'Prickles', 'Conker', 'Spike'] }),
  creature('elephant', { words: ['elephant', 'elephants'], young: 'baby elephant', builds: ['big gentle', 'small chubby'], bodies: ['{colour} skin, big flappy ears and a long trunk'], colours: ['grey'], names: ['Ella', 'Elliot', 'Nellie', 'Tembo', 'Nell'] }),
  creature('lion', { words: ['lion', 'lions'], young: 'lion cub', builds: ['sturdy', 'small'], bodies: ['golden fur and a fluffy orange mane'], colours: [], names: ['Leo', 'Luna', 'Sunny', 'Rory', 'Lou'] }),
  creature('monkey', { words: ['monkey', 'monkeys'], builds: ['small bendy', 'little'], bodies: ['brown fur, a pale face and a long curly tail'], colours: [], names: ['Mango', 'Momo', 'Kiki', 'Bongo', 'Chip'] }),
  creature('duck', { words: ['duck', 'ducks', 'duckling', 'ducklings'], young: 'duckling', builds: ['small fluffy', 'little'], bodies: ['yellow feathers, an orange beak and orange feet'], colours: [], names: ['Dotty', 'Duncan', 'Puddle', 'Quinn'] }),
  creature('frog', { words: ['frog', 'frogs', 'toad', 'toads'], builds: ['small springy', 'little'], bodies: ['bright green skin and big round eyes'], colours: [], names: ['Freddie', 'Freya', 'Lily', 'Hopper', 'Fred'] }),
  creature('turtle', { words: ['turtle', 'turtles', 'tortoise', 'tortoises'], builds: ['small', 'little round'], bodies: ['green skin and a brown patterned shell'], colours: [], names: ['Tilly', 'Toby', 'Shelly', 'Myrtle', 'Tuck'] }),
  creature('unicorn', { words: ['unicorn', 'unicorns'], builds: ['small graceful', 'little'], bodies: ['a white coat, a {colour} mane and a golden horn'], colours: ['pink', 'purple', 'blue'], names: ['Una', 'Sparkle', 'Stella', 'Misty', 'Star'] }),
  creature('dinosaur', { words: ['dinosaur', 'dinosaurs', 'dino', 'dinos', 't-rex'], noun: 'dinosaur', young: 'baby dinosaur', builds: ['small chunky', 'little'], bodies: ['bumpy {colour} skin and a row of spikes down its back'], colours: ['green', 'orange', 'blue'], names: ['Rex', 'Dino', 'Stomp', 'Tiny'] }),
  creature('pig', { words: ['pig', 'pigs', 'piglet', 'piglets'], young: 'piglet', builds: ['small round', 'little'], bodies: ['pink skin, a curly tail and a round snout'], colours: [], names: ['Peggy', 'Percy', 'Truffle', 'Pumpkin', 'Pog'] }),
  creature('squirrel', { words: ['squirrel', 'squirrels'], builds: ['small quick', 'little'], bodies: ['red-brown fur and a big bushy tail'], colours: [], names: ['Nutkin', 'Sadie', 'Acorn', 'Scamp', 'Nut'] }),
  creature('panda', { words: ['panda', 'pandas'], young: 'panda cub', builds: ['round cuddly', 'small'], bodies: ['black and white fur with black patches round the eyes'], colours: [], names: ['Bao', 'Ping', 'Mei', 'Panda'] }),
  creature('octopus', { words: ['octopus', 'octopuses', 'octopi'], builds: ['small wiggly', 'little'], bodies: ['soft {colour} skin and eight curly arms'], colours: ['purple', 'pink', 'orange'], names: ['Otto', 'Inky', 'Olga', 'Squish', 'Ink'] }),
  creature('whale', { words: ['whale', 'whales', 'dolphin', 'dolphins'], builds: ['big smooth', 'small'], bodies: ['smooth {colour} skin and a pale belly'], colours: ['blue', 'grey'], names: ['Wally', 'Splash', 'Marina', 'Bubbles', 'Blue'] }),
  creature('fish', { words: ['fish', 'goldfish'], builds: ['small', 'little round'], bodies: ['shiny {colour} scales and wavy fins'], colours: ['orange', 'gold', 'blue'], names: ['Finn', 'Goldie', 'Bubbles', 'Nemo'] }),
  creature('monster', { words: ['monster', 'monsters'], builds: ['round fuzzy', 'small'], bodies: ['fuzzy {colour} fur, one big eye and two little horns'], colours: ['purple', 'green', 'blue'], names: ['Mog', 'Fuzz', 'Blob', 'Gloop'] }),
  creature('alien', { words: ['alien', 'aliens'], builds: ['small round', 'little'], bodies: ['smooth {colour} skin, three eyes and two bendy antennae'], colours: ['green', 'blue', 'purple'], names: ['Zib', 'Zorp', 'Nova', 'Blip'] }),
  creature('ghost', { words: ['ghost', 'ghosts'], builds: ['small floaty', 'little'], bodies: ['a soft white sheet-like body and round black eyes'], colours: [], names: ['Boo', 'Wisp', 'Casper', 'Misty'] }),
  creature('snail', { words: ['snail', 'snails'], builds: ['tiny', 'little'], bodies: ['a soft green body and a {colour} swirly shell'], colours: ['orange', 'brown', 'pink'], names: ['Sid', 'Shelly', 'Swirl', 'Slowpoke'] }),
  creature('bee', { words: ['bee', 'bees', 'bumblebee', 'bumblebees'], builds: ['tiny fuzzy', 'little round'], bodies: ['yellow and black stripes and see-through wings'], colours: [], names: ['Buzz', 'Bumble', 'Honey', 'Bee'] }),
  creature('sheep', { words: ['sheep', 'lamb', 'lambs'], young: 'lamb', builds: ['small woolly', 'little'], bodies: ['fluffy white wool and a black face'], colours: [], names: ['Woolly', 'Daisy', 'Fleecy', 'Lamby', 'Curl'] }),
  creature('horse', { words: ['horse', 'horses', 'pony', 'ponies'], noun: 'pony', builds: ['small sturdy', 'little'], bodies: ['a {colour} coat and a long flowing mane'], colours: ['brown', 'white', 'black'], names: ['Pepper', 'Star', 'Clover', 'Maple'] }),
  creature('giraffe', { words: ['giraffe', 'giraffes'], builds: ['tall', 'gangly'], bodies: ['yellow fur with brown patches and a very long neck'], colours: [], names: ['Gigi', 'Gerry', 'Tallulah', 'Spots', 'Stretch'] }),
  creature('crocodile', { words: ['crocodile', 'crocodiles', 'alligator', 'alligators'], builds: ['long low', 'little'], bodies: ['bumpy green skin and a big friendly smile'], colours: [], names: ['Snappy', 'Chomp', 'Clara', 'Croc'] }),
];

const person = (key: string, words: string[], more: Omit<PersonKind, 'kind' | 'key' | 'words' | 'noun'> & { noun?: string }): PersonKind => ({
  kind: 'person',
  key,
  words,
  noun: more.noun ?? key,
  ...more,
});

const PEOPLE: PersonKind[] = [
  person('girl', ['girl', 'girls', 'daughter', 'daughters', 'sister', 'sisters', 'granddaughter', 'niece'], { gender: 'girl', age: 'child' }),
  person('boy', ['boy', 'boys', 'son', 'sons', 'brother', 'brothers', 'grandson', 'nephew'], { gender: 'boy', age: 'child' }),
  person('child', ['child', 'children', 'kid', 'kids', 'toddler', 'baby', 'babies', 'cousin', 'cousins', 'friend', 'i', 'me', 'we', 'us', 'grandchild'], { gender: 'either', age: 'child' }),
  person('grandpa', ['grandpa', 'grandad', 'granddad', 'grandfather', 'gramps', 'grandpas'], { gender: 'boy', age: 'grandparent', title: 'Grandpa' }),
  person('grandma', ['grandma', 'granny', 'gran', 'nana', 'nan', 'grandmother', 'grandmas'], { gender: 'girl', age: 'grandparent', title: 'Grandma' }),
  person('mum', ['mum', 'mom', 'mummy', 'mommy', 'mother', 'mama', 'mamma'], { gender: 'girl', age: 'grown-up', title: 'Mum' }),
  person('dad', ['dad', 'daddy', 'father', 'papa', 'pa'], { gender: 'boy', age: 'grown-up', title: 'Dad' }),
  person('aunt', ['aunt', 'auntie', 'aunty'], { gender: 'girl', age: 'grown-up', title: 'Auntie' }),
  person('uncle', ['uncle'], { gender: 'boy', age: 'grown-up', title: 'Uncle' }),
  person('princess', ['princess', 'princesses'], { gender: 'girl', age: 'child', costume: 'a pink princess dress and a small gold crown' }),
  person('prince', ['prince', 'princes'], { gender: 'boy', age: 'child', costume: 'a blue tunic, a red cape and a small gold crown' }),
  person('pirate', ['pirate', 'pirates'], { gender: 'either', age: 'child', costume: 'a red and white striped shirt, a black pirate hat and a blue sash' }),
  person('knight', ['knight', 'knights'], { gender: 'either', age: 'child', costume: 'shiny silver armour and a red cape' }),
  person('wizard', ['wizard', 'wizards', 'witch', 'witches', 'magician'], { gender: 'either', age: 'child', noun: 'young wizard', costume: 'a long purple robe with gold stars and a pointed purple hat' }),
  person('astronaut', ['astronaut', 'astronauts', 'spaceman', 'spacewoman'], { gender: 'either', age: 'child', costume: 'a white space suit with an orange stripe and a round helmet' }),
  person('fairy', ['fairy', 'fairies'], { gender: 'either', age: 'child', costume: 'a green leafy dress and shimmery see-through wings' }),
  person('superhero', ['superhero', 'superheroes', 'hero'], { gender: 'either', age: 'child', costume: 'a blue suit, a red cape and a yellow mask' }),
];

export const ALL_KINDS: Kind[] = [...CREATURES, ...PEOPLE];

const KIND_BY_WORD = new Map(ALL_KINDS.flatMap((kind) => kind.words.map((word) => [word, kind] as const)));

/** The animal, being or person a word names, if any: "penguins" → penguin, "daughter" → girl. */
export const kindOfWord = (word: string): Kind | undefined => KIND_BY_WORD.get(word.toLowerCase().replace(/['’]s$/, ''));

/** Plural forms an idea names them by, so "dragons" is read as more than one. */
export const isPluralKindWord = (word: string): boolean => {
  const lower = word.toLowerCase();
  const kind = KIND_BY_WORD.get(lower);
  return kind !== undefined && lower !== kind.words[0] && /(s|mice|octopi|children)$/.test(lower) && !['fish', 'sheep', 'us', 'princess', 'octopus', 'gramps', 'bus'].includes(lower);
};

/** The animals a friend may be when the idea gives none. */
export const FRIEND_KINDS = ['rabbit', 'owl', 'mouse', 'bear', 'fox', 'hedgehog', 'duck', 'squirrel', 'turtle', 'frog'].map((key) => CREATURES.find((kind) => kind.key === key)!);

/** The heroes a story may have when the idea names none. */
export const HERO_KINDS = ['fox', 'bear', 'rabbit', 'mouse', 'hedgehog', 'owl', 'girl', 'boy'].map((key) => ALL_KINDS.find((kind) => kind.key === key)!);

export const CHILD_NAMES = {
  girl: ['Mia', 'Ava', 'Zoe', 'Lily', 'Ruby', 'Isla', 'Nora', 'Maya', 'Amara', 'Hana', 'Rose', 'Grace'],
  boy: ['Leo', 'Sam', 'Max', 'Noah', 'Theo', 'Omar', 'Kai', 'Ezra', 'Arlo', 'Ravi'],
  either: ['Alex', 'Robin', 'Jo', 'Kit', 'Ari', 'Sasha', 'Charlie', 'Rowan', 'Sky'],
};

/** The colour words a look may carry, as the offline painter reads them too. */
export const COLOUR_WORDS = ['red', 'blue', 'yellow', 'green', 'orange', 'purple', 'pink', 'brown', 'black', 'white', 'grey', 'gray', 'gold', 'golden', 'silver', 'ginger'];
