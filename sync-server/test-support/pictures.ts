import sharp from 'sharp';

/** A small real picture, a different colour (and so different bytes) for each number, as a device would upload one. */
export function pictureOf(number: number, type: 'jpeg' | 'png' | 'webp' = 'jpeg'): Promise<Buffer> {
  const background = { r: (number * 47) % 256, g: (number * 91) % 256, b: (number * 13) % 256 };
  return sharp({ create: { width: 8, height: 8, channels: 3, background } })[type]().toBuffer();
}
