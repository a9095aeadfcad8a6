import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, SHOPPER, returnOptions, signInShopper, useLanguage, SAME_ORIGIN } from './helpers.ts';

type OrderLine = { id: number; name: string; returnableQuantity: number; oneSize: boolean };

/** A demo order of the signed-in shopper with at least two returnable lines (units come back on cancel). */
async function orderWithTwoReturnableLines(request: APIRequestContext) {
  let cursor: string | null = null;
  do {
    const page = await (await request.get(`/api/orders${cursor ? `?cursor=${cursor}` : ''}`)).json();
    for (const o of page.orders as { number: string }[]) {
      const detail = await (await request.get(`/api/orders/${o.number}`)).json();
      const lines = (detail.order.lines as OrderLine[]).filter((l) => l.returnableQuantity > 0);
      if (lines.length >= 2) return { number: o.number, lines };
    }
    cursor = page.nextCursor;
  } while (cursor);
  throw new Error('the demo shop has no order with two returnable lines');
}

/** The signed-in shopper returns one unit of such an order's first line, for `reason` (default: the first) and the first action. */
async function requestOneUnit(page: Page, reason?: string): Promise<string> {
  const order = await orderWithTwoReturnableLines(page.request);
  const options = await returnOptions(page.request);
  const created = await page.request.post('/api/returns', {
    headers: SAME_ORIGIN,
    data: {
      orderNumber: order.number,
      lines: [
        {
          orderLineId: order.lines[0]!.id,
          quantity: 1,
          reasonId: reason ? options.reason(reason) : options.reasons[0]!.id,
          actionId: options.actions[0]!.id
        }
      ]
    }
  });
  expect(created.status()).toBe(201);
  return (await created.json()).return.number as string;
}

const TEXT = {
  en: {
    returnItems: 'Return items',
    quantity: 'Quantity',
    reason: 'Reason',
    action: 'What would you like?',
    otherText: 'Describe the reason',
    wrongSize: 'Wrong size',
    changedMind: 'Changed my mind',
    other: 'Other',
    refund: 'Refund',
    credit: 'Store credit',
    continue: 'Continue to review',
    submit: 'Send the return request',
    myReturns: 'My returns',
    fresh: 'New',
    cancel: 'Cancel this return',
    confirm: 'Yes, cancel the return',
    cancelled: 'Cancelled',
    done: 'Your return request has been sent'
  },
  fr: {
    returnItems: 'Retourner des articles',
    quantity: 'Quantité',
    reason: 'Motif',
    action: 'Que souhaitez-vous ?',
    otherText: 'Précisez le motif',
    wrongSize: 'Mauvaise taille',
    changedMind: 'J’ai changé d’avis',
    other: 'Autre',
    refund: 'Remboursement',
    credit: 'Avoir en boutique',
    continue: 'Vérifier ma demande',
    submit: 'Envoyer la demande de retour',
    myReturns: 'Mes retours',
    fresh: 'Nouveau',
    cancel: 'Annuler ce retour',
    confirm: 'Oui, annuler le retour',
    cancelled: 'Annulé',
    done: 'Votre demande de retour a été envoyée'
  }
} as const;

async function fillLine(page: Page, index: number, t: (typeof TEXT)['en' | 'fr'], reason: string, action: string) {
  const line = page.getByTestId('return-line').nth(index);
  await line.getByRole('checkbox').check();
  await line.getByLabel(t.quantity).selectOption('1');
  await line.getByLabel(t.reason, { exact: true }).selectOption({ label: reason });
  await line.getByLabel(t.action).selectOption({ label: action });
}

for (const locale of ['en', 'fr'] as const) {
  const t = TEXT[locale];
  test(`[${locale}] request a return of two lines, follow it, cancel it, and the units are returnable again @phone`, async ({ page }) => {
    await useLanguage(page, locale);
    await signInShopper(page);
    const order = await orderWithTwoReturnableLines(page.request);

    await page.goto(`/orders/${order.number}`);
    await page.getByRole('link', { name: t.returnItems }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${order.number}/return$`));

    // Submitting nothing explains itself next to the lines.
    await page.getByRole('button', { name: t.continue }).click();
    await expect(page.locator('#lines-error')).toBeVisible();

    const first = page.getByTestId('return-line').nth(0);
    const second = page.getByTestId('return-line').nth(1);
    await expect(first).toContainText(order.lines[0]!.name);
    // A one-size product is offered no "Wrong size"; a sized one is.
    const reasonsOf = (i: number) =>
      page.getByTestId('return-line').nth(i).getByLabel(t.reason, { exact: true }).locator('option').allTextContents();
    for (const [i, l] of order.lines.slice(0, 2).entries()) {
      await page.getByTestId('return-line').nth(i).getByRole('checkbox').check();
      if (l.oneSize) expect(await reasonsOf(i)).not.toContain(t.wrongSize);
      else expect(await reasonsOf(i)).toContain(t.wrongSize);
      await page.getByTestId('return-line').nth(i).getByRole('checkbox').uncheck();
    }
    await fillLine(page, 0, t, order.lines[0]!.oneSize ? t.changedMind : t.wrongSize, t.refund);
    await fillLine(page, 1, t, t.other, t.credit);
    // "Other" needs the shopper's own words.
    await page.getByRole('button', { name: t.continue }).click();
    await expect(second.locator('.field-error')).toBeVisible();
    await second.getByLabel(t.otherText).fill('The stitching came loose');
    await page.getByRole('button', { name: t.continue }).click();

    await expect(page.getByTestId('review-line')).toHaveCount(2);
    await expect(page.getByTestId('review-line').nth(1)).toContainText('The stitching came loose');
    await page.getByRole('button', { name: t.submit }).click();
    await expect(page.getByRole('heading', { name: t.done })).toBeVisible();
    const number = (await page.getByTestId('return-number').textContent())!.trim();
    expect(number).toMatch(new RegExp(`^R-${order.number}-\\d+$`));

    await page.getByRole('navigation').getByRole('link', { name: t.myReturns }).click();
    const row = page.getByTestId('return').filter({ hasText: number });
    await expect(row).toContainText(t.fresh);
    await row.getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`/returns/${number}$`));
    await expect(page.getByTestId('return-state')).toHaveText(t.fresh);
    await expect(page.getByTestId('return-line')).toHaveCount(2);

    await page.getByRole('button', { name: t.cancel }).click();
    await page.getByRole('button', { name: t.confirm }).click();
    await expect(page.getByTestId('return-state')).toHaveText(t.cancelled);
    await expect(page.getByTestId('timeline').getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('button', { name: t.cancel })).toHaveCount(0);

    const after = await (await page.request.get(`/api/orders/${order.number}`)).json();
    for (const line of order.lines.slice(0, 2)) {
      expect(after.order.lines.find((l: OrderLine) => l.id === line.id).returnableQuantity).toBe(line.returnableQuantity);
    }
  });
}

test('a deep link to a return opened while signed out lands on that return after sign-in', async ({ page }) => {
  await useLanguage(page, 'en');
  await signInShopper(page);
  const number = await requestOneUnit(page, 'wrong_item');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.goto(`/returns/${number}`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2Freturns%2F${number}$`));
  await page.getByLabel('Email').fill(SHOPPER.email);
  await page.getByLabel('Password').fill(SHOPPER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/returns/${number}$`));
  await expect(page.getByTestId('return-state')).toHaveText('New');
  // Leave the demo shop as it was for the other tests.
  await page.getByRole('button', { name: 'Cancel this return' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the return' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Cancelled');
});

test('an order page names why a line cannot be returned', async ({ page }) => {
  await useLanguage(page, 'en');
  await signInShopper(page);
  const list = await (await page.request.get('/api/orders')).json();
  const notDelivered = list.orders.find((o: { status: string }) => o.status !== 'delivered');
  await page.goto(`/orders/${notDelivered.number}`);
  await expect(page.getByTestId('line-returnability').first()).toContainText('has not been delivered yet');
  await expect(page.getByRole('link', { name: 'Return items' })).toHaveCount(0);
});

test(
  'with returns disabled, the order page shows the shop’s contact instead of the Return button',
  { tag: '@exclusive' },
  async ({ page, browser, baseURL }) => {
    await useLanguage(page, 'en');
    await signInShopper(page);
    const order = await orderWithTwoReturnableLines(page.request);
    const { shop } = (await (await page.request.get('/api/shop')).json()) as { shop: { contactEmail: string } };
    expect(shop.contactEmail).toContain('@');

    // An admin, in another browser context, turns shopper returns off.
    const admin = await browser.newContext({ baseURL });
    try {
      const signedIn = await admin.request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: SAME_ORIGIN });
      expect(signedIn.status()).toBe(200);
      const off = await admin.request.patch('/api/staff/settings', { data: { returnsAllowed: false }, headers: SAME_ORIGIN });
      expect(off.status(), await off.text()).toBe(200);

      const expectContact = async () => {
        const notice = page.getByTestId('returns-disabled');
        await expect(notice).toBeVisible();
        await expect(notice).toContainText('Returns cannot be requested online at the moment.');
        await expect(notice.getByRole('link', { name: shop.contactEmail })).toHaveAttribute('href', `mailto:${shop.contactEmail}`);
      };

      await page.goto(`/orders/${order.number}`);
      await expect(page.getByRole('heading', { name: `Order ${order.number}` })).toBeVisible();
      await expectContact();
      await expect(page.getByRole('link', { name: 'Return items' })).toHaveCount(0);
      // No line says it can be returned while the shop takes no returns.
      await expect(page.getByTestId('order-line').first()).toBeVisible();
      await expect(page.getByText(/✓|Returnable|Can be returned/)).toHaveCount(0);

      // A link to the return form (e.g. from an older email) says the same, with no form.
      await page.goto(`/orders/${order.number}/return`);
      await expectContact();
      await expect(page.getByTestId('return-line')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Continue to review' })).toHaveCount(0);
    } finally {
      const on = await admin.request.patch('/api/staff/settings', { data: { returnsAllowed: true }, headers: SAME_ORIGIN });
      await admin.close();
      expect(on.status()).toBe(200);
    }
    await page.goto(`/orders/${order.number}`);
    await expect(page.getByRole('link', { name: 'Return items' })).toBeVisible();
    // Back on, the deadline is a date (no clock time).
    // (the first returnable line: an earlier spec may have put another line's units on a return)
    await expect(page.getByTestId('line-returnability').filter({ hasText: 'Returnable until' }).first()).toHaveText(
      /Returnable until [A-Z][a-z]+ \d{1,2}, \d{4}$/
    );
  }
);

test('switching the language to French stores it on the shopper’s account, and a sign-in stores the language on screen', async ({
  page
}) => {
  const storedLocale = async () => {
    const res = await page.request.get('/api/auth/me');
    return res.ok() ? ((await res.json()) as { customer: { locale: string } }).customer.locale : `HTTP ${res.status()}`;
  };
  await useLanguage(page, 'en');
  await signInShopper(page);
  // Signing in with the portal in English leaves the account in English (whatever an earlier test left).
  await expect.poll(storedLocale).toBe('en');

  await page.getByTestId('language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Mes commandes' })).toBeVisible();
  await expect.poll(storedLocale).toBe('fr');

  // Signed out, the switch back to English cannot be stored…
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // …so signing in stores it (and leaves the demo shopper in English for the other tests).
  await signInShopper(page);
  await expect.poll(storedLocale).toBe('en');
});

test('a cancel refused because the shop changed the return meanwhile (409) reloads it and explains', async ({ page }) => {
  await useLanguage(page, 'en');
  await signInShopper(page);
  const number = await requestOneUnit(page);
  await page.goto(`/returns/${number}`);
  await expect(page.getByTestId('return-state')).toHaveText('New');

  const cancelUrl = `**/api/returns/${number}/cancel`;
  await page.route(cancelUrl, (route) =>
    route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'stale_return', message: 'Someone else saved this return after you opened it.' } })
    })
  );
  const reloaded = page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname === `/api/returns/${number}`);
  await page.getByRole('button', { name: 'Cancel this return' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the return' }).click();
  await reloaded;
  await expect(page.getByRole('alert')).toHaveText(/The shop updated this return after you opened it/);
  await expect(page.getByRole('alert')).toBeFocused();
  await expect(page.getByTestId('return-state')).toHaveText('New');

  // Still new: the shopper can cancel again (and the demo shop is left as it was).
  await page.unroute(cancelUrl);
  await page.getByRole('button', { name: 'Cancel this return' }).click();
  await page.getByRole('button', { name: 'Yes, cancel the return' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Cancelled');
});
