import sharp from 'sharp';

const THUMBNAIL_PX = 512;

export interface Thumbnail {
  data: Buffer;
  mime: 'image/webp';
  width: number;
  height: number;
}

/**
 * The small copy of a picture the window shows (page strips, covers, the print preview). It is
 * all a book needs while it is made: the print copy waits until an export asks for a size.
 */
export async function makeThumbnail(picture: Buffer): Promise<Thumbnail> {
  const { data, info } = await sharp(picture).rotate().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'cover' }).webp({ quality: 80 }).toBuffer({ resolveWithObject: true });
  return { data, mime: 'image/webp', width: info.width, height: info.height };
}
