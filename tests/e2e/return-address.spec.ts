import { expect, test, type Page } from '@playwright/test';
import { ADMIN, SAME_ORIGIN, SHOPPER, openPortalLink, signInShopper, staffReturnFor, useLanguage } from './helpers.ts';

// Bob's password is changed by accounts.spec.ts (which runs beside this one): he comes in by the shop's signed link.
const BOB = { email: 'bob@example.com' };

/** Staff (through the API) create an approved return on one of the shopper's orders; answers its number. */
async function approvedReturnFor(page: Page, email: string): Promise<{ number: string; orderNumber: string }> {
  expect((await page.request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: SAME_ORIGIN })).status()).toBe(200);
  const made = await staffReturnFor(page, email, { state: 'approved' });
  if (made) return made;
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
