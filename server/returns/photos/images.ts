import { PHOTO_LIMITS, refusalBeforeDecoding, sniffPhotoType, tooManyPixels, type PhotoType } from '#shared/photos.ts';
import type SharpModule from 'sharp';
import { ApiError } from '../../http/errors.ts';

/** What is kept of one photo: a JPEG without any metadata, its thumbnail, its size. */
export type Processed = { sourceType: PhotoType; width: number; height: number; image: Uint8Array; thumbnail: Uint8Array };

type Sharp = typeof SharpModule;
let loaded: Promise<Sharp> | undefined;

/** sharp (libvips) is loaded on the first photo, not at start: a process that never sees one keeps its memory. */
function sharpModule(): Promise<Sharp> {
  loaded ??= import('sharp').then((mod) => {
    const sharp = mod.default as Sharp;
    sharp.cache(false); // nothing is read twice: the cache would only hold memory
    sharp.concurrency(1); // one thread per image: requests run side by side, not one image on every core
    return sharp;
  });
  return loaded!;
}

const refuse = (status: number, code: ConstructorParameters<typeof ApiError>[1], message: string) =>
  new ApiError(status, code, message, { fields: { photo: code } });

/** The size and kind of the bytes, from the bytes alone. */
export function checkBeforeDecoding(bytes: Uint8Array): PhotoType {
  const type = sniffPhotoType(bytes);
  const refusal = refusalBeforeDecoding(bytes.length, type);
  if (refusal === 'photo_too_large') throw refuse(413, refusal, `A photo may be at most ${PHOTO_LIMITS.maxBytes} bytes.`);
  if (refusal) throw refuse(415, 'photo_type_unsupported', 'Send a JPEG, PNG, WebP or HEIC photo.');
  return type!;
}

/**
 * Decodes, turns upright (EXIF orientation), shrinks to `keptEdge` and re-encodes as JPEG: sharp writes
 * no metadata unless asked, so the EXIF (GPS position, device, dates), XMP and IPTC of the file that
 * came are gone. The header's size is checked before any pixel is decoded (40 megapixels).
 */
export async function processPhoto(bytes: Uint8Array): Promise<Processed> {
  const sourceType = checkBeforeDecoding(bytes);
  const sharp = await sharpModule();
  // The header only (no pixel is decoded), without sharp's own pixel limit: the one said here is ours.
  const header = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!header || header.width === undefined || header.height === undefined) {
    if (sourceType === 'heic') throw refuse(415, 'photo_heic_unsupported', 'HEIC photos cannot be read here: send it as JPEG.');
    throw refuse(422, 'photo_unreadable', 'The photo could not be read.');
  }
  if (tooManyPixels(header.width, header.height)) {
    throw refuse(422, 'photo_too_many_pixels', `A photo may have at most ${PHOTO_LIMITS.maxPixels} pixels.`);
  }
  try {
    const upright = sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels }).rotate().flatten({ background: '#ffffff' });
    const kept = await upright
      .clone()
      .resize({ width: PHOTO_LIMITS.keptEdge, height: PHOTO_LIMITS.keptEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(kept.data)
      .resize({ width: PHOTO_LIMITS.thumbnailEdge, height: PHOTO_LIMITS.thumbnailEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer();
    return {
      sourceType,
      width: kept.info.width,
      height: kept.info.height,
      image: new Uint8Array(kept.data),
      thumbnail: new Uint8Array(thumbnail)
    };
  } catch {
    if (sourceType === 'heic') throw refuse(415, 'photo_heic_unsupported', 'HEIC photos cannot be read here: send it as JPEG.');
    throw refuse(422, 'photo_unreadable', 'The photo could not be read.');
  }
}
