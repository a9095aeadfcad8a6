import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signInShopper, useLanguage } from './helpers.ts';

/** The built files of the staff pages: route nodes whose source lives under src/routes/staff/. */
function staffNodeFiles(): string[] {
  const nodesDir = '.svelte-kit/generated/client-optimized/nodes';
  const manifest = JSON.parse(readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')) as Record<string, { file: string }>;
  return readdirSync(nodesDir)
    .filter((f) => readFileSync(join(nodesDir, f), 'utf8').includes('src/routes/staff/'))
    .map((f) => `/${manifest[`${nodesDir}/${f}`]!.file}`);
}

function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (req) => {
    if (req.resourceType() === 'script') urls.push(new URL(req.url()).pathname);
  });
  return urls;
}

test('a shopper’s pages never download the staff screen’s code', async ({ page }) => {
  const staffFiles = staffNodeFiles();
  expect(staffFiles.length).toBeGreaterThanOrEqual(2);
  await useLanguage(page, 'en');
  const loaded = recordScripts(page);
  await signInShopper(page);
  const list = await (await page.request.get('/api/orders')).json();
  await page.goto(`/orders/${list.orders[0].number}`);
  await page.goto('/returns');
  await expect(page.getByRole('heading', { name: 'My returns' })).toBeVisible();
  expect(loaded.length).toBeGreaterThan(3);
  expect(loaded.filter((u) => staffFiles.includes(u))).toEqual([]);

  // The check can fail: the staff sign-in page does load staff code.
  await page.goto('/staff/sign-in');
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible();
  expect(loaded.filter((u) => staffFiles.includes(u)).length).toBeGreaterThan(0);
});
