import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SAME_ORIGIN, signInStaff, staffReturnFor } from './helpers.ts';

// Insights (issue 21) on the demo shop: the product that comes back most and why, the weekly chart's
// numbers, and a CSV export that a spreadsheet opens without running a formula.

const FORMULA = '=SUM(1,1)';

type Rates = { products: { product: string; topReasons: { labelEn: string }[] }[] };

test('an admin sees the product that comes back most and why, the weekly numbers, and downloads a safe CSV', async ({ page }) => {
  await signInStaff(page);
  // A return whose "Other" text is a formula, as a shopper could type it.
  const { number } = (await staffReturnFor(page, 'alice@example.com', {}, FORMULA))!;

  await page.getByRole('navigation', { name: /staff/i }).getByRole('link', { name: 'Insights' }).click();
  await expect(page).toHaveURL(/\/staff\/insights$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
  // The demo shop sells a few units of each product: every product with one sold.
  await page.getByLabel('Minimum units sold').fill('1');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/minUnits=1/);
  // The first row is the highest return rate, with its top reason beside it: what the API answers now
  // (other specs may add returns meanwhile, so the page is read again until both agree).
  await expect(async () => {
    await page.reload();
    const rates = (await (await page.request.get('/api/staff/insights/rates?minUnits=1', { headers: SAME_ORIGIN })).json()) as Rates;
    const top = rates.products[0]!;
    const first = page.getByTestId('product-rates-row').first();
    await expect(first.getByRole('cell').first()).toHaveText(top.product, { timeout: 1000 });
    await expect(first.getByTestId('top-reasons')).toContainText(top.topReasons[0]!.labelEn, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // The weekly chart's numbers, as a table: this week counts at least the return made above.
  const weekly = page.getByTestId('weekly-requested');
  await expect(weekly.locator('svg')).toBeVisible();
  const lastWeek = weekly.getByRole('table').getByRole('row').last();
  await expect(lastWeek.getByRole('cell')).not.toHaveText('0');

  // The return lines as CSV: a header row, and the formula typed by the shopper neutralised.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-lines').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^lines-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const rows = csv.split('\r\n');
  expect(rows[0]).toBe(
    'return,requested_at,state,order,sku,product,variant,quantity,unit_price,reason,reason_text,action,units_received,condition,restock,units_credited,amount_credited,credit_method,currency'
  );
  const ours = rows.find((r) => r.startsWith(`${number},`))!;
  expect(ours).toContain(`,other,"'${FORMULA}",`);
  expect(csv).not.toMatch(/(^|,)=SUM/m);
});

test('the Insights page reads at 360 px without scrolling sideways @phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signInStaff(page);
  await page.goto('/staff/insights?days=365');
  await expect(page.getByTestId('insights-period')).toBeVisible();
  await expect(page.getByTestId('weekly-credited').getByRole('table')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // Each product's rate is a card: its name and rate side by side with nothing cut off.
  const card = page.getByTestId('product-rates-row').first();
  if (await card.count()) expect((await card.boundingBox())!.width).toBeLessThanOrEqual(360);
});
