import sharp from 'sharp';

/** The picture types the desktop stores, and sharp's name for each. */
const FORMATS = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type PictureType = keyof typeof FORMATS;
export const PICTURE_TYPES = Object.keys(FORMATS) as PictureType[];

/** The largest picture the desktop keeps: a character's reference, up to 40 megapixels, re-encoded. */
export const MAX_PICTURE_BYTES = 25 * 1024 * 1024;

export const isPictureType = (mime: string): mime is PictureType => Object.hasOwn(FORMATS, mime);

/**
 * Whether `data` is a picture of the type it claims, by its header as sharp reads it (no pixels
 * are decoded). Whatever says it is a picture is served as one, so a page or a script must not pass.
 */
export async function isPictureOf(data: Buffer, mime: string): Promise<boolean> {
  if (!isPictureType(mime)) return false;
  try {
    return (await sharp(data).metadata()).format === FORMATS[mime];
  } catch {
    return false;
  }
}
