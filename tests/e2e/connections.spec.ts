import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, E2E_WOOCOMMERCE_SECRET, call, expectNoAxeViolations, signInStaff, useLanguage } from './helpers.ts';

/** WooCommerce's documented order 727 (tests/fixtures/woocommerce/README.md names the source), renumbered. */
const ORDER_727 = readFileSync('tests/fixtures/woocommerce/order-727.json', 'utf8').trim();

/** One order webhook as WooCommerce sends it: base64 HMAC of the body, server to server. */
async function wooDelivery(page: Page, number: string, edits: [string, string][] = []) {
  let body = ORDER_727.replace('"number": "727"', `"number": "${number}"`).replaceAll('john.doe@example.com', `${number}@example.com`);
  for (const [from, to] of edits) body = body.replace(from, to);
  const res = await page.request.post('/api/integrations/woocommerce', {
    headers: {
      'content-type': 'application/json',
      'x-wc-webhook-topic': 'order.updated',
      'x-wc-webhook-delivery-id': `e2e-${number}`,
      'x-wc-webhook-signature': createHmac('sha256', E2E_WOOCOMMERCE_SECRET).update(body).digest('base64')
    },
    data: body
  });
  expect(res.status()).toBe(200);
}

/** An admin of this spec's own (the demo admin's language may be switched by a spec running beside it). */
async function ownAdmin(page: Page) {
  await call(page.request, 'post', '/api/staff/auth/sign-in', ADMIN);
  const email = `connections-${Date.now().toString(36)}@example.com`;
  const { password } = await call<{ password: string }>(page.request, 'post', '/api/staff/accounts', {
    email,
    name: 'Connections Admin',
    role: 'admin'
  });
  await call(page.request, 'post', '/api/staff/auth/sign-out');
  return { email, password };
}

test('an admin finds under Settings → Connections the URL to paste, which platform is on, and the last delivery and refusal', async ({
  browser,
  page
}) => {
  await useLanguage(page, 'en');
  const admin = await ownAdmin(page);
  const number = `WC-${Date.now().toString(36).toUpperCase()}`;
  await wooDelivery(page, number);
  await wooDelivery(page, `${number}-X`, [['"currency": "USD"', '"currency": "XYZ"']]);

  await signInStaff(page, admin);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Connections to your shop platform' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();

  const woo = page.getByTestId('connection-woocommerce');
  await expect(woo.getByRole('heading', { name: /WooCommerce/ })).toContainText('On');
  await expect(woo).toContainText(`${new URL(page.url()).origin}/api/integrations/woocommerce`);
  await expect(woo).toContainText('Set on the server (WOOCOMMERCE_WEBHOOK_SECRET)');
  await expect(woo.getByTestId('last-delivery')).toContainText(`order ${number}-X · refused`);
  await expect(woo.getByTestId('refusals')).toContainText(`order ${number}-X`);
  await expect(woo).not.toContainText(E2E_WOOCOMMERCE_SECRET);

  const shopify = page.getByTestId('connection-shopify');
  await expect(shopify.getByRole('heading', { name: /Shopify/ })).toContainText('Off');
  await expect(shopify).toContainText('Not set: set SHOPIFY_WEBHOOK_SECRET on the server');
  await expect(shopify.getByTestId('last-delivery')).toHaveText('None received yet');
  await expectNoAxeViolations(page);

  // On a phone the long URLs wrap: nothing scrolls sideways.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  await useLanguage(small, 'en');
  await call(small.request, 'post', '/api/staff/auth/sign-in', admin);
  await small.goto('/staff/settings/connections');
  await expect(small.getByTestId('connection-woocommerce').getByTestId('refusals')).toBeVisible();
  expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await phone.close();
});
