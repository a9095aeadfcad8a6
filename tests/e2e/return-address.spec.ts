import { expect, test, type Page } from '@playwright/test';
import { ADMIN, SHOPPER, openPortalLink, signInShopper, useLanguage } from './helpers.ts';

const headers = { 'sec-fetch-site': 'same-origin' };
// Bob's password is changed by accounts.spec.ts (which runs beside this one): he comes in by the shop's signed link.
const BOB = { email: 'bob@example.com' };

/** Staff (through the API) create an approved return on one of the shopper's orders; answers its number. */
async function approvedReturnFor(page: Page, email: string): Promise<{ number: string; orderNumber: string }> {
  expect((await page.request.post('/api/staff/auth/sign-in', { data: ADMIN, headers })).status()).toBe(200);
  const found = (await (await page.request.get(`/api/staff/orders?q=${encodeURIComponent(email)}`, { headers })).json()) as {
    orders: { number: string }[];
  };
  for (const o of found.orders) {
    const view = (await (await page.request.get(`/api/staff/orders/${o.number}`, { headers })).json()) as {
      order: { lines: { id: number; returnableQuantity: number; blockedReason: string | null }[] };
      options: { reasons: { id: number; needsText: boolean }[]; actions: { id: number }[] };
    };
    const line = view.order.lines.find((l) => l.returnableQuantity > 0 && l.blockedReason !== 'not_delivered');
    if (!line) continue;
    const created = await page.request.post('/api/staff/returns', {
      headers,
      data: {
        orderNumber: o.number,
        lines: [
          {
            orderLineId: line.id,
            quantity: 1,
            reasonId: view.options.reasons.find((r) => !r.needsText)!.id,
            actionId: view.options.actions[0]!.id
          }
        ],
        state: 'approved',
        override: true
      }
    });
    expect(created.status(), await created.text()).toBe(201);
    return { number: ((await created.json()) as { return: { number: string } }).return.number, orderNumber: o.number };
  }
  throw new Error(`no returnable order for ${email}`);
}

const CASES = [
  { locale: 'en', who: SHOPPER, title: 'Where to send the items', instructions: /write your return number on the parcel/ },
  { locale: 'fr', who: BOB, title: 'Où renvoyer les articles', instructions: /notez votre numéro de retour sur le colis/ }
] as const;

for (const c of CASES) {
  test(`an approved return’s page says where and how to send the items (${c.locale})`, async ({ page }) => {
    await useLanguage(page, c.locale);
    const { number, orderNumber } = await approvedReturnFor(page, c.who.email);
    if (c.who === SHOPPER) await signInShopper(page, SHOPPER);
    else await openPortalLink(page, orderNumber, c.locale);
    await page.goto(`/returns/${number}`);
    const sendTo = page.getByRole('region', { name: c.title });
    await expect(sendTo).toBeVisible();
    await expect(sendTo.getByTestId('return-address')).toHaveText(/Maison Demo — Returns\s+12 rue des Retours\s+75011 Paris\s+France/);
    await expect(sendTo.getByTestId('return-instructions')).toHaveText(c.instructions);
  });
}
