import { expect, test } from '@playwright/test';
import { signInStaff, useLanguage, openPortalLink, expectNoAxeViolations, json, pushOwnOrder, returnOptions } from './helpers.ts';

// A credit outcome per line, and an exchange never paid twice (issue 23 items 2 and 3), in a real browser.

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

type OrderLine = { id: number; name: string; exchangeOptions: { variantId: number; label: string | null; priceDifferenceCents: number }[] };

test('staff credit a mixed return line by line (the exchange as its replacement, the bag refunded) and the shopper is told each line', async ({
  page,
  playwright,
  baseURL
}) => {
  // The shop pushes an order for a customer of its own (the demo shopper's orders stay as seeded for the other
  // specs): a T-shirt in S (exchangeable) and a canvas bag.
  const number = await pushOwnOrder(playwright, baseURL, 'MIXED', { firstName: 'Alice', lastName: 'Martin' }, (n) => [
    { sku: 'TEE-ORG-S', name: 'Organic cotton T-shirt', variant: 'S', unitPriceCents: 2500, quantity: 1 },
    { sku: `${n}-BAG`, name: 'Canvas bag', unitPriceCents: 4000, quantity: 1 }
  ]);

  // The shopper asks to exchange the T-shirt for an M and to be refunded for the bag.
  await openPortalLink(page, number);
  const { order } = await json<{ order: { lines: OrderLine[] } }>(page, 'get', `/api/orders/${number}`);
  const tee = order.lines.find((l) => l.name === 'Organic cotton T-shirt')!;
  const bag = order.lines.find((l) => l.name === 'Canvas bag')!;
  const m = tee.exchangeOptions.find((o) => o.label === 'M')!;
  const { reason, action } = await returnOptions(page.request);
  const created = await json<{ return: { number: string } }>(page, 'post', '/api/returns', {
    orderNumber: number,
    lines: [
      {
        orderLineId: tee.id,
        quantity: 1,
        reasonId: reason('wrong_size'),
        actionId: action('exchange_size'),
        replacementVariantId: m.variantId
      },
      // The bag is made in one size: no "Wrong size" on it.
      { orderLineId: bag.id, quantity: 1, reasonId: reason('wrong_item'), actionId: action('refund') }
    ]
  });
  const ret = created.return.number;

  // Staff approve (the M is reserved) and receive both items.
  await signInStaff(page);
  await page.goto(`/staff/returns/${ret}`);
  const stateSelect = page.getByLabel('State', { exact: true });
  for (const state of ['Return approved', 'Items received']) {
    await stateSelect.selectOption({ label: state });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('return-state')).toHaveText(state);
  }

  // The credit form: each line starts from what was asked — the T-shirt as its replacement, the bag refunded.
  await stateSelect.selectOption({ label: 'Items credited' });
  const form = page.getByTestId('credit-form');
  const teeRow = form.locator('.row', { hasText: 'Organic cotton T-shirt' });
  const bagRow = form.locator('.row', { hasText: 'Canvas bag' });
  await expect(teeRow.getByLabel('Method')).toHaveValue('replacement');
  await expect(bagRow.getByLabel('Method')).toHaveValue('refund');
  // Refunding the T-shirt instead needs its reserved replacement released in the same save: the form says so.
  await teeRow.getByLabel('Method').selectOption('refund');
  await expect(teeRow.getByLabel(/^Release the reserved replacement \(1 × M goes back to stock\)/)).not.toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#save-feedback')).toContainText('A line’s replacement is reserved to be sent');
  await expect(page.getByTestId('return-state')).toHaveText('Items received');
  // Saved as first offered: nothing is paid twice.
  await teeRow.getByLabel('Method').selectOption('replacement');
  await expect(teeRow.getByLabel(/^Release the reserved replacement/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Items credited');
  const settled = page.getByTestId('settlement');
  await expect(settled).toContainText('Organic cotton T-shirt');
  await expect(settled.locator('li', { hasText: 'Organic cotton T-shirt' })).toContainText('(Replacement)');
  await expect(settled.locator('li', { hasText: 'Canvas bag' })).toContainText('(Refund to the original payment method)');
  await expect(page.getByTestId('credit-totals')).toContainText('Refund to the original payment method: €40.00');
  await expect(page.getByTestId('credit-totals')).toContainText('Replacement: €25.00');

  // The shopper is told each line's outcome, and the credit per method.
  await openPortalLink(page, number);
  await page.goto(`/returns/${ret}`);
  await expect(page.getByTestId('return-state')).toHaveText('Items credited');
  await expect(page.getByTestId('credit-sentence')).toHaveText(
    '€40.00 will be refunded to your original payment method. A replacement worth €25.00 will be sent to you.'
  );
  await expect(page.getByTestId('line-outcome').locator('dd')).toHaveText([
    'A replacement (M) is sent to you',
    'Refunded to your original payment method'
  ]);
  await expectNoAxeViolations(page);
});
