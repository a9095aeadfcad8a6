import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { E2E_SHOP_SECRET, signInStaff, useLanguage } from './helpers.ts';

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
  const t = Math.floor(Date.now() / 1000);
  const shop = await playwright.request.newContext({ baseURL });
  try {
    const v1 = createHmac('sha256', E2E_SHOP_SECRET).update(`${t}.${body}`).digest('hex');
    const pushed = await shop.post('/api/integrations/orders', {
      data: body,
      headers: { 'content-type': 'application/json', 'reprise-signature': `t=${t},v1=${v1}` }
    });
    expect(pushed.status(), await pushed.text()).toBe(201);
  } finally {
    await shop.dispose();
  }

  // The shopper opens the order from the shop's signed link (README, "Put the portal in your emails").
  const exp = t + 3600;
  const sig = createHmac('sha256', E2E_SHOP_SECRET).update(`link.v1.${number}.${exp}`).digest('hex');
  await page.goto(`/o/${number}?${new URLSearchParams({ exp: String(exp), sig, lang: 'en' })}`);
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
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
