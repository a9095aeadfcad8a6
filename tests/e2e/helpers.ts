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

/**
 * A return of one unit of a delivered line of the demo shopper's orders, made by staff through the API
 * (the page's staff cookie). `reasonText`: the "Other" reason with this text; `extra` joins the body.
 */
export async function demoReturn(page: Page, opts: { reasonText?: string; extra?: Record<string, unknown> } = {}): Promise<string> {
  const headers = { 'sec-fetch-site': 'same-origin' };
  const get = async <T>(path: string) => (await (await page.request.get(path, { headers })).json()) as T;
  const { orders } = await get<{ orders: { number: string }[] }>('/api/staff/orders?q=alice@example.com');
  for (const o of orders) {
    const view = await get<{
      order: { lines: { id: number; returnableQuantity: number; blockedReason: string | null }[] };
      options: { reasons: { id: number; needsText: boolean }[]; actions: { id: number }[] };
    }>(`/api/staff/orders/${o.number}`);
    const line = view.order.lines.find((l) => l.returnableQuantity > 0 && l.blockedReason !== 'not_delivered');
    if (!line) continue;
    const reason = view.options.reasons.find((r) => r.needsText === (opts.reasonText !== undefined))!;
    const created = await page.request.post('/api/staff/returns', {
      headers,
      data: {
        orderNumber: o.number,
        lines: [
          { orderLineId: line.id, quantity: 1, reasonId: reason.id, reasonText: opts.reasonText, actionId: view.options.actions[0]!.id }
        ],
        override: true,
        ...opts.extra
      }
    });
    expect(created.status(), await created.text()).toBe(201);
    return ((await created.json()) as { return: { number: string } }).return.number;
  }
  throw new Error('the demo shopper has no order left to return from');
}
