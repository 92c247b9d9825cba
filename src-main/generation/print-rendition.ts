import sharp from 'sharp';

export const PRINT_DPI = 300;
/** 8.5 x 8.5 in plus 0.125 in bleed on every side: 2625 px square at 300 DPI. */
export const DEFAULT_PRINT_INCHES = { width: 8.75, height: 8.75 };
const THUMBNAIL_PX = 512;

export interface Rendition {
  print: { data: Buffer; mime: 'image/jpeg'; width: number; height: number };
  thumbnail: { data: Buffer; mime: 'image/webp'; width: number; height: number };
}

/**
 * The picture as a printer wants it: sRGB with its profile embedded, 300 DPI at the trim size
 * plus bleed, JPEG so the PDF can carry it as it is; and a small copy for the window.
 */
export async function renderForPrint(picture: Buffer, inches = DEFAULT_PRINT_INCHES): Promise<Rendition> {
  const width = Math.round(inches.width * PRINT_DPI);
  const height = Math.round(inches.height * PRINT_DPI);
  const source = sharp(picture).rotate();
  const [print, thumbnail] = await Promise.all([
    source
      .clone()
      .resize(width, height, { fit: 'cover', kernel: 'lanczos3' })
      .toColorspace('srgb')
      .withIccProfile('srgb')
      .withMetadata({ density: PRINT_DPI })
      .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
      .toBuffer({ resolveWithObject: true }),
    source.clone().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'cover' }).webp({ quality: 80 }).toBuffer({ resolveWithObject: true }),
  ]);
  return {
    print: { data: print.data, mime: 'image/jpeg', width: print.info.width, height: print.info.height },
    thumbnail: { data: thumbnail.data, mime: 'image/webp', width: thumbnail.info.width, height: thumbnail.info.height },
  };
}
