import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { COLOURS, PORTRAIT_BACKGROUND, createOfflinePictureProvider, figurePlacement, figureStyle, pictureSvg } from './offline-pictures';
import type { CastMember, PictureRequest } from './provider-types';

const signal = new AbortController().signal;
const pip: CastMember = { name: 'Pip', look: 'a small round penguin chick, about five years old, black and white feathers, orange beak and feet, a red knitted scarf, carries a wooden spoon' };
const mia: CastMember = { name: 'Mia', look: 'a girl of about five, small and sturdy, light brown skin, curly black hair in two puffs, a yellow raincoat over green dungarees, carries a kite' };
const fern: CastMember = { name: 'Fern', look: 'a small quick fox cub, orange fur, a white chest, a blue woolly hat' };

const picture = (overrides: Partial<PictureRequest>): PictureRequest => ({ prompt: 'a picture', seed: 1, width: 1024, height: 1024, purpose: 'page', cast: [pip], references: [], ...overrides });
const draw = async (request: PictureRequest) => sharp((await createOfflinePictureProvider().drawPicture(request, { signal })).data).raw().toBuffer({ resolveWithObject: true });
const pixelAt = ({ data, info }: { data: Buffer; info: sharp.OutputInfo }, x: number, y: number) => {
  const offset = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
};
const rgb = (hex: string) => [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));
const near = (pixel: number[], colour: number[]) => pixel.every((channel, index) => Math.abs(channel - colour[index]!) <= 6);
const pixelsNear = ({ data, info }: { data: Buffer; info: sharp.OutputInfo }, hex: string) => {
  let count = 0;
  for (let offset = 0; offset < data.length; offset += info.channels) if (near([data[offset]!, data[offset + 1]!, data[offset + 2]!], rgb(hex))) count += 1;
  return count;
};
const fragmentOf = (svg: string, name: string) => new RegExp(`data-cast="${name}">(.*?)</g>`).exec(svg)?.[1];

describe('the offline painter', () => {
  it('draws a cast member with the same colours and shape on every page, whatever the seed', async () => {
    const first = picture({ seed: 1 });
    const second = picture({ seed: 987_654 });
    expect(pictureSvg(first)).not.toBe(pictureSvg(second));
    expect(fragmentOf(pictureSvg(first), 'Pip')).toBeDefined();
    expect(fragmentOf(pictureSvg(first), 'Pip')).toBe(fragmentOf(pictureSvg(second), 'Pip'));
    expect(fragmentOf(pictureSvg(picture({ seed: 5, cast: [mia, pip, fern] })), 'Pip')).toBe(fragmentOf(pictureSvg(first), 'Pip'));

    // Sampled on the scarf (local y -192) and the white tummy (local y -95) of the one figure on each page.
    const { x, y, scale } = figurePlacement(0, 1);
    const [one, two] = await Promise.all([draw(first), draw(second)]);
    for (const localY of [-192, -95]) expect(pixelAt(one, x, y + localY * scale)).toEqual(pixelAt(two, x, y + localY * scale));
    expect(near(pixelAt(one, x, y - 192 * scale), rgb(COLOURS.red!))).toBe(true);
    expect(near(pixelAt(one, x, y - 95 * scale), rgb(COLOURS.white!))).toBe(true);
  });

  it('reads the colours and the kind of figure from the look, not the prompt', () => {
    expect(figureStyle(pip)).toMatchObject({ shape: 'penguin', body: COLOURS.black, belly: COLOURS.white, beak: COLOURS.orange, neck: COLOURS.red });
    expect(figureStyle(mia)).toMatchObject({ shape: 'person', top: COLOURS.yellow, bottom: COLOURS.green, hair: '#2b2b2b' });
    expect(figureStyle(fern)).toMatchObject({ shape: 'fox', body: COLOURS.orange, hat: COLOURS.blue });
    expect(figureStyle({ name: 'Bea', look: 'a fluffy grey bunny, a pink bow tie' })).toMatchObject({ shape: 'rabbit', body: COLOURS.grey, neck: COLOURS.pink });
    expect(figureStyle({ name: 'Bolt', look: 'a small boxy robot, a shiny silver metal body' })).toMatchObject({ shape: 'robot', body: COLOURS.silver });
    expect(figureStyle({ name: 'Pip', look: 'orange fox, green scarf' })).toMatchObject({ shape: 'fox', body: COLOURS.orange, neck: COLOURS.green });
    expect(figureStyle({ name: 'Zib', look: 'a zorblax with a purple cape' })).toMatchObject({ shape: 'creature', cape: COLOURS.purple });
    // What the look leaves open comes from the name, so it is the same on every page too.
    const unnamed = { name: 'Dot', look: 'a friendly character' };
    expect(figureStyle(unnamed)).toEqual(figureStyle({ ...unnamed }));
    expect(pictureSvg(picture({ prompt: 'CHARACTER Someone Else: a blue whale', cast: [pip] }))).not.toContain('Someone Else');
  });

  it('draws a portrait as one whole figure, large and centred, on a plain light background', async () => {
    const request = picture({ purpose: 'portrait', cast: [mia], seed: 42 });
    const svg = pictureSvg(request);
    expect(svg.match(/data-cast=/g)).toHaveLength(1);
    expect(svg).not.toContain('linearGradient');
    const image = await draw(request);
    const background = rgb(PORTRAIT_BACKGROUND);
    for (const [x, y] of [[0, 0], [1023, 0], [0, 1023], [1023, 1023], [40, 512], [983, 512]] as const) expect(pixelAt(image, x, y)).toEqual(background);
    expect(near(pixelAt(image, 512, 700), background)).toBe(false);
    expect(pixelsNear(image, COLOURS.yellow!)).toBeGreaterThan(20_000);
  });

  it('draws two pages of one book (one seed) differently by their words, and a portrait drawn again with a new seed differently', () => {
    const pond = picture({ seed: 7, prompt: 'Scene: Pip at the pond.' });
    const bakery = picture({ seed: 7, prompt: 'Scene: Pip in the bakery.' });
    expect(pictureSvg(pond)).not.toBe(pictureSvg(bakery));
    expect(fragmentOf(pictureSvg(pond), 'Pip')).toBe(fragmentOf(pictureSvg(bakery), 'Pip'));
    expect(pictureSvg(pond)).toBe(pictureSvg({ ...pond }));

    const portrait = picture({ purpose: 'portrait', cast: [pip], seed: 1 });
    const again = { ...portrait, seed: 2 };
    expect(pictureSvg(again)).not.toBe(pictureSvg(portrait));
    expect(fragmentOf(pictureSvg(again), 'Pip')).toBe(fragmentOf(pictureSvg(portrait), 'Pip'));
  });

  it('puts a red scarf in the figure when the look says so', async () => {
    const redScarf = await draw(picture({ purpose: 'portrait', cast: [{ name: 'Fern', look: 'a small fox cub, orange fur, a red scarf' }] }));
    const blueScarf = await draw(picture({ purpose: 'portrait', cast: [{ name: 'Fern', look: 'a small fox cub, orange fur, a blue scarf' }] }));
    expect(pixelsNear(redScarf, COLOURS.red!)).toBeGreaterThan(5_000);
    expect(pixelsNear(blueScarf, COLOURS.red!)).toBe(0);
    expect(pixelsNear(blueScarf, COLOURS.blue!)).toBeGreaterThan(5_000);
  });

  it('draws the same picture for the same request, and a page with nobody on it', async () => {
    const request = picture({ seed: 9, cast: [pip, mia] });
    const provider = createOfflinePictureProvider();
    const [one, two] = await Promise.all([provider.drawPicture(request, { signal }), provider.drawPicture({ ...request }, { signal })]);
    expect(one.data.equals(two.data)).toBe(true);
    expect(one.mime).toBe('image/png');
    expect(pictureSvg(picture({ cast: [] }))).not.toContain('data-cast');
    const small = await sharp((await provider.drawPicture(picture({ width: 64, height: 64 }), { signal })).data).metadata();
    expect([small.width, small.height]).toEqual([64, 64]);
  });
});
