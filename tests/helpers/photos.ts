/**
 * Photos for the tests, all made here: JPEGs and PNGs drawn by sharp (one with a GPS position and a
 * camera in its EXIF, written with sharp's `withExif`), and PNG headers claiming any size (no pixels).
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { ORIGIN, type Agent } from './app.ts';

/** The EXIF of a phone photo taken in Paris: GPS position, camera make and model. */
export const PHONE_EXIF = {
  IFD0: { Make: 'ReprisePhone', Model: 'Test Camera 9' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' }
};

/** A JPEG of `width`×`height` with the phone's EXIF (GPS and camera). */
export async function jpegWithGps(width = 640, height = 480, colour = '#c0392b'): Promise<Uint8Array<ArrayBuffer>> {
  const buf = await sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .withExif(PHONE_EXIF)
    .toBuffer();
  return new Uint8Array(buf);
}

export async function pngOf(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 4, background: '#2980b980' } })
      .png()
      .toBuffer()
  );
}

export async function webpOf(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#27ae60' } })
      .webp()
      .toBuffer()
  );
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose header claims `width`×`height` but holds no real pixels: read by its size only. */
export function pngHeaderOnly(width: number, height: number): Uint8Array<ArrayBuffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      chunk('IEND', new Uint8Array())
    ])
  );
}

/** The first bytes of a HEIC file as an iPhone writes them (`ftyp` box, brand `heic`), then nothing decodable. */
export function heicLike(): Uint8Array<ArrayBuffer> {
  const ftyp = Buffer.from([0, 0, 0, 24, ...Buffer.from('ftypheic'), 0, 0, 0, 0, ...Buffer.from('mif1heic')]);
  return new Uint8Array(Buffer.concat([ftyp, Buffer.alloc(200, 7)]));
}

let keys = 0;
/** A fresh upload key, as the SPA makes one per file. */
export const uploadKey = () => `photo-key-${process.pid}-${Date.now()}-${++keys}`;

/** Uploads one photo as the SPA does: its bytes as the body, its own key, any Content-Type (ignored by the server). */
export async function upload(agent: Agent, bytes: Uint8Array<ArrayBuffer>, opts: { key?: string; type?: string } = {}) {
  const res = await agent.fetch(`${ORIGIN}/api/returns/photos`, {
    method: 'POST',
    headers: { 'content-type': opts.type ?? 'application/octet-stream', 'idempotency-key': opts.key ?? uploadKey() },
    body: bytes
  });
  const body = (await res.json()) as any;
  return { status: res.status, body, headers: res.headers };
}

/** The bytes of an answer (a photo). */
export async function bytesOf(agent: Agent, path: string) {
  const res = await agent.fetch(`${ORIGIN}${path}`);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}
