/** What the SPA's first load puts on the wire: the page and the scripts it names, as served for each Accept-Encoding. */
import { get } from 'node:http';

export type FirstLoad = { files: number; scripts: number; bytes: Record<'identity' | 'gzip' | 'br', number>; jsGzip: number };

/** The bytes of one response body as sent (not decoded), and its Content-Encoding. */
function raw(url: string, encoding: string): Promise<{ bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * The HTML of `/` and every script it preloads or imports. This is what any page costs before its
 * own route's chunks (the browser test tests/e2e/first-load.spec.ts holds the budget for sign-in →
 * My orders); the bench prints it so a change that grows the entry or stops compressing it shows.
 */
export async function firstLoad(base: string): Promise<FirstLoad> {
  const html = await (await fetch(`${base}/`)).text();
  const scripts = [
    ...new Set(
      [...html.matchAll(/href="([^"]+\.js)" rel="modulepreload"/g), ...html.matchAll(/import\("([^"]+\.js)"\)/g)].map((m) => m[1]!)
    )
  ];
  const paths = ['/', ...scripts];
  const bytes = { identity: 0, gzip: 0, br: 0 };
  let jsGzip = 0;
  for (const enc of ['identity', 'gzip', 'br'] as const) {
    for (const path of paths) {
      const r = await raw(`${base}${path}`, enc);
      if (enc !== 'identity' && r.encoding !== enc) throw new Error(`${path} was not sent with Content-Encoding ${enc}`);
      bytes[enc] += r.bytes;
      if (enc === 'gzip' && path !== '/') jsGzip += r.bytes;
    }
  }
  return { files: paths.length, scripts: scripts.length, bytes, jsGzip };
}
