import { describe, expect, it } from 'vitest';
import { sniffPhotoType } from './photos.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('what a file is, from its first bytes', () => {
  it('knows JPEG, PNG, WebP and HEIC (major brand or a compatible one), and nothing else', () => {
    expect(sniffPhotoType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffPhotoType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffPhotoType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('webp');
    expect(sniffPhotoType(bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic'))).toBe('heic');
    expect(sniffPhotoType(bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0], 'mif1heic'))).toBe('heic');
    // AVIF (HEIF with AV1), GIF, PDF, a text file, nothing at all: not taken.
    expect(sniffPhotoType(bytes([0, 0, 0, 24], 'ftypavif', [0, 0, 0, 0], 'mif1avif'))).toBeNull();
    expect(sniffPhotoType(bytes('GIF89a'))).toBeNull();
    expect(sniffPhotoType(bytes('%PDF-1.7'))).toBeNull();
    expect(sniffPhotoType(bytes('hello.jpg'))).toBeNull();
    expect(sniffPhotoType(new Uint8Array())).toBeNull();
    // The minor version is not a brand.
    expect(sniffPhotoType(bytes([0, 0, 0, 16], 'ftypmif1', 'heic'))).toBeNull();
  });
});
