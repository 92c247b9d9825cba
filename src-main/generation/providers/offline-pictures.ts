import sharp from 'sharp';
import { hashToSeed, pick, seededRandom } from '../seeded-random';
import type { ImageProvider, PictureRequest } from './provider-types';

const PALETTES = [
  { sky: ['#bfe6ff', '#fff3d6'], ground: '#8cc084', hill: '#6aa46a', sun: '#ffd23f' },
  { sky: ['#ffd6e0', '#fff0c2'], ground: '#b5d99c', hill: '#93c47d', sun: '#ff9f1c' },
  { sky: ['#1d2b53', '#4b3f72'], ground: '#2e4a3f', hill: '#24403a', sun: '#f6f1d1' },
  { sky: ['#c6f1e7', '#fcefb4'], ground: '#e9c46a', hill: '#d4a373', sun: '#f4a261' },
];
const BODY_COLOURS = ['#e76f51', '#2a9d8f', '#e9c46a', '#8e7dbe', '#f28482', '#4d96ff'];

/**
 * Pictures drawn on this computer: a scene, palette and figures chosen from the page's seed, so
 * the same seed always draws the same picture. Characters named in the prompt keep their colour
 * on every page, the offline version of a consistent character.
 */
export function createOfflinePictureProvider(): ImageProvider {
  return {
    id: 'offline',
    model: 'procedural-1',
    concurrency: 4,
    acceptsReferences: false,
    async drawPicture(request: PictureRequest) {
      const svg = sceneSvg(request);
      const data = await sharp(Buffer.from(svg)).resize(request.width, request.height).png({ compressionLevel: 6 }).toBuffer();
      return { data, mime: 'image/png' };
    },
  };
}

function sceneSvg({ prompt, seed, width, height }: PictureRequest): string {
  const random = seededRandom(seed);
  const palette = pick(random, PALETTES);
  const names = [...prompt.matchAll(/CHARACTER (\S[^:]*):/g)].map((match) => match[1]!);
  const figures = (names.length > 0 ? names : ['someone']).slice(0, 4);
  const w = 1024;
  const h = 1024;
  const hills = Array.from({ length: 3 }, (_, index) => {
    const cx = random() * w;
    const r = 250 + random() * 300;
    return `<circle cx="${cx.toFixed(0)}" cy="${(h * 0.78 + index * 40).toFixed(0)}" r="${r.toFixed(0)}" fill="${palette.hill}" opacity="${0.7 + index * 0.1}"/>`;
  }).join('');
  const trees = Array.from({ length: 2 + Math.floor(random() * 4) }, () => {
    const x = random() * w;
    const size = 60 + random() * 80;
    return `<rect x="${(x - 8).toFixed(0)}" y="${(h * 0.62).toFixed(0)}" width="16" height="${(size * 1.2).toFixed(0)}" fill="#7a5230"/><circle cx="${x.toFixed(0)}" cy="${(h * 0.62).toFixed(0)}" r="${size.toFixed(0)}" fill="#3e8e41"/>`;
  }).join('');
  const people = figures
    .map((name, index) => {
      const colour = BODY_COLOURS[hashToSeed(name) % BODY_COLOURS.length]!;
      const x = ((index + 1) * w) / (figures.length + 1) + (random() - 0.5) * 60;
      const y = h * 0.8;
      return `<g><ellipse cx="${x.toFixed(0)}" cy="${(y - 70).toFixed(0)}" rx="70" ry="95" fill="${colour}"/><circle cx="${x.toFixed(0)}" cy="${(y - 200).toFixed(0)}" r="55" fill="#ffe0bd"/><circle cx="${(x - 18).toFixed(0)}" cy="${(y - 208).toFixed(0)}" r="7" fill="#333"/><circle cx="${(x + 18).toFixed(0)}" cy="${(y - 208).toFixed(0)}" r="7" fill="#333"/><path d="M ${(x - 20).toFixed(0)} ${(y - 180).toFixed(0)} Q ${x.toFixed(0)} ${(y - 160).toFixed(0)} ${(x + 20).toFixed(0)} ${(y - 180).toFixed(0)}" stroke="#333" stroke-width="5" fill="none"/></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${w} ${h}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.sky[0]}"/><stop offset="1" stop-color="${palette.sky[1]}"/></linearGradient></defs>
<rect width="${w}" height="${h}" fill="url(#sky)"/>
<circle cx="${(150 + random() * 700).toFixed(0)}" cy="${(120 + random() * 120).toFixed(0)}" r="${(60 + random() * 40).toFixed(0)}" fill="${palette.sun}"/>
${hills}<rect y="${(h * 0.8).toFixed(0)}" width="${w}" height="${(h * 0.2).toFixed(0)}" fill="${palette.ground}"/>${trees}${people}
</svg>`;
}
