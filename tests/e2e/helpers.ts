import { createHmac } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const SHOPPER = { email: 'alice@example.com', password: 'reprise-demo' };
export const ADMIN = { email: 'admin@example.com', password: 'reprise-admin' };
/** The shop secret of the e2e server (playwright.config.ts): the tests sign portal links with it. */
export const E2E_SHOP_SECRET = 'e2e-shop-secret-0123456789abcdefghij';
export const STAFF = { email: 'staff@example.com', password: 'reprise-staff' };

/** Starts the browser context in a language (Paraglide keeps the choice in localStorage); a later switch sticks. */
export async function useLanguage(page: Page, locale: 'en' | 'fr') {
  await page.addInitScript((l) => {
    if (!localStorage.getItem('PARAGLIDE_LOCALE')) localStorage.setItem('PARAGLIDE_LOCALE', l);
  }, locale);
}

export async function signInShopper(page: Page, who = SHOPPER) {
  await page.goto('/sign-in');
  await page.getByLabel(/^(Email|E-mail)$/).fill(who.email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(who.password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await expect(page).toHaveURL(/\/orders$/);
}

export async function signInStaff(page: Page, who = ADMIN) {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

/**
 * The shop pushes an order (a JSON string, signed over its exact bytes with the e2e SHOP_SECRET), as its
 * systems would (README, "Pushing orders"); expects 201 Created.
 */
export async function pushOrder(
  playwright: { request: { newContext(o: { baseURL?: string }): Promise<APIRequestContext> } },
  baseURL: string | undefined,
  body: string
) {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', E2E_SHOP_SECRET).update(`${t}.${body}`).digest('hex');
  const shop = await playwright.request.newContext({ baseURL });
  try {
    const pushed = await shop.post('/api/integrations/orders', {
      data: body,
      headers: { 'content-type': 'application/json', 'reprise-signature': `t=${t},v1=${v1}` }
    });
    expect(pushed.status(), await pushed.text()).toBe(201);
  } finally {
    await shop.dispose();
  }
}

/** Opens the shop's signed portal link to `number` (valid an hour), as its customer would from an email: an order session. */
export async function openPortalLink(page: Page, number: string, lang: 'en' | 'fr' = 'en') {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac('sha256', E2E_SHOP_SECRET).update(`link.v1.${number}.${exp}`).digest('hex');
  await page.goto(`/o/${number}?${new URLSearchParams({ exp: String(exp), sig, lang })}`);
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
}
