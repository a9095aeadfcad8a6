import { expect, test } from '@playwright/test';
import { signInStaff, useLanguage, pushOrder, openPortalLink } from './helpers.ts';

// A yen order (no decimals) shown in the yen's own minor units: 4500 minor units are ¥4,500, never ¥45.

const DAY = 86_400_000;

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

test('a yen order shows ¥4,500 for 4500 minor units to its shopper and to staff', async ({ page, playwright, baseURL }) => {
  const number = `YEN-${Date.now().toString(36)}`;
  const body = JSON.stringify({
    number,
    customer: { email: `${number.toLowerCase()}@example.com`, firstName: 'Aiko', locale: 'en' },
    status: 'delivered',
    currency: 'JPY',
    placedAt: new Date(Date.now() - 6 * DAY).toISOString(),
    deliveredAt: new Date(Date.now() - 2 * DAY).toISOString(),
    lines: [{ sku: `${number}-CUP`, name: 'Tea cup', unitPriceCents: 4500, quantity: 1 }]
  });
  await pushOrder(playwright, baseURL, body);

  // The shopper opens the order from the shop's signed link (README, "Put the portal in your emails").
  await openPortalLink(page, number);
  await expect(page.locator('dd', { hasText: '¥4,500' })).toBeVisible();
  await expect(page.getByTestId('order-line')).toContainText('¥4,500');
  await expect(page.locator('main')).not.toContainText(/¥45(?![,\d])/);

  // Staff see the same amounts on the order.
  await page.context().clearCookies();
  await signInStaff(page);
  await page.goto(`/staff/orders/${number}`);
  await expect(page.locator('dd', { hasText: '¥4,500' })).toBeVisible();
  await expect(page.getByTestId('order-money-line')).toContainText('¥4,500 × 1 = ¥4,500');
  await expect(page.locator('main')).not.toContainText(/¥45(?![,\d])/);
});
