import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN, E2E_SHOP_SECRET, SHOPPER, useLanguage, SAME_ORIGIN, pickFirstReturnLine, sendReturnRequest } from './helpers.ts';
import { mailSeen, waitForLink, waitForMail } from './mailbox.ts';

const GUEST = 'chloe@example.com';

/** A link as the shop builds it in its order email (README, "Put the portal in your emails"). */
function shopLink(number: string, opts: { expiresInS: number; to?: 'return'; lang?: 'fr' | 'en' }): string {
  const exp = Math.floor(Date.now() / 1000) + opts.expiresInS;
  const sig = createHmac('sha256', E2E_SHOP_SECRET).update(`link.v1.${number}.${exp}`).digest('hex');
  const query = new URLSearchParams({ exp: String(exp), sig });
  if (opts.to) query.set('to', opts.to);
  if (opts.lang) query.set('lang', opts.lang);
  return `/o/${encodeURIComponent(number)}?${query}`;
}

/** The newest delivered order of a demo customer (the guest with no password by default), found as staff would (in a context of their own). */
async function guestOrder(
  playwright: { request: { newContext(o: { baseURL?: string }): Promise<APIRequestContext> } },
  baseURL: string | undefined,
  email = GUEST
): Promise<string> {
  const request = await playwright.request.newContext({ baseURL });
  try {
    expect((await request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: SAME_ORIGIN })).status()).toBe(200);
    const found = (await (await request.get(`/api/staff/orders?q=${encodeURIComponent(email)}`)).json()) as {
      orders: { number: string; status: string }[];
    };
    const order = found.orders.find((o) => o.status === 'delivered');
    expect(order).toBeDefined();
    return order!.number;
  } finally {
    await request.dispose();
  }
}

test.describe('a signed portal link from the shop’s email', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a guest with no password opens it in French on a phone, requests a return, and gets the confirmation email', async ({
    page,
    playwright,
    baseURL
  }) => {
    const number = await guestOrder(playwright, baseURL);
    const seen = mailSeen();

    const response = await page.goto(shopLink(number, { expiresInS: 30 * 86_400, to: 'return', lang: 'fr' }));
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');
    // Straight into the return form, in French, with the signature gone from the address bar.
    await expect(page).toHaveURL(new RegExp(`/orders/${number}/return$`));
    expect(page.url()).not.toContain('sig=');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    // The order-scoped session reaches that order only: no "My orders" in the menu.
    const nav = page.getByRole('navigation', { name: 'Votre compte' });
    await expect(nav.getByRole('link', { name: `Votre commande ${number}` })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Mes commandes' })).toHaveCount(0);

    await pickFirstReturnLine(page, 'fr', { quantity: '1', reason: 'Mauvaise taille', action: 'Remboursement' });
    await sendReturnRequest(page, 'fr');
    await expect(page.getByRole('heading', { name: 'Votre demande de retour a été envoyée' })).toBeVisible();
    const returnNumber = (await page.getByTestId('return-number').textContent())!.trim();
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(360);

    // The confirmation reaches the guest's mailbox.
    const mail = await waitForMail(GUEST, new RegExp(returnNumber.replace(/[-]/g, '\\-')), seen);
    expect(mail.text).toContain(returnNumber);

    // Other orders and the account stay out of reach.
    expect((await page.request.get('/api/orders')).status()).toBe(401);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });

  test('an expired or tampered link shows one clear page, in French too, with a way to sign in', async ({ page }) => {
    await page.goto(shopLink('1001', { expiresInS: -60, lang: 'fr' }));
    await expect(page.getByRole('heading', { name: 'Ce lien a expiré ou n’est pas valide.' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Se connecter' })).toHaveAttribute('href', '/sign-in');
    await expect(page.getByLabel('Numéro de commande')).toBeVisible();
    expect(page.url()).not.toContain('sig=');

    const tampered = shopLink('1001', { expiresInS: 3600, lang: 'en' }).replace('/o/1001', '/o/1002');
    await page.goto(tampered);
    await expect(page.getByRole('heading', { name: 'This link has expired or is not valid.' })).toBeVisible();
    expect((await page.request.get('/api/orders/1002')).status()).toBe(401);
  });
});

test('a shopper finds an order by its number and email, opens the emailed link and sees that order only', async ({
  page,
  playwright,
  baseURL
}) => {
  await useLanguage(page, 'en');
  const number = await guestOrder(playwright, baseURL, SHOPPER.email);
  const seen = mailSeen();

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Find an order without signing in' }).click();
  await expect(page).toHaveURL(/\/lookup$/);
  await page.getByLabel('Order number').fill(number);
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByRole('button', { name: 'Email me a link to my order' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'If this order was placed with this address, we have sent a link to it. It works once, for 15 minutes.'
  );

  const link = await waitForLink(SHOPPER.email, '/lookup/link', seen);
  await page.goto(link);
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
  const nav = page.getByRole('navigation', { name: 'Your account' });
  await expect(nav.getByRole('link', { name: `Your order ${number}` })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'My orders' })).toHaveCount(0);
  expect((await page.request.get('/api/orders')).status()).toBe(401);

  // Once used, the link does not work again.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('This link does not work');
});

test('an order session is not an account: /account and the lists lead to the order held, which offers to create one', async ({
  page,
  playwright,
  baseURL
}) => {
  await useLanguage(page, 'en');
  const number = await guestOrder(playwright, baseURL);
  await page.goto(shopLink(number, { expiresInS: 3600, lang: 'en' }));
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
  // A space on both sides of the dot (it read "Quantity ordered: 2· Can be returned: 2").
  await expect(page.getByTestId('order-line').first()).toContainText(/Quantity ordered: \d+\s·\sCan be returned: \d+/);

  for (const path of ['/account', '/orders', '/returns']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(new RegExp(`/orders/${number}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
  }
  await expect(page.getByLabel('Current password')).toHaveCount(0);
  const offer = page.getByRole('region', { name: 'All your orders in one place' });
  await expect(offer.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/sign-up');
  await offer.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/sign-up$/);

  // A return that is not there: the way back is the order held, not "my orders" (which would ask to sign in).
  await page.goto('/returns/R-0-404');
  await expect(page.getByTestId('return-not-found')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to my returns' })).toHaveCount(0);
  await page.getByRole('link', { name: `Back to order ${number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
});
