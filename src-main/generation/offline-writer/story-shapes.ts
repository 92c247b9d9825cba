/**
 * The shapes an offline story can take. Each beat is one page's worth, written from long to
 * short so the writer can take the longest one that fits the reader's targets, and every line
 * names someone the page's picture shows. Slots: `{hero}`, `{friend}`, `{heroIntro}` and
 * `{friendIntro}` ("a penguin called Pip"), `{counted}` ("three spotty socks").
 */

/** Who a line names: the hero, the friend, who does what the idea says, and the rest of the cast. */
export type Role = 'hero' | 'friend' | 'doer' | 'others';
export type Tone = 'gentle' | 'funny' | 'adventurous' | 'calm' | 'silly';

export interface Beat {
  shows: Role[];
  /** Long to short. */
  lines: string[];
  /** What the picture shows; `{shown}` is who. */
  scene: string;
}

export interface StoryShape {
  name: string;
  /** How well it suits each tone; a tone not listed still allows it, rarely. */
  tones: Partial<Record<Tone, number>>;
  /** Words of an idea this shape suits ("lost", "first", "moon"). */
  keywords: string[];
  openings: Beat[];
  /** The page where the friend first appears. */
  meetings: Beat[];
  middles: Beat[];
  closings: Beat[];
  /** For the back cover: about the feeling and the friends, never the idea as typed. */
  blurbs: string[];
  titles: string[];
}

const beat = (shows: Role[], scene: string, ...lines: string[]): Beat => ({ shows, lines, scene });
const H: Role[] = ['hero'];
const HF: Role[] = ['hero', 'friend'];
const F: Role[] = ['friend', 'hero'];

/** Pages any shape can use once its own run out. */
export const SHARED_MIDDLES: Beat[] = [
  beat(HF, '{shown} having a picnic of apples and bread on a checked blanket', '{hero} and {friend} stopped for a picnic. There were apples and fresh bread.', '{hero} and {friend} had a picnic.', 'Picnic time for {hero}!'),
  beat(H, '{shown} giggling with a butterfly resting on their nose', 'A butterfly landed on the nose of {hero}. It tickled, and {hero} giggled.', 'A butterfly tickled {hero}.', '{hero} giggled.'),
  beat(HF, '{shown} singing together under a tree', '{friend} sang a little song, and {hero} joined in.', '{hero} and {friend} sang a song.', '{hero} sang.'),
  beat(HF, '{shown} dancing among swirling autumn leaves', 'The wind blew, and the leaves danced. {hero} and {friend} danced with them.', '{hero} danced with the leaves.', '{hero} danced!'),
  beat(H, '{shown} gazing at a rainbow over green hills', '{hero} saw a rainbow over the hills. It had every colour you can think of.', '{hero} saw a rainbow.', 'Look, {hero}!'),
  beat(F, '{shown} following a secret path through long grass', '{friend} showed {hero} a secret path through the long grass.', '{friend} knew a secret path.', '{friend} led the way.'),
  beat(H, '{shown} listening to birds in a sunny meadow', '{hero} stopped to listen. Birds were singing, and bees were buzzing.', '{hero} listened to the birds.', '{hero} listened.'),
  beat(HF, '{shown} splashing through a big puddle', '{hero} splashed through a puddle and laughed. Soon {friend} was laughing too.', '{hero} splashed in a puddle.', 'Splash went {hero}!'),
];

export const SHAPES: StoryShape[] = [
  {
    name: 'journey',
    tones: { adventurous: 4, gentle: 1, funny: 1 },
    keywords: ['journey', 'trip', 'travel', 'adventure', 'explore', 'sea', 'mountain', 'space', 'jungle', 'island', 'map', 'treasure', 'voyage', 'ride', 'visit', 'going', 'go'],
    openings: [
      beat(H, '{shown} packing a little bag at sunrise', 'Once there was {heroIntro}. One sunny morning, {hero} packed a little bag.', 'One sunny morning, {hero} packed a little bag. It was time for an adventure!', '{hero} packed a little bag.', '{hero} packed a bag.'),
    ],
    meetings: [
      beat(HF, '{shown} meeting for the first time on a hilltop path', 'At the top of a hill, {hero} met {friendIntro}. {friend} asked, "Can I come too?"', 'At the top of a hill, {hero} met {friend}. {friend} asked, "Can I come too?"', 'On the path, {hero} met {friendIntro}.', '{hero} met {friend}.'),
    ],
    middles: [
      beat(HF, '{shown} building a little bridge of sticks and stones across a wide river', 'A wide river was in the way. {hero} and {friend} built a bridge from sticks and stones.', '{hero} and {friend} built a bridge.', '{hero} built a bridge.'),
      beat(H, '{shown} walking along a winding path between tall trees', 'The path wound past tall trees, and {hero} hummed a happy song.', '{hero} hummed a happy song.', '{hero} hummed.'),
      beat(HF, '{shown} sharing berries on a big flat rock', 'They stopped on a big flat rock. {friend} shared some berries with {hero}.', '{friend} shared berries with {hero}.', 'Berries for {hero}!'),
      beat(H, '{shown} lifting a little lost bird back into its nest in an oak tree', 'A little bird was lost. {hero} helped it find its nest, high in an old oak tree.', '{hero} helped a lost bird.', '{hero} helped.'),
      beat(HF, '{shown} climbing a steep rocky path', 'The path grew steep. {hero} took one brave step, and then another. {friend} cheered.', '{hero} climbed a steep hill.', 'Up went {hero}!'),
      beat(HF, '{shown} laughing together on a tree stump', '{friend} was tired, so {hero} told a funny story. Soon they were both laughing.', '{hero} made {friend} laugh.', '{friend} laughed.'),
      beat(HF, '{shown} sheltering from the rain under a huge leaf', 'Dark clouds rolled in. {hero} and {friend} hid under a big leaf until the rain stopped.', '{hero} and {friend} hid from the rain.', '{hero} got wet!'),
      beat(H, '{shown} on a hilltop looking out over fields, rivers and far mountains', 'From the top of the hill, {hero} could see the whole wide world. It was beautiful.', '{hero} saw the whole wide world.', 'Wow, {hero}!'),
      beat(F, '{shown} going through an old wooden gate', 'A rickety gate stood in the way. {friend} held it open, and {hero} hopped through.', '{friend} opened the gate for {hero}.', '{friend} helped.'),
    ],
    closings: [
      beat(HF, '{shown} asleep and smiling in a cosy bed under a window full of stars', 'That night, {hero} fell asleep smiling, dreaming of the next adventure with {friend}.', '{hero} dreamed of the next adventure.', 'Sleep tight, {hero}.'),
      beat(HF, '{shown} walking home together at sunset', 'Home they went as the sun went down. {hero} and {friend} were tired and happy.', '{hero} and {friend} went home, happy.', 'Home went {hero}.'),
    ],
    blurbs: [
      'Pack a little bag and set off with {hero} and {friend}. Over hills and past tall trees, every step brings something new. A warm adventure about being brave, one step at a time.',
      '{hero} has a big day ahead, and {friend} comes along for every step of it. A cheerful journey for little explorers, about the joy of finding out what is around the next bend.',
      'Rivers to cross, hills to climb and berries to share: {hero} and {friend} are off on an adventure. A story about courage and friendship to read together, page by page.',
    ],
    titles: ["{hero}'s Big Adventure", '{hero} and {friend} Set Off'],
  },
  {
    name: 'problem-solving',
    tones: { gentle: 2, adventurous: 2, funny: 1, calm: 1 },
    keywords: ['problem', 'fix', 'broken', 'help', 'build', 'bakery', 'shop', 'open', 'make', 'invent', 'plan', 'machine', 'cake', 'bake'],
    openings: [
      beat(H, '{shown} at home in a cosy little town, thinking hard', 'In a cosy little town lived {heroIntro}. {hero} was good at having ideas.', 'In a cosy little town lived {hero}.', 'This is {hero}.'),
    ],
    meetings: [
      beat(HF, '{shown} chatting at a garden gate', '{hero} knocked on the door of {friendIntro}. {hero} asked, "Will you help me?"', '{hero} knocked on the door of {friend}\'s house. {hero} asked, "Will you help me?"', '{hero} went to see {friend}.', '{hero} asked {friend}.'),
    ],
    middles: [
      beat(H, '{shown} looking worried as something wobbles and tips over', 'But oh no! Something went wrong, and {hero} felt a little wobbly inside.', 'Oh no! Something went wrong for {hero}.', 'Oh no, {hero}!'),
      beat(H, '{shown} sitting still with eyes closed, taking a deep breath', '{hero} took a deep breath and thought very hard.', '{hero} took a deep breath.', '{hero} thought hard.'),
      beat(HF, '{shown} trying something with string and boxes that does not quite work', 'They tried one way. It did not work. They tried another way. Almost! {hero} did not give up.', '{hero} and {friend} tried again.', '{hero} tried again.'),
      beat(HF, '{shown} surrounded by friendly neighbours carrying tools and baskets', 'Everyone in town came to help {hero}, each with something small and kind.', 'Everyone came to help {hero}.', 'Help for {hero}!'),
      beat(F, '{shown} pointing at a small clue on the ground', '{friend} spotted a clue that nobody else had seen. {friend} said, "Look!"', '{friend} spotted a clue.', '{friend} looked closely.'),
      beat(HF, '{shown} working side by side, smiling', 'Working together felt like magic, even though {hero} and {friend} were just being friends.', '{hero} and {friend} worked together.', 'Teamwork, {hero}!'),
      beat(H, '{shown} watching a puddle shrink in the sunshine', 'The problem grew smaller and smaller, like a puddle in the sun. {hero} smiled.', 'The problem got smaller for {hero}.', '{hero} smiled.'),
      beat(HF, '{shown} drawing a plan on a big sheet of paper', '{hero} drew a plan with lots of arrows. {friend} added one more.', '{hero} drew a plan.', '{hero} made a plan.'),
    ],
    closings: [
      beat(HF, '{shown} being cheered by the whole town', 'Everyone cheered for {hero}. Hard things feel lighter when you share them with a friend like {friend}.', 'Everyone cheered for {hero} and {friend}.', 'Hooray for {hero}!'),
    ],
    blurbs: [
      'When something goes wrong, {hero} takes a deep breath and asks {friend} for help. A warm story about trying, trying again, and what friends can do together.',
      '{hero} has a wonderful plan, until it starts to wobble. With {friend} and a whole town of helpers, there might just be a way. A story to cheer on, page by page.',
      'Big ideas, small wobbles and a lot of teamwork. Join {hero} and {friend} in a story about not giving up, and the kindness that helps us through.',
    ],
    titles: ['{hero} Saves the Day', '{hero} Has a Plan'],
  },
  {
    name: 'bedtime',
    tones: { calm: 5, gentle: 2 },
    keywords: ['moon', 'night', 'sleep', 'bed', 'bedtime', 'dream', 'stars', 'star', 'dark', 'tired', 'pyjamas', 'lullaby', 'sleepy'],
    openings: [
      beat(H, '{shown} by a bedroom window as the moon comes up', 'Once there was {heroIntro}. When the moon came up, {hero} was not sleepy at all.', 'When the moon came up, {hero} was not sleepy at all.', 'The moon came up for {hero}.', 'Night, {hero}.'),
    ],
    meetings: [
      beat(HF, '{shown} in a moonlit bedroom, one carrying a soft blanket', '{friendIntro} tiptoed in with a soft blanket and a sleepy yawn.', '{friend} tiptoed in with a soft blanket and a sleepy yawn.', '{friend} brought {hero} a soft blanket.', '{friend} yawned.'),
    ],
    middles: [
      beat(H, '{shown} at the window watching stars appear one by one', 'The stars blinked hello, one by one. {hero} counted them all.', '{hero} counted the stars.', '{hero} saw stars.'),
      beat(H, '{shown} listening to owls in the trees outside a window', 'Outside, the owls said good night to the trees. {hero} said good night too.', '{hero} said good night to the owls.', 'Good night, {hero}.'),
      beat(H, '{shown} imagining floating on a fluffy cloud', '{hero} imagined floating on a cloud, as light as a feather.', '{hero} floated on a dream cloud.', '{hero} floated.'),
      beat(HF, '{shown} listening to a lullaby drifting over moonlit rooftops', 'A gentle breeze carried a lullaby over the rooftops. {friend} hummed along.', '{hero} heard a soft lullaby.', '{hero} listened.'),
      beat(F, '{shown} whispering in the dark, tucked under a blanket', '{friend} whispered, "Tomorrow will be wonderful too."', '{friend} whispered good night.', '{friend} whispered.'),
      beat(H, '{shown} in a bedroom lit by a warm night light', 'The night light glowed like a tiny, friendly sun. {hero} felt safe and warm.', '{hero} felt safe and warm.', '{hero} felt cosy.'),
      beat(HF, '{shown} tucking toys into a toy box', 'Every toy was tucked in, and every shoe was in its place. {hero} and {friend} checked twice.', '{hero} tucked in every toy.', '{hero} tidied up.'),
      beat(H, '{shown} having a warm drink in soft pyjamas', '{hero} sipped warm milk in soft pyjamas. Yawn!', '{hero} had some warm milk.', '{hero} yawned.'),
    ],
    closings: [
      beat(HF, '{shown} fast asleep in a cosy bed under a crescent moon', '{hero} closed both eyes and drifted off to sleep. Good night, {hero}. Good night, {friend}.', 'Good night, {hero}. Good night, {friend}.', 'Sleep well, {hero}.'),
    ],
    blurbs: [
      'The moon is up, the stars blink hello, and {hero} is almost ready for sleep. A soft, cosy story to share at the end of the day, with {friend} close by.',
      'As the night light glows and the owls say good night, {hero} and {friend} drift off toward dreamland. A calm bedtime story to read slowly, together.',
      'Counting stars, a soft blanket and a whispered good night: {hero} and {friend} get ready for sleep in a gentle story made for the end of the day.',
    ],
    titles: ['Good Night, {hero}', '{hero} and the Sleepy Stars'],
  },
  {
    name: 'friendship',
    tones: { gentle: 3, calm: 1, funny: 1 },
    keywords: ['friend', 'friends', 'friendship', 'lonely', 'shy', 'together', 'share', 'sharing', 'kind', 'kindness', 'new', 'neighbour', 'neighbor'],
    openings: [
      beat(H, '{shown} sitting alone on a swing in a park', 'Once there was {heroIntro}. {hero} liked to play, but playing alone was not much fun.', '{hero} liked to play, but playing alone was not much fun.', '{hero} played alone.', 'This is {hero}.'),
    ],
    meetings: [
      beat(HF, '{shown} meeting shyly by a sandpit', 'One day, {hero} met {friendIntro}. They both said hello at the very same time.', 'One day, {hero} met {friend}. They both said hello at the very same time.', '{hero} met {friendIntro}.', '{hero} met {friend}.'),
    ],
    middles: [
      beat(HF, '{shown} sharing a red ball in the park', '{friend} had a ball. {hero} had a kite. They shared them both.', '{hero} and {friend} shared their toys.', '{hero} shared.'),
      beat(HF, '{shown} building a tall wobbly tower of blocks', '{hero} and {friend} built a tower, tall and wobbly. Crash! They laughed and built it again.', '{hero} and {friend} built a tower.', 'Crash went the tower!'),
      beat(F, '{shown} with one helping the other up after a tumble', '{hero} tripped and fell. {friend} helped {hero} up and dusted off the dirt.', '{friend} helped {hero} up.', '{friend} helped.'),
      beat(HF, '{shown} sharing one umbrella in the rain', 'It began to rain. {hero} and {friend} shared one small umbrella.', '{hero} and {friend} shared an umbrella.', '{hero} stayed dry.'),
      beat(HF, '{shown} drawing pictures for each other at a table', '{hero} drew a picture for {friend}. {friend} drew one back.', '{hero} drew a picture for {friend}.', '{hero} drew.'),
      beat(HF, '{shown} looking a little cross, arms folded, back to back', 'Then {hero} and {friend} both wanted the swing. Oh dear! They felt cross.', '{hero} and {friend} felt cross.', '{hero} felt cross.'),
      beat(HF, '{shown} taking turns on a swing', '{hero} said sorry, and so did {friend}. They took turns on the swing.', '{hero} and {friend} took turns.', '{hero} said sorry.'),
      beat(HF, '{shown} whispering secrets under a big tree', 'Under the big tree, {hero} told {friend} a secret. {friend} promised to keep it.', '{hero} told {friend} a secret.', '{hero} whispered.'),
    ],
    closings: [
      beat(HF, '{shown} walking hand in hand into the sunset', 'Now {hero} never plays alone. A friend like {friend} makes every day brighter.', '{hero} and {friend} are best friends now.', 'Best friends, {hero}!'),
    ],
    blurbs: [
      '{hero} and {friend} are about to find something wonderful: each other. A gentle story about kindness, sharing and the joy of a new friend.',
      'Making a friend can feel a little wobbly. Join {hero} and {friend} for a warm story about saying hello, saying sorry and taking turns.',
      'Sharing a ball, sharing an umbrella, sharing a secret: {hero} and {friend} learn what friends are for. A warm story to read together.',
    ],
    titles: ['{hero} and {friend}', '{hero} Finds a Friend'],
  },
  {
    name: 'first-time',
    tones: { gentle: 2, calm: 2, adventurous: 1 },
    keywords: ['first', 'learn', 'learning', 'new', 'school', 'dentist', 'doctor', 'ride', 'nursery', 'swim', 'try', 'haircut', 'baby', 'moving', 'going', 'day'],
    openings: [
      beat(H, '{shown} looking nervous and excited at a front door', 'Once there was {heroIntro}. Today was a big day, and {hero} felt fizzy inside.', 'Today was a big day, and {hero} felt fizzy inside.', '{hero} felt fizzy inside.', 'Big day, {hero}!'),
    ],
    meetings: [
      beat(HF, '{shown} holding hands at the start of the day', '{friendIntro} came along to help. "You can do it," said {friend}.', '{friend} came along to help {hero}. "You can do it," said {friend}.', '{friend} came along to help {hero}.', '{friend} came too.'),
    ],
    middles: [
      beat(H, '{shown} peeking shyly around a corner', 'Everything looked new. {hero} felt small, and a little bit shy.', '{hero} felt a little shy.', '{hero} felt shy.'),
      beat(HF, '{shown} breathing deeply together, eyes closed', '{friend} showed {hero} how to take a big, slow breath. In and out.', '{hero} took a big, slow breath.', '{hero} breathed slowly.'),
      beat(H, '{shown} taking a first wobbly step forward', '{hero} took one small step, and then another. It was not so scary after all.', '{hero} took one small step.', '{hero} tried.'),
      beat(HF, '{shown} being waved at by a smiling helper', 'A kind helper smiled and waved at {hero}. {friend} waved back.', 'A kind helper smiled at {hero}.', '{hero} smiled back.'),
      beat(H, '{shown} trying again after a little wobble', 'The first try went wobbly. {hero} tried again, and it went a bit better.', '{hero} tried again.', 'Again, {hero}!'),
      beat(HF, '{shown} giving a high five', '{friend} gave {hero} a high five. "You are doing so well!"', '{friend} gave {hero} a high five.', 'High five, {hero}!'),
      beat(H, '{shown} discovering something fun and new', '{hero} found out something new. It was actually quite fun!', '{hero} found something fun.', '{hero} grinned.'),
      beat(H, '{shown} standing tall and proud', '{hero} stood up tall. Brave does not mean not scared. It means trying anyway.', '{hero} felt brave and tall.', '{hero} felt brave.'),
    ],
    closings: [
      beat(HF, '{shown} hugging, beaming with pride', '{hero} felt proud, and {friend} did too. Next time will be easier still.', '{hero} felt so proud.', 'Well done, {hero}!'),
    ],
    blurbs: [
      'Trying something new can feel big. With {friend} close by, {hero} takes it one small step at a time. A reassuring story for little ones facing a first time of their own.',
      '{hero} feels fizzy inside, and that is all right. A warm, gentle story about first times, with {friend} cheering every step of the way.',
      'New places, new faces and one brave step after another. Share this gentle story of {hero} and {friend} before a big day of your own.',
    ],
    titles: ["{hero}'s Big Day", '{hero} Tries Something New'],
  },
  {
    name: 'lost-and-found',
    tones: { adventurous: 2, gentle: 1, funny: 1 },
    keywords: ['lost', 'lose', 'loses', 'missing', 'find', 'finds', 'search', 'hide', 'gone', 'where', 'seek', 'treasure', 'hunt'],
    openings: [
      beat(H, '{shown} looking puzzled, searching a messy room', 'Once there was {heroIntro}. {hero} liked everything to be just where it belonged.', '{hero} liked everything just where it belonged.', '{hero} liked things tidy.', 'This is {hero}.'),
    ],
    meetings: [
      beat(HF, '{shown} with one holding a magnifying glass', '{friendIntro} came by with a magnifying glass. "I will help you look," said {friend}.', '{friend} came by with a magnifying glass. "I will help you look," said {friend}.', '{friend} came to help {hero} look.', '{friend} helped {hero}.'),
    ],
    middles: [
      beat(HF, '{shown} looking under a bed full of dust and socks', 'They looked under the bed. There were socks and dust, but not the thing they wanted. {hero} sneezed.', '{hero} and {friend} looked under the bed.', '{hero} looked under the bed.'),
      beat(HF, '{shown} peering into a tall cupboard', '{friend} opened the cupboard. Out fell a ball, a hat and a very surprised {hero}!', '{hero} looked in the cupboard.', '{hero} looked high.'),
      beat(H, '{shown} searching in the garden among the flowers', '{hero} searched the garden, behind every flower and under every leaf.', '{hero} searched the garden.', '{hero} looked low.'),
      beat(F, '{shown} following footprints across a muddy path', '{friend} found some footprints. {friend} said, "Follow me!"', '{friend} found some footprints.', '{friend} followed the tracks.'),
      beat(HF, '{shown} asking a friendly duck by a pond', 'They asked the ducks by the pond. The ducks just said quack. {hero} giggled.', '{hero} asked the ducks.', '{hero} asked around.'),
      beat(H, '{shown} sitting on a step, thinking', '{hero} sat down to think. Where was the last place it had been?', '{hero} sat down to think.', '{hero} thought.'),
      beat(HF, '{shown} spotting something shiny in the grass', 'Something twinkled in the grass. {hero} and {friend} ran to look. It was just a button!', '{hero} saw something shiny.', '{hero} ran to look.'),
      beat(HF, '{shown} climbing a small hill to see far away', 'From the top of the hill, {hero} and {friend} could see everything. They looked left and right.', '{hero} looked from the hill.', '{hero} looked far.'),
    ],
    closings: [
      beat(HF, '{shown} cheering and hugging, everything found', 'Everything was back where it belonged. {hero} and {friend} cheered.', '{hero} and {friend} cheered.', 'Hooray, {hero}!'),
    ],
    blurbs: [
      'Something is missing, and {hero} is on the case! With {friend} to help, every corner is worth a look. A cosy search story to share together.',
      'Where could it be? Follow {hero} and {friend} as they look high and low in a cheerful story about noticing, helping and never giving up.',
      'Under the bed, behind the flowers, past the ducks by the pond: {hero} and {friend} search everywhere in a story full of peeking and giggles.',
    ],
    titles: ['{hero} Finds the Way', '{hero} Looks High and Low'],
  },
  {
    name: 'silly-counting',
    tones: { silly: 5, funny: 4 },
    keywords: ['silly', 'funny', 'count', 'counting', 'numbers', 'giggle', 'jelly', 'socks', 'monster', 'laugh', 'joke', 'clown', 'messy'],
    openings: [
      beat(H, '{shown} waking up with very messy hair and a big grin', 'Once there was {heroIntro}. One morning, {hero} woke up feeling extremely silly.', 'One morning, {hero} woke up feeling very silly.', '{hero} felt silly.', 'Silly {hero}!'),
    ],
    meetings: [
      beat(HF, '{shown} bumping into each other, both upside down', '{hero} bumped into {friendIntro}, who was standing on their head. Boing!', '{hero} bumped into {friend}, who was standing on their head. Boing!', '{hero} bumped into {friend}.', 'Boing, {hero}!'),
    ],
    middles: [
      beat(H, '{shown} surrounded by things to count, laughing', '{hero} found {counted} in the kitchen. How silly!', '{hero} found {counted}.', '{hero} counted.'),
      beat(HF, '{shown} juggling things and dropping them', '{friend} juggled {counted}. Whoops! {hero} caught them all.', '{friend} juggled {counted}.', '{friend} juggled.'),
      beat(H, '{shown} wearing far too many things at once', '{hero} put on {counted} all at once. What a sight!', '{hero} wore {counted}.', 'Silly {hero}!'),
      beat(HF, '{shown} hiding things in funny places', '{hero} and {friend} hid {counted} under the sofa. Shh!', '{hero} hid {counted}.', '{hero} hid them.'),
      beat(HF, '{shown} lining things up in a long wobbly row', '{friend} lined up {counted} in a row. {hero} counted them twice.', '{hero} counted {counted}.', '{hero} counted again.'),
      beat(H, '{shown} balancing things on their head', '{hero} balanced {counted}, one on top of another. Wobble!', '{hero} balanced {counted}.', 'Wobble, {hero}!'),
      beat(HF, '{shown} doing a silly dance with things flying around', '{hero} and {friend} danced with {counted}. Everyone giggled.', '{hero} danced with {counted}.', '{hero} wiggled.'),
      beat(F, '{shown} pulling things out of a tiny hat', '{friend} pulled {counted} out of a tiny hat. Ta da!', '{friend} found {counted}.', 'Ta da, {friend}!'),
    ],
    closings: [
      beat(HF, '{shown} in a heap of silly things, laughing', 'At the end of the day, {hero} and {friend} fell into a giggly heap. What a silly, wonderful day!', '{hero} and {friend} giggled all the way home.', 'Silly {hero}!'),
    ],
    blurbs: [
      'Get ready to giggle and count along with {hero} and {friend}! One silly thing leads to another in this bouncy story made for reading aloud.',
      'How many wobbly, spotty, silly things can {hero} find? Count along with {hero} and {friend} in a romp full of giggles.',
      'Socks on heads, jellies in hats and a whole lot of counting: {hero} and {friend} have the silliest day ever. A story to read aloud and laugh together.',
    ],
    titles: ["{hero}'s Silly Day", '{hero} Counts Along'],
  },
];

/** Things the silly story counts, two or more at a time. */
export const COUNTED_THINGS = [
  'wobbly jellies',
  'spotty socks',
  'bouncy balls',
  'giggly geese',
  'silly hats',
  'tickly feathers',
  'muddy boots',
  'rubber ducks',
  'noisy drums',
  'dancing pears',
];

/** One-word sentences a page can end with, to keep sentences short for a young reader. */
export const INTERJECTIONS: Record<Tone, string[]> = {
  gentle: ['Yay!', 'Oh my!'],
  funny: ['Ha!', 'Oops!'],
  adventurous: ['Wow!', 'Yes!'],
  calm: ['Hush.', 'Shh.'],
  silly: ['Boing!', 'Whee!'],
};

/** A line that names someone and fits any target, for when nothing longer does. */
export const SMALLEST_LINES = ['{name} smiled.', '{name} waved.', '{name} laughed.', '{name} nodded.', '{name} listened.'];

/** The back cover of a story the child wrote. */
export const OWN_WORDS_BLURBS = [
  'A story written in a young author’s own words, with {hero} and {friend}. Read it together, and hear it the way it was told.',
  'Every word of this story was written by a child. Join {hero} and {friend} in a tale told just the way its author imagined it.',
];
export const OWN_WORDS_SOLO_BLURBS = ['A story written in a young author’s own words, all about {hero}. Read it together, and hear it the way it was told.'];
