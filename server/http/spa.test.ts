import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../deps.ts';
import { mountSpa } from './spa.ts';

// A build directory shaped like adapter-static's with `precompress: true`.
const dir = mkdtempSync(join(tmpdir(), 'reprise-spa-'));
const page = `<!doctype html><html><body>${'<div>Reprise</div>'.repeat(50)}</body></html>`;
const script = `export const greeting = ${JSON.stringify('hello '.repeat(200))};`;
function write(path: string, text: string, siblings = true) {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (siblings) {
    writeFileSync(`${file}.br`, brotliCompressSync(text));
    writeFileSync(`${file}.gz`, gzipSync(text));
  }
}
write('200.html', page);
write('_app/immutable/entry/start.abc123.js', script);
write('_app/version.json', '{"version":"1"}');
write('robots.txt', 'User-agent: *', false);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = new Hono<AppEnv>();
mountSpa(app, dir);
const get = (path: string, acceptEncoding?: string) =>
  app.request(path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('serving the built SPA', () => {
  it('sends a hashed asset as brotli when the browser accepts it, cached immutably', async () => {
    const res = await get('/_app/immutable/entry/start.abc123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script);
  });

  it('falls back to gzip, then to the file itself, and says Vary every time', async () => {
    const gz = await get('/_app/immutable/entry/start.abc123.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script);

    const plain = await get('/_app/immutable/entry/start.abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(script);
  });

  it('never sends an encoding the browser refused', async () => {
    const res = await get('/_app/immutable/entry/start.abc123.js', 'br;q=0, identity');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(script);
  });

  it('sends the fallback page compressed for / and every deep link, revalidated each time', async () => {
    for (const path of ['/', '/orders', '/staff/returns/42']) {
      const res = await get(path, 'gzip, br');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(page);
    }
  });

  it('caches other files briefly and adds no Vary to a file without compressed copies', async () => {
    const version = await get('/_app/version.json', 'gzip');
    expect(version.headers.get('cache-control')).toBe('public, max-age=300');
    expect(version.headers.get('content-encoding')).toBe('gzip');
    const robots = await get('/robots.txt', 'gzip, br');
    expect(robots.headers.get('content-encoding')).toBeNull();
    expect(robots.headers.get('vary')).toBeNull();
    expect(await robots.text()).toBe('User-agent: *');
  });
});
