import { expect, test, type Page } from '@playwright/test';
import { signInShopper, signInStaff, useLanguage, SAME_ORIGIN, expectNoAxeViolations } from './helpers.ts';

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

type Option = { variantId: number; label: string | null; priceDifferenceCents: number };
type Line = { id: number; name: string; variant: string | null; returnableQuantity: number; exchangeOptions: Option[] };

async function json<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path, { headers: SAME_ORIGIN });
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

/**
 * A line of the demo shopper's that can be exchanged for a size at the same price. Prefers an order
 * with a single returnable line of one unit, oldest first: the other specs of the same demo shop want
 * orders with two returnable lines (shopper-returns) or lines of two units (settlement).
 */
async function exchangeableLine(page: Page) {
  const { orders } = await json<{ orders: { number: string }[] }>(page, '/api/orders');
  const candidates: { number: string; line: Line; index: number; option: Option; score: number }[] = [];
  for (const o of [...orders].reverse()) {
    const { order } = await json<{ order: { lines: Line[] } }>(page, `/api/orders/${o.number}`);
    const returnable = order.lines.filter((l) => l.returnableQuantity > 0);
    for (const [index, line] of returnable.entries()) {
      const option = line.exchangeOptions.find((x) => x.priceDifferenceCents === 0);
      if (!option) continue;
      const score = (returnable.length === 1 ? 0 : 2) + (line.returnableQuantity === 1 ? 0 : 1);
      candidates.push({ number: o.number, line, index, option, score });
    }
  }
  candidates.sort((a, b) => a.score - b.score);
  expect(candidates.length, 'a returnable line of a product in several sizes').toBeGreaterThan(0);
  return candidates[0]!;
}

test('a shopper exchanges a shirt for another size, and staff see the replacement, reserve it and send it without a refund', async ({
  page
}) => {
  await signInShopper(page);
  const picked = await exchangeableLine(page);
  const size = picked.option.label!;

  await page.goto(`/orders/${picked.number}/return`);
  const line = page.getByTestId('return-line').nth(picked.index);
  await expect(line).toContainText(picked.line.name);
  await line.getByRole('checkbox').check();
  await line.getByLabel('Reason', { exact: true }).selectOption({ label: 'Wrong size' });
  await line.getByLabel('What would you like?').selectOption({ label: 'Exchange for another size' });
  // The exchange needs the replacement picked.
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await expect(line.locator('.field-error')).toContainText('Choose the size or colour you want instead.');
  const replacement = line.getByLabel('Exchange for');
  // Only other sizes in stock are offered, each with what it costs.
  const offered = (await replacement.locator('option').allTextContents()).slice(1);
  expect(offered).toContain(`${size} (same price)`);
  expect(offered.filter((o) => o.startsWith(`${picked.line.variant} (`))).toEqual([]);
  await replacement.selectOption({ label: `${size} (same price)` });
  await expect(line.getByTestId('price-difference')).toHaveText('Same price: no money changes hands.');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Continue to review' }).click();
  await expect(page.getByTestId('review-replacement')).toContainText(size);
  await page.getByRole('button', { name: 'Send the return request' }).click();
  await expect(page.getByRole('heading', { name: 'Your return request has been sent' })).toBeVisible();
  const number = (await page.getByTestId('return-number').textContent())!.trim();

  await page.goto(`/returns/${number}`);
  await expect(page.getByTestId('replacement')).toContainText(`${size} × 1`);

  // Staff see the replacement, approve (the replacement is reserved), then send it.
  await signInStaff(page);
  await page.goto(`/staff/returns/${number}`);
  const staffLine = page.getByTestId('return-line').first();
  await expect(staffLine.getByTestId('replacement')).toHaveText(`Replacement: ${size} × 1`);
  await expect(staffLine).toContainText('same price');
  await expect(staffLine).toContainText('reserved on approval');
  await expect(page.getByTestId('refund-instead')).toBeVisible();
  await expectNoAxeViolations(page);

  const stateSelect = page.getByLabel('State', { exact: true });
  for (const state of ['Return approved', 'Items received', 'Replacement being sent']) {
    await stateSelect.selectOption({ label: state });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('return-state')).toHaveText(state);
    if (state === 'Return approved') {
      await expect(staffLine).toContainText(/· reserved ·/);
      await expect(page.getByTestId('refund-instead')).toHaveCount(0);
    }
  }
  await expect(page.getByTestId('state-help')).toContainText('The replacement or exchange is to be sent to the customer.');
});
