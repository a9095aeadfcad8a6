/**
 * Photos a shopper attaches to a return line: the limits both sides know, and how the server tells
 * what a file is from its first bytes (never from its name nor its Content-Type).
 * docs/decisions.md "Photos in the database".
 */

export const PHOTO_LIMITS = {
  /** Bytes of one file as sent (10 MiB). */
  maxBytes: 10 * 1024 * 1024,
  /** Width × height of one image. */
  maxPixels: 40_000_000,
  /** Photos on one return line. */
  perLine: 5,
  /** The longest edge of the image kept (re-encoded), and of its thumbnail, in pixels. */
  keptEdge: 2048,
  thumbnailEdge: 320
} as const;

/** The kinds of file taken (HEIC: what phones take; docs/decisions.md says which ones can be read). */
export type PhotoType = 'jpeg' | 'png' | 'webp' | 'heic';

const startsWith = (bytes: Uint8Array, at: number, ascii: string) =>
  bytes.length >= at + ascii.length && [...ascii].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));

/** The ISO-BMFF brands of HEIF images coded with HEVC (HEIC), as phones write them. */
const HEIC_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis'];

/** A HEIF file (`ftyp` box first) whose major or compatible brands name HEVC. */
function isHeic(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, 4, 'ftyp')) return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const end = Math.min(boxSize, bytes.length, 256);
  for (let at = 8; at + 4 <= end; at += 4) {
    if (at === 12) continue; // the minor version, not a brand
    if (HEIC_BRANDS.some((brand) => startsWith(bytes, at, brand))) return true;
  }
  return false;
}

/** What a file is, from its magic bytes; null for anything else (a PDF, a GIF, a renamed text file…). */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (startsWith(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'webp';
  if (isHeic(bytes)) return 'heic';
  return null;
}

/** Why a file is refused before it is decoded (its size, then its kind), or null. */
export type PhotoRefusal = 'photo_too_large' | 'photo_type_unsupported' | 'photo_too_many_pixels';

/** The size and kind checks, in the order the server makes them (pure: the property test runs it against the API). */
export function refusalBeforeDecoding(byteLength: number, type: PhotoType | null): PhotoRefusal | null {
  if (byteLength > PHOTO_LIMITS.maxBytes) return 'photo_too_large';
  if (type === null) return 'photo_type_unsupported';
  return null;
}

/** An image's size from its header, checked before decoding it. */
export const tooManyPixels = (width: number, height: number) => width * height > PHOTO_LIMITS.maxPixels;
