import { expect, test, type Locator } from '@playwright/test';
import { signInStaff, useLanguage, expectNoAxeViolations, json, pushDeliveredOrder } from './helpers.ts';

// Money on the staff pages (issue 12 item 6) and the money settings (item 2), in a real browser.

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

/** Each test id of `texts`, inside `within`, has its text (checked in this order). */
async function expectTexts(within: Locator, texts: Record<string, string>) {
  for (const [testId, text] of Object.entries(texts)) await expect(within.getByTestId(testId)).toHaveText(text);
}

test('staff read the money of a return line by line, refund the order’s shipping, and see it on the order', async ({
  page,
  playwright,
  baseURL
}) => {
  // The shop pushes an order with its shipping amount: 3 × €15.00 and 1 × €40.00, shipping €5.90.
  const number = `MONEY-${Date.now().toString(36)}`;
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email: `${number.toLowerCase()}@example.com`, firstName: 'Chloé', lastName: 'Martin' },
    shippingCents: 590,
    lines: [
      { sku: `${number}-TEE`, name: 'Striped tee', unitPriceCents: 1500, quantity: 3 },
      { sku: `${number}-BAG`, name: 'Canvas bag', unitPriceCents: 4000, quantity: 1 }
    ]
  });

  // At the counter, staff take back 2 of the tees: the return starts as received.
  await signInStaff(page);
  const { order, options } = await json<{
    order: { lines: { id: number; name: string }[] };
    options: { reasons: { id: number; code: string }[]; actions: { id: number; code: string }[] };
  }>(page, 'get', `/api/staff/orders/${number}`);
  const tee = order.lines.find((l) => l.name === 'Striped tee')!;
  const created = await json<{ return: { number: string } }>(page, 'post', '/api/staff/returns', {
    orderNumber: number,
    lines: [
      {
        orderLineId: tee.id,
        quantity: 2,
        // A pushed line without a variant title is a one-size product: no "Wrong size" on it.
        reasonId: options.reasons.find((r) => r.code === 'wrong_item')!.id,
        actionId: options.actions.find((a) => a.code === 'refund')!.id
      }
    ],
    state: 'received'
  });
  const ret = created.return.number;

  await page.goto(`/staff/returns/${ret}`);
  const money = page.getByTestId('money');
  await expect(money.getByRole('heading', { name: 'Money' })).toBeVisible();
  const row = money.getByTestId('money-line').filter({ hasText: 'Striped tee' });
  await expectTexts(row, {
    'money-paid': '€15.00 × 3 = €45.00',
    'money-other': '0',
    'money-received': '2 / 2 (Resellable)',
    'money-here': 'not decided',
    'money-left': '€45.00'
  });
  await expect(money.getByTestId('money-total')).toContainText('Not decided yet');
  await expect(money.getByTestId('money-shipping')).toHaveText('€5.90 paid; €0.00 refunded on its returns');
  await expectNoAxeViolations(page);

  // Credited with the order's shipping refunded; more than the shipping is refused first, in words.
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Items credited' });
  const credit = page.getByTestId('credit-form');
  await expect(credit.getByText('at most €5.90')).toBeVisible();
  await credit.getByLabel('Shipping refunded (EUR)').fill('6');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'More shipping would be refunded' })).toBeVisible();
  await credit.getByLabel('Shipping refunded (EUR)').fill('5.90');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Items credited');
  await expectTexts(row, { 'money-here': '2 · €30.00', 'money-all': '2 · €30.00', 'money-left': '€15.00' });
  await expectTexts(money, {
    'money-total': '€35.90 (shipping €5.90 refunded)',
    'money-method': 'Refund to the original payment method',
    'money-shipping': '€5.90 paid; €5.90 refunded on its returns'
  });
  await expect(page.getByTestId('audit')).toContainText('shipping refunded 5.90');

  // The staff order page: per line paid, on returns, credited, still creditable, and the shipping.
  await page.goto(`/staff/orders/${number}`);
  await expect(page.getByRole('heading', { level: 1, name: `Order ${number}` })).toBeVisible();
  await expect(page.getByTestId('order-shipping')).toHaveText('€5.90 paid; €5.90 refunded on its returns');
  const lines = page.getByTestId('order-money-line');
  await expect(lines.filter({ hasText: 'Striped tee' })).toContainText(['€15.00 × 3 = €45.00']);
  await expect(lines.filter({ hasText: 'Striped tee' }).locator('td')).toHaveText(['€15.00 × 3 = €45.00', '2', '2 · €30.00', '€15.00']);
  await expect(lines.filter({ hasText: 'Canvas bag' }).locator('td')).toHaveText(['€40.00 × 1 = €40.00', '0', '0 · €0.00', '€40.00']);
  await expectNoAxeViolations(page);
});

test('an admin sets a reason’s restocking fee and the return-shipping deduction on the Settings screen', async ({ page }) => {
  await signInStaff(page);
  await page.goto('/staff/settings');
  const reason = page.getByTestId('reason-item').filter({ has: page.getByRole('spinbutton', { name: /for “Changed my mind”/ }) });
  const fee = reason.getByRole('spinbutton', { name: /Restocking fee/ });
  try {
    // Over 100 %: the server refuses it and the field says why.
    await fee.fill('150');
    await reason.getByRole('button', { name: /Save the fee/ }).click();
    await expect(reason.getByText('A whole percentage from 0 to 100.')).toBeVisible();
    await expect(fee).toHaveAttribute('aria-invalid', 'true');
    await fee.fill('10');
    await reason.getByRole('button', { name: /Save the fee/ }).click();
    await expect(page.getByText('Restocking fee of “Changed my mind”: 10 %.')).toBeVisible();
    const { reasons } = await json<{ reasons: { code: string; restockingFeePercent: number }[] }>(
      page,
      'get',
      '/api/staff/settings/reasons'
    );
    expect(reasons.find((r) => r.code === 'changed_mind')!.restockingFeePercent).toBe(10);

    // The return-shipping deduction: a bad amount is refused with a field error; a good one is kept in minor units.
    const shipping = page.getByLabel('Return shipping deducted from each credit');
    await expect(shipping).toHaveValue('0.00');
    await shipping.fill('-2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Enter an amount of 0 or more, with at most 2 decimals.')).toBeVisible();
    await shipping.fill('4.95');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    const { settings } = await json<{ settings: { returnShippingCents: number } }>(page, 'get', '/api/staff/settings');
    expect(settings.returnShippingCents).toBe(495);
  } finally {
    // The other specs share this demo shop: no fee, free return shipping.
    const { reasons } = await json<{ reasons: { id: number; code: string }[] }>(page, 'get', '/api/staff/settings/reasons');
    await json(page, 'patch', `/api/staff/settings/reasons/${reasons.find((r) => r.code === 'changed_mind')!.id}`, {
      restockingFeePercent: 0
    });
    await json(page, 'patch', '/api/staff/settings', { returnShippingCents: 0 });
  }
});
