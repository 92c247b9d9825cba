import sharp from 'sharp';
import { hashToSeed, pick, seededRandom } from '../seeded-random';
import { followsNoReferences, type CastMember, type ImageProvider, type PictureRequest } from './provider-types';

const PALETTES = [
  { sky: ['#bfe6ff', '#fff3d6'], ground: '#8cc084', hill: '#6aa46a', sun: '#ffd23f' },
  { sky: ['#ffd6e0', '#fff0c2'], ground: '#b5d99c', hill: '#93c47d', sun: '#ff9f1c' },
  { sky: ['#1d2b53', '#4b3f72'], ground: '#2e4a3f', hill: '#24403a', sun: '#f6f1d1' },
  { sky: ['#c6f1e7', '#fcefb4'], ground: '#e9c46a', hill: '#d4a373', sun: '#f4a261' },
];
const CANVAS = 1024;
export const PORTRAIT_BACKGROUND = '#f7f3ea';

/** The colour words a look may use, as the painter draws them. */
export const COLOURS: Record<string, string> = {
  red: '#e63946',
  blue: '#3f7fe0',
  yellow: '#f4d03f',
  green: '#52b788',
  orange: '#f28c28',
  purple: '#8e6cc9',
  pink: '#f4a6c0',
  brown: '#8b5a2b',
  black: '#2b2b2b',
  white: '#f8f8f2',
  grey: '#9aa0a6',
  gray: '#9aa0a6',
  gold: '#d4a017',
  golden: '#d4a017',
  silver: '#c0c6cc',
  ginger: '#d2691e',
};
const SKINS: [RegExp, string][] = [
  [/dark brown|dark|black/, '#6b4226'],
  [/light brown|tan|olive/, '#c8915f'],
  [/brown/, '#a0673c'],
  [/pale|fair|light|peach|pink|white/, '#f6d3bd'],
];
const HAIR_COLOURS: Record<string, string> = { blond: '#e8c872', blonde: '#e8c872', auburn: '#a0522d', red: '#c0441e', ginger: '#c0441e', black: '#2b2b2b', brown: '#6b4423', white: '#eeeeee', grey: '#a8a8a8', gray: '#a8a8a8' };

type Shape = 'penguin' | 'bear' | 'rabbit' | 'cat' | 'fox' | 'dog' | 'mouse' | 'bird' | 'dragon' | 'robot' | 'person' | 'creature';

// The words of a look that say what a figure is, by the shape drawn for it.
const SHAPE_WORDS: [Shape, string[]][] = [
  ['penguin', ['penguin', 'penguins']],
  ['robot', ['robot', 'droid']],
  ['dragon', ['dragon', 'dinosaur', 'dino', 't-rex', 'crocodile', 'lizard', 'monster']],
  ['rabbit', ['rabbit', 'bunny', 'hare']],
  ['fox', ['fox']],
  ['mouse', ['mouse', 'mice', 'rat', 'hamster']],
  ['cat', ['cat', 'kitten', 'kitty', 'tiger', 'lion', 'cub']],
  ['dog', ['dog', 'puppy', 'pup', 'wolf']],
  ['bird', ['owl', 'owlet', 'bird', 'parrot', 'robin', 'duck', 'duckling', 'chick', 'hen', 'chicken']],
  ['bear', ['bear', 'panda', 'koala', 'teddy', 'hedgehog', 'squirrel', 'pig', 'piglet', 'monkey', 'elephant']],
  ['person', ['girl', 'boy', 'child', 'kid', 'man', 'woman', 'person', 'baby', 'toddler', 'princess', 'prince', 'pirate', 'knight', 'wizard', 'witch', 'astronaut', 'fairy', 'grandpa', 'grandma', 'mum', 'mom', 'dad', 'queen', 'king']],
];
const BODY_WORDS = new Set(['fur', 'feathers', 'scales', 'body', 'wool', 'prickles', 'shell', 'coat', 'skin', 'metal']);
const BELLY_WORDS = new Set(['tummy', 'belly', 'chest', 'face', 'patches', 'mane', 'stripes']);
const BEAK_WORDS = new Set(['beak', 'feet', 'bill', 'paws', 'nose']);
const HAT_WORDS = new Set(['hat', 'cap', 'helmet', 'crown', 'beret', 'bonnet']);
const CAPE_WORDS = new Set(['cape', 'cloak', 'robe']);
const NECK_WORDS = new Set(['scarf', 'neckerchief', 'tie', 'bow', 'collar', 'ribbon']);
const TOP_WORDS = new Set(['jumper', 'sweater', 'raincoat', 'coat', 'dress', 'hoodie', 'waistcoat', 'vest', 'shirt', 't-shirt', 'cardigan', 'tunic', 'jacket', 'suit', 'armour', 'armor', 'dungarees', 'overalls', 'sash']);
const BOTTOM_WORDS = new Set(['trousers', 'jeans', 'shorts', 'skirt', 'leggings', 'dungarees', 'overalls', 'boots', 'wellies', 'shoes']);

const isDescribed = (word: string) =>
  BODY_WORDS.has(word) || BELLY_WORDS.has(word) || BEAK_WORDS.has(word) || HAT_WORDS.has(word) || CAPE_WORDS.has(word) || NECK_WORDS.has(word) || TOP_WORDS.has(word) || BOTTOM_WORDS.has(word) || word === 'hair';

/** How a cast member is drawn on every page: from their name and look only, never the page's seed. */
export interface FigureStyle {
  shape: Shape;
  body: string;
  belly: string;
  beak: string;
  skin: string;
  hair: string;
  /** Clothes by where they are worn; null when the look names none there. */
  top: string | null;
  bottom: string | null;
  neck: string | null;
  hat: string | null;
  cape: string | null;
}

/**
 * Reads a look: each colour word belongs to the next thing it describes within a few words
 * ("a red knitted scarf", "black and white feathers"); a colour that describes nothing named
 * ("orange fox") colours the body. What the look leaves open is chosen from the name, so it
 * stays the same on every page too.
 */
export function figureStyle(member: CastMember): FigureStyle {
  const words = member.look.toLowerCase().split(/[^a-z-]+/).filter(Boolean);
  const fallback = seededRandom(hashToSeed(`${member.name}|${member.look}`));
  const shape = SHAPE_WORDS.find(([, names]) => words.some((word) => names.includes(word)))?.[0] ?? 'creature';
  const style: FigureStyle = {
    shape,
    body: '',
    belly: '',
    beak: COLOURS.orange!,
    skin: '',
    hair: '',
    top: null,
    bottom: null,
    neck: null,
    hat: null,
    cape: null,
  };
  const unplaced: string[] = [];
  words.forEach((word, index) => {
    const colour = COLOURS[word];
    if (!colour) return;
    // "black and white feathers" and "golden brown fur" share their noun; "white spots and blue shoes" do not.
    let next = index + 1;
    while (COLOURS[words[next] ?? ''] || (words[next] === 'and' && COLOURS[words[next + 1] ?? ''])) next += words[next] === 'and' ? 2 : 1;
    const following = words.slice(next, next + 3);
    const beforeColour = following.findIndex((later) => COLOURS[later]);
    const described = (beforeColour >= 0 ? following.slice(0, beforeColour) : following).find((later) => isDescribed(later));
    if (described === 'hair') style.hair ||= HAIR_COLOURS[word] ?? colour;
    else if (described === 'skin' && shape === 'person') return;
    else if (described && BODY_WORDS.has(described)) {
      if (!style.body) style.body = colour;
      else style.belly ||= colour;
    } else if (described && BELLY_WORDS.has(described)) style.belly ||= colour;
    else if (described && BEAK_WORDS.has(described)) style.beak = colour;
    else if (described && HAT_WORDS.has(described)) style.hat ||= colour;
    else if (described && CAPE_WORDS.has(described)) style.cape ||= colour;
    else if (described && NECK_WORDS.has(described)) style.neck ||= colour;
    else if (described && TOP_WORDS.has(described) && !style.top) style.top = colour;
    else if (described && BOTTOM_WORDS.has(described)) style.bottom ||= colour;
    else unplaced.push(colour);
  });
  const hairWord = words.find((word, index) => HAIR_COLOURS[word] && words.slice(index + 1, index + 4).includes('hair'));
  if (hairWord) style.hair = HAIR_COLOURS[hairWord]!;
  const skinText = /([a-z ]+?) skin/.exec(member.look.toLowerCase())?.[1] ?? '';
  style.skin = SKINS.find(([pattern]) => pattern.test(skinText))?.[1] ?? pick(fallback, SKINS)[1];
  style.hair ||= pick(fallback, Object.values(HAIR_COLOURS));

  const spare = Object.values(COLOURS);
  if (!style.body) style.body = unplaced.shift() ?? (shape === 'person' ? style.skin : pick(fallback, spare));
  if (shape === 'person' && !style.top) style.top = unplaced.shift() ?? pick(fallback, spare);
  if (shape !== 'person' && !style.top && !style.neck && !style.hat && !style.cape && unplaced.length > 0) style.neck = unplaced.shift()!;
  style.belly ||= shape === 'penguin' || shape === 'fox' ? COLOURS.white! : lighter(style.body);
  return style;
}

const isDark = (hex: string) => {
  const [red, green, blue] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));
  return 0.299 * red! + 0.587 * green! + 0.114 * blue! < 90;
};

/** A colour halfway to white: a tummy, a muzzle. */
function lighter(hex: string): string {
  const channel = (offset: number) => Math.round((parseInt(hex.slice(offset, offset + 2), 16) + 255) / 2);
  return `#${[1, 3, 5].map((offset) => channel(offset).toString(16).padStart(2, '0')).join('')}`;
}

const ellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') => `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}"${extra}/>`;
const circle = (cx: number, cy: number, r: number, fill: string) => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`;
const path = (d: string, fill: string, extra = '') => `<path d="${d}" fill="${fill}"${extra}/>`;
const OUTLINE = '#333333';

/**
 * One cast member, drawn with its feet at (0, 0) and about 440 units tall; the page places and
 * scales it with a transform, so the same member is the same drawing everywhere.
 */
function figureSvg(member: CastMember): string {
  const style = figureStyle(member);
  const { shape, body, belly } = style;
  const person = shape === 'person';
  const head = person ? style.skin : body;
  const behind: string[] = [];
  const parts: string[] = [];

  if (style.cape) behind.push(path('M -70 -200 L 70 -200 L 110 -10 L -110 -10 Z', style.cape));
  if (shape === 'cat' || shape === 'dog') behind.push(path('M 60 -60 Q 160 -80 140 -200', 'none', ` stroke="${body}" stroke-width="22" stroke-linecap="round"`));
  if (shape === 'mouse') behind.push(path('M 60 -40 Q 170 -20 160 -140', 'none', ' stroke="#f4a6c0" stroke-width="8" stroke-linecap="round"'));
  if (shape === 'fox') behind.push(ellipse(120, -90, 45, 95, body, ' transform="rotate(35 120 -90)"'), ellipse(150, -160, 24, 30, COLOURS.white!, ' transform="rotate(35 150 -160)"'));
  if (shape === 'dragon') behind.push(path('M 50 -50 L 200 -20 L 60 -120 Z', body), path('M -60 -190 L -170 -260 L -120 -150 Z', belly), path('M 60 -190 L 170 -260 L 120 -150 Z', belly));
  if (shape === 'rabbit') behind.push(circle(75, -40, 25, COLOURS.white!));

  if (shape === 'robot') {
    parts.push(`<rect x="-85" y="-220" width="170" height="200" rx="18" fill="${body}"/>`, `<rect x="-50" y="-180" width="100" height="60" rx="8" fill="${belly}"/>`);
  } else if (person) {
    parts.push(`<rect x="-50" y="-110" width="38" height="110" rx="12" fill="${style.bottom ?? '#4a5a78'}"/>`, `<rect x="12" y="-110" width="38" height="110" rx="12" fill="${style.bottom ?? '#4a5a78'}"/>`);
    parts.push(path('M -75 -210 Q 0 -235 75 -210 L 95 -90 Q 0 -70 -95 -90 Z', style.top!));
    parts.push(ellipse(-95, -150, 20, 55, style.skin), ellipse(95, -150, 20, 55, style.skin));
  } else {
    parts.push(ellipse(0, -110, 85, 110, body));
    if (shape === 'penguin' || shape === 'fox' || shape === 'bird' || shape === 'dragon' || shape === 'bear') parts.push(ellipse(0, -95, 55, 80, belly));
    if (style.top) parts.push(path('M -82 -150 Q 0 -175 82 -150 L 80 -60 Q 0 -40 -80 -60 Z', style.top));
    if (style.bottom) parts.push(path('M -80 -60 Q 0 -40 80 -60 L 70 -10 Q 0 10 -70 -10 Z', style.bottom));
    if (shape === 'penguin' || shape === 'bird') parts.push(ellipse(-90, -120, 22, 60, body, ' transform="rotate(20 -90 -120)"'), ellipse(90, -120, 22, 60, body, ' transform="rotate(-20 90 -120)"'));
    if (shape === 'penguin' || shape === 'bird') parts.push(ellipse(-35, -2, 28, 10, style.beak), ellipse(35, -2, 28, 10, style.beak));
  }

  if (shape === 'rabbit') parts.push(ellipse(-32, -370, 20, 70, head), ellipse(32, -370, 20, 70, head), ellipse(-32, -365, 9, 50, lighter(head)), ellipse(32, -365, 9, 50, lighter(head)));
  if (shape === 'bear') parts.push(circle(-55, -325, 28, head), circle(55, -325, 28, head), circle(-55, -325, 14, belly), circle(55, -325, 14, belly));
  if (shape === 'mouse') parts.push(circle(-65, -320, 42, head), circle(65, -320, 42, head), circle(-65, -320, 24, COLOURS.pink!), circle(65, -320, 24, COLOURS.pink!));
  if (shape === 'cat' || shape === 'fox') parts.push(path('M -70 -300 L -55 -370 L -20 -330 Z', head), path('M 70 -300 L 55 -370 L 20 -330 Z', head));
  if (shape === 'dragon') parts.push(path('M -30 -335 L -15 -375 L 0 -340 L 15 -375 L 30 -335 Z', belly));
  if (shape === 'robot') parts.push(`<line x1="0" y1="-340" x2="0" y2="-390" stroke="${OUTLINE}" stroke-width="6"/>`, circle(0, -395, 12, COLOURS.red!));

  if (shape === 'robot') parts.push(`<rect x="-70" y="-340" width="140" height="120" rx="16" fill="${head}"/>`);
  else parts.push(circle(0, -270, 75, head));
  if (shape === 'dog') parts.push(ellipse(-75, -265, 22, 55, belly), ellipse(75, -265, 22, 55, belly));
  if (person) parts.push(path('M -78 -270 Q -80 -360 0 -355 Q 80 -360 78 -270 Q 60 -320 0 -315 Q -60 -320 -78 -270 Z', style.hair));
  if (shape === 'bear' || shape === 'dog' || shape === 'fox' || shape === 'cat') parts.push(ellipse(0, -240, 36, 26, belly), ellipse(0, -252, 12, 9, OUTLINE));
  if (shape === 'penguin' || shape === 'bird') parts.push(path('M -16 -255 L 16 -255 L 0 -228 Z', style.beak));
  if (style.neck) parts.push(`<rect x="-70" y="-205" width="140" height="26" rx="12" fill="${style.neck}"/>`, `<rect x="30" y="-190" width="26" height="70" rx="8" fill="${style.neck}"/>`);
  if (style.hat) parts.push(path('M -80 -325 L 80 -325 L 55 -345 Q 0 -420 -55 -345 Z', style.hat));

  const eyeY = shape === 'robot' ? -290 : -285;
  const eye = shape === 'robot' ? '#7fe7ff' : OUTLINE;
  // On a dark face (a penguin, a black cat) the eyes need whites and the smile a light line to show.
  const darkFace = isDark(head);
  if (darkFace) parts.push(circle(-25, eyeY, 16, '#ffffff'), circle(25, eyeY, 16, '#ffffff'));
  parts.push(circle(-25, eyeY, 9, eye), circle(25, eyeY, 9, eye), circle(-22, eyeY - 3, 3, '#ffffff'), circle(28, eyeY - 3, 3, '#ffffff'));
  parts.push(path(`M -22 ${eyeY + 45} Q 0 ${eyeY + 60} 22 ${eyeY + 45}`, 'none', ` stroke="${darkFace ? '#f8f8f2' : OUTLINE}" stroke-width="5" stroke-linecap="round"`));
  return [...behind, ...parts].join('');
}

const placed = (member: CastMember, x: number, y: number, scale: number, tilt = 0) =>
  `<g transform="translate(${x.toFixed(0)} ${y.toFixed(0)}) rotate(${tilt.toFixed(1)}) scale(${scale})" data-cast="${escapeAttribute(member.name)}">${figureSvg(member)}</g>`;
const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Where the i-th of n figures stands on a page: spread evenly, feet on the grass, smaller in a crowd. */
export function figurePlacement(index: number, count: number): { x: number; y: number; scale: number } {
  return { x: ((index + 1) * CANVAS) / (count + 1), y: CANVAS * 0.9, scale: count > 4 ? 0.55 : count > 2 ? 0.75 : 0.95 };
}

const PORTRAIT_PLACEMENT = { x: CANVAS / 2, y: CANVAS * 0.93, scale: 1.85 };

/** The picture's SVG: one figure on a plain background for a portrait, or a scene with the page's cast. */
export function pictureSvg(request: PictureRequest): string {
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${request.width}" height="${request.height}" viewBox="0 0 ${CANVAS} ${CANVAS}">`;
  if (request.purpose === 'portrait') {
    const [member] = request.cast;
    const { x, y, scale } = PORTRAIT_PLACEMENT;
    // The same figure every time; a new seed stands it a little differently, so "draw again" shows a new portrait.
    const stance = seededRandom(request.seed);
    const tilt = (stance() - 0.5) * 10;
    const shift = (stance() - 0.5) * 80;
    return `${open}<rect width="${CANVAS}" height="${CANVAS}" fill="${PORTRAIT_BACKGROUND}"/>${member ? placed(member, x + shift, y, scale, tilt) : ''}</svg>`;
  }
  // A book's pages share one seed (so a painter that cannot follow portraits keeps the cast alike):
  // the page's own words choose its scenery with it, so no two pages are the same picture.
  return `${open}${sceneryFor(request.seed ^ hashToSeed(request.prompt))}${request.cast
    .map((member, index, shown) => {
      const { x, y, scale } = figurePlacement(index, shown.length);
      return placed(member, x, y, scale);
    })
    .join('')}</svg>`;
}

/** Sky, sun, hills and trees: the part of a page that changes with its seed and words. */
function sceneryFor(seed: number): string {
  const random = seededRandom(seed);
  const palette = pick(random, PALETTES);
  const hills = Array.from({ length: 3 }, (_, index) => circle(Math.round(random() * CANVAS), Math.round(CANVAS * 0.78 + index * 40), Math.round(250 + random() * 300), palette.hill)).join('');
  const trees = Array.from({ length: 2 + Math.floor(random() * 4) }, () => {
    const x = Math.round(random() * CANVAS);
    const size = Math.round(60 + random() * 80);
    return `<rect x="${x - 8}" y="${Math.round(CANVAS * 0.62)}" width="16" height="${Math.round(size * 1.2)}" fill="#7a5230"/>${circle(x, Math.round(CANVAS * 0.62), size, '#3e8e41')}`;
  }).join('');
  const sun = circle(Math.round(150 + random() * 700), Math.round(120 + random() * 120), Math.round(60 + random() * 40), palette.sun);
  return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.sky[0]}"/><stop offset="1" stop-color="${palette.sky[1]}"/></linearGradient></defs><rect width="${CANVAS}" height="${CANVAS}" fill="url(#sky)"/>${sun}${hills}<rect y="${Math.round(CANVAS * 0.8)}" width="${CANVAS}" height="${Math.round(CANVAS * 0.2)}" fill="${palette.ground}"/>${trees}`;
}

/**
 * Pictures drawn on this computer: the scenery comes from the page's seed, and each cast member
 * is drawn from their name and look alone, in the colours and shape their look names, so they
 * are the same on every page and in their portrait.
 */
export function createOfflinePictureProvider(): ImageProvider {
  return {
    id: 'offline',
    model: 'procedural-2',
    concurrency: 4,
    referenceSupport: followsNoReferences("The offline painter keeps each character's colours and shape from page to page; it does not look at pictures."),
    async drawPicture(request: PictureRequest) {
      const data = await sharp(Buffer.from(pictureSvg(request))).resize(request.width, request.height).png({ compressionLevel: 6 }).toBuffer();
      return { data, mime: 'image/png' };
    },
  };
}
