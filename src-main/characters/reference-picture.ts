import sharp from 'sharp';
import { UserFacingError } from '../errors';

/** Large enough for a phone photo, small enough that decoding it cannot exhaust memory. */
export const MAX_PICTURE_PIXELS = 40_000_000;
const THUMBNAIL_SIZE = 256;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

export class InvalidPictureError extends UserFacingError {
  constructor(message: string) {
    super('invalid-picture', message);
  }
}

export interface PreparedPicture {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
}

/**
 * Checks an uploaded file really is a picture of a sane size, then re-encodes it upright and
 * without metadata (a phone photo carries GPS coordinates and the device's name), and makes a
 * square thumbnail for the character card.
 */
export async function prepareReferencePicture(upload: Buffer): Promise<{ picture: PreparedPicture; thumbnail: PreparedPicture }> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(upload, { limitInputPixels: false }).metadata();
  } catch {
    throw new InvalidPictureError('That file is not a picture StorySprout can read. Use a PNG, JPEG or WebP picture.');
  }
  const { format, width, height } = metadata;
  if (!format || !ACCEPTED_FORMATS.has(format) || !width || !height) {
    throw new InvalidPictureError('That file is not a picture StorySprout can read. Use a PNG, JPEG or WebP picture.');
  }
  if (width * height > MAX_PICTURE_PIXELS) {
    throw new InvalidPictureError(
      `That picture is ${width}×${height} pixels, more than the ${MAX_PICTURE_PIXELS / 1_000_000} megapixels StorySprout accepts. Use a smaller copy.`,
    );
  }

  try {
    const upright = sharp(upload, { limitInputPixels: MAX_PICTURE_PIXELS, animated: false }).rotate();
    const keepsAlpha = metadata.hasAlpha === true;
    const encoded = keepsAlpha ? upright.clone().png() : upright.clone().jpeg({ quality: 92, mozjpeg: true });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumb = await upright
      .clone()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return {
      picture: { data, mime: keepsAlpha ? 'image/png' : 'image/jpeg', width: info.width, height: info.height },
      thumbnail: { data: thumb.data, mime: 'image/webp', width: thumb.info.width, height: thumb.info.height },
    };
  } catch {
    throw new InvalidPictureError('That picture is damaged and could not be read. Try saving it again or use another one.');
  }
}
