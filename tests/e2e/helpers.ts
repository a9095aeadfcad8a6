import { createHmac } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const SHOPPER = { email: 'alice@example.com', password: 'reprise-demo' };
export const ADMIN = { email: 'admin@example.com', password: 'reprise-admin' };
/** The shop secret of the e2e server (playwright.config.ts): the tests sign portal links with it. */
export const E2E_SHOP_SECRET = 'e2e-shop-secret-0123456789abcdefghij';
/** The WooCommerce connection's secret in the e2e server (Settings → Connections shows it on). */
export const E2E_WOOCOMMERCE_SECRET = 'e2e-woocommerce-secret-0123456789';
export const STAFF = { email: 'staff@example.com', password: 'reprise-staff' };
/** The header a call from the page's request context needs to pass the API's same-origin check. */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
/** The WCAG levels the axe scans check. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DAY = 86_400_000;

/**
 * What an axe scan of the page finds at the WCAG levels, one line per rule with the elements.
 * Legacy mode runs axe.run in the page itself; the default runs axe in each frame and then opens a
 * blank page to merge the results, twice the time of a scan (2026-12-07: 1.3–2.2 s against
 * 0.6–0.8 s, the same rules passed) for cross-origin frames, of which the portal has none. The email
 * preview is a script-less sandboxed frame holding the shop's own email HTML, not the portal's UI:
 * axe cannot run inside it, and trying hangs the scan at 360 px.
 */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).exclude('iframe[sandbox]').setLegacyMode().analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** An axe scan of the page at the WCAG levels finds nothing. */
export async function expectNoAxeViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

/** A call to the API with the request context's cookie; expects a 2xx and answers the body. */
export async function call<T>(request: APIRequestContext, method: 'get' | 'post' | 'patch', path: string, data?: unknown): Promise<T> {
  const res = await request[method](path, { data, headers: SAME_ORIGIN });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** The same with the page's cookie. */
export function json<T>(page: Page, method: 'get' | 'post' | 'patch', path: string, data?: unknown): Promise<T> {
  return call<T>(page.request, method, path, data);
}

type Option = { id: number; code: string };

/** The return form's reasons and actions (`reasons`, `actions`), and an id by its code (`reason`, `action`). */
export async function returnOptions(request: APIRequestContext) {
  const options = await call<{ reasons: Option[]; actions: Option[] }>(request, 'get', '/api/returns/options');
  const id = (list: Option[], code: string) => list.find((o) => o.code === code)!.id;
  return { ...options, reason: (code: string) => id(options.reasons, code), action: (code: string) => id(options.actions, code) };
}

/**
 * Signs the shopper in (the demo shopper unless `who` says) and returns one unit of a delivered order through the API, as the shopper
 * would: the first order with at least `unitsLeft` units still returnable (more than one, when the
 * order's return form must still offer something afterwards).
 */
export async function shopperReturn(
  request: APIRequestContext,
  unitsLeft = 1,
  who: { email: string; password: string } = SHOPPER
): Promise<{ order: string; ret: string }> {
  await call(request, 'post', '/api/auth/sign-in', who);
  const { orders } = await call<{ orders: { number: string; status: string }[] }>(request, 'get', '/api/orders');
  const options = await returnOptions(request);
  for (const o of orders.filter((x) => x.status === 'delivered')) {
    const path = `/api/orders/${o.number}`;
    const { order } = await call<{ order: { lines: { id: number; returnableQuantity: number }[] } }>(request, 'get', path);
    const line = order.lines.find((l) => l.returnableQuantity > 0);
    if (!line || order.lines.reduce((n, l) => n + l.returnableQuantity, 0) < unitsLeft) continue;
    const created = await call<{ return: { number: string } }>(request, 'post', '/api/returns', {
      orderNumber: o.number,
      lines: [{ orderLineId: line.id, quantity: 1, reasonId: options.reasons[0]!.id, actionId: options.actions[0]!.id }],
      comment: 'Too small.'
    });
    return { order: o.number, ret: created.return.number };
  }
  throw new Error(`${who.email} has no returnable delivered order`);
}

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

/** The shop pushes a delivered order (placed 6 days ago, delivered 2 days ago, in euros unless `order` says otherwise). */
export async function pushDeliveredOrder(
  playwright: Parameters<typeof pushOrder>[0],
  baseURL: string | undefined,
  order: {
    number: string;
    customer: Record<string, unknown>;
    lines: Record<string, unknown>[];
    currency?: string;
    shippingCents?: number;
    shippingCountry?: string;
  }
) {
  const placedAt = new Date(Date.now() - 6 * DAY).toISOString();
  const deliveredAt = new Date(Date.now() - 2 * DAY).toISOString();
  await pushOrder(playwright, baseURL, JSON.stringify({ status: 'delivered', currency: 'EUR', placedAt, deliveredAt, ...order }));
}

/**
 * The shop pushes a delivered order as `pushDeliveredOrder`, numbered `<tag>-…` (new each run), for a
 * customer of the spec's own (`<number>@example.com`, named as `customer` says); answers the number.
 */
export async function pushOwnOrder(
  playwright: Parameters<typeof pushOrder>[0],
  baseURL: string | undefined,
  tag: string,
  customer: Record<string, unknown>,
  lines: (number: string) => Record<string, unknown>[],
  extra: { shippingCountry?: string } = {}
): Promise<string> {
  const number = `${tag}-${Date.now().toString(36)}`.toUpperCase();
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email: `${number.toLowerCase()}@example.com`, ...customer },
    lines: lines(number),
    ...extra
  });
  return number;
}

/** Opens the shop's signed portal link to `number` (valid an hour), as its customer would from an email: an order session. */
export async function openPortalLink(page: Page, number: string, lang: 'en' | 'fr' = 'en') {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const sig = createHmac('sha256', E2E_SHOP_SECRET).update(`link.v1.${number}.${exp}`).digest('hex');
  await page.goto(`/o/${number}?${new URLSearchParams({ exp: String(exp), sig, lang })}`);
  await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
}

/** The return form's words that the specs pick by, in each language. */
const RETURN_FORM = {
  en: {
    quantity: 'Quantity',
    reason: 'Reason',
    action: 'What would you like?',
    review: 'Continue to review',
    send: 'Send the return request'
  },
  fr: {
    quantity: 'Quantité',
    reason: 'Motif',
    action: 'Que souhaitez-vous ?',
    review: 'Vérifier ma demande',
    send: 'Envoyer la demande de retour'
  }
};

/**
 * Picks the first line of the shopper's return form: ticked, `quantity` units (when given), then the
 * reason and the action by their labels in `lang`; answers the line.
 */
export async function pickFirstReturnLine(page: Page, lang: 'en' | 'fr', pick: { quantity?: string; reason: string; action: string }) {
  const words = RETURN_FORM[lang];
  const line = page.getByTestId('return-line').first();
  await line.getByRole('checkbox').check();
  if (pick.quantity !== undefined) await line.getByLabel(words.quantity).selectOption(pick.quantity);
  await line.getByLabel(words.reason, { exact: true }).selectOption({ label: pick.reason });
  await line.getByLabel(words.action).selectOption({ label: pick.action });
  return line;
}

/** Sends the shopper's return form: on to the review, then the request. */
export async function sendReturnRequest(page: Page, lang: 'en' | 'fr') {
  await page.getByRole('button', { name: RETURN_FORM[lang].review }).click();
  await page.getByRole('button', { name: RETURN_FORM[lang].send }).click();
}

type StaffOrderView = {
  order: { lines: { id: number; returnableQuantity: number; blockedReason: string | null }[] };
  options: { reasons: { id: number; needsText: boolean }[]; actions: { id: number }[] };
};

/**
 * Staff (signed in, through the API with the page's cookie) create a return on the first of `email`'s
 * orders with a unit left to return: one unit, the first reason that needs no text, the first action,
 * with `fields` added (state, comment, notify…); expects 201. Null when no order has a unit left.
 * `reasonText`: the first reason that needs a text instead ("Other"), with this text.
 */
export async function staffReturnFor(
  page: Page,
  email: string,
  fields: Record<string, unknown> = {},
  reasonText?: string
): Promise<{ number: string; orderNumber: string } | null> {
  const get = async <T>(path: string) => (await (await page.request.get(path, { headers: SAME_ORIGIN })).json()) as T;
  const { orders } = await get<{ orders: { number: string }[] }>(`/api/staff/orders?q=${encodeURIComponent(email)}`);
  for (const o of orders) {
    const view = await get<StaffOrderView>(`/api/staff/orders/${o.number}`);
    const line = view.order.lines.find((l) => l.returnableQuantity > 0 && l.blockedReason !== 'not_delivered');
    if (!line) continue;
    const reasonId = view.options.reasons.find((r) => r.needsText === (reasonText !== undefined))!.id;
    const created = await page.request.post('/api/staff/returns', {
      headers: SAME_ORIGIN,
      data: {
        orderNumber: o.number,
        lines: [{ orderLineId: line.id, quantity: 1, reasonId, reasonText, actionId: view.options.actions[0]!.id }],
        override: true,
        ...fields
      }
    });
    expect(created.status(), await created.text()).toBe(201);
    return { number: ((await created.json()) as { return: { number: string } }).return.number, orderNumber: o.number };
  }
  return null;
}
