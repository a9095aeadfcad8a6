import { expect, test } from '@playwright/test';
import { signInStaff, useLanguage, openPortalLink, pushDeliveredOrder } from './helpers.ts';

// A yen order (no decimals) shown in the yen's own minor units: 4500 minor units are ¥4,500, never ¥45.

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

test('a yen order shows ¥4,500 for 4500 minor units to its shopper and to staff', async ({ page, playwright, baseURL }) => {
  const number = `YEN-${Date.now().toString(36)}`;
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email: `${number.toLowerCase()}@example.com`, firstName: 'Aiko', locale: 'en' },
    currency: 'JPY',
    lines: [{ sku: `${number}-CUP`, name: 'Tea cup', unitPriceCents: 4500, quantity: 1 }]
  });

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
