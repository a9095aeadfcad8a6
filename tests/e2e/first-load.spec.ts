import { expect, test, type Response } from '@playwright/test';
import { signInShopper, useLanguage } from './helpers.ts';

/** The budget for the JavaScript of a shopper's first visit (sign-in → My orders), gzipped. */
const FIRST_LOAD_JS_GZIP_BUDGET = 60 * 1024;

test('the first load is sent compressed and its JavaScript stays within 60 KB gzipped', async ({ page }) => {
  await useLanguage(page, 'en');
  const responses: Response[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/api/')) return;
    responses.push(res);
  });
  await signInShopper(page);
  await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();

  const scripts = responses.filter((r) => r.request().resourceType() === 'script');
  expect(scripts.length).toBeGreaterThan(3);
  const compressible = responses.filter((r) => /^(text\/|application\/(javascript|json))/.test(r.headers()['content-type'] ?? ''));
  for (const res of compressible) {
    expect(res.headers()['content-encoding'], res.url()).toMatch(/^(br|gzip)$/);
    expect(res.headers()['vary'], res.url()).toMatch(/accept-encoding/i);
  }
  const document = responses.find((r) => r.request().resourceType() === 'document')!;
  expect(document.headers()['content-encoding']).toMatch(/^(br|gzip)$/);

  // What a gzip-only browser would download: the size of each script's .gz as served.
  let gzipped = 0;
  for (const url of new Set(scripts.map((r) => r.url()))) {
    const res = await page.request.get(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers()['content-encoding']).toBe('gzip');
    gzipped += Number(res.headers()['content-length']);
  }
  console.log(`first-load JavaScript: ${scripts.length} files, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
  expect(gzipped).toBeGreaterThan(10 * 1024);
  expect(gzipped).toBeLessThanOrEqual(FIRST_LOAD_JS_GZIP_BUDGET);
});
