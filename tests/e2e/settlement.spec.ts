import { expect, test } from '@playwright/test';
import { signInShopper, signInStaff, useLanguage, expectNoAxeViolations, json, returnOptions } from './helpers.ts';

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

test('staff receive one line partly and damaged, credit it, and the shopper sees what arrived and the amount', async ({ page }) => {
  // The shopper asks to return 2 units of one line.
  await signInShopper(page);
  const { orders } = await json<{ orders: { number: string }[] }>(page, 'get', '/api/orders');
  let picked: { order: string; line: { id: number; name: string } } | undefined;
  // The oldest returnable order first: the other specs take theirs from the newest, on the same demo shop.
  for (const o of [...orders].reverse()) {
    const { order } = await json<{ order: { lines: { id: number; name: string; returnableQuantity: number }[] } }>(
      page,
      'get',
      `/api/orders/${o.number}`
    );
    const line = order.lines.find((l) => l.returnableQuantity >= 2);
    if (line) {
      picked = { order: o.number, line };
      break;
    }
  }
  expect(picked, 'an order line with 2 returnable units').toBeDefined();
  const options = await returnOptions(page.request);
  const created = await json<{ return: { number: string } }>(page, 'post', '/api/returns', {
    orderNumber: picked!.order,
    lines: [
      {
        orderLineId: picked!.line.id,
        quantity: 2,
        reasonId: options.reason('wrong_size'),
        actionId: options.action('refund')
      }
    ]
  });
  const number = created.return.number;

  // Staff approve, then receive 1 of the 2 units, damaged.
  await signInStaff(page);
  await page.goto(`/staff/returns/${number}`);
  const stateSelect = page.getByLabel('State', { exact: true });
  await stateSelect.selectOption({ label: 'Return approved' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Return approved');

  await stateSelect.selectOption({ label: 'Items received' });
  const receipt = page.getByTestId('receipt-form');
  await receipt.getByLabel('Units received').fill('1');
  await receipt.getByLabel('Condition').selectOption({ label: 'Damaged' });
  await expectNoAxeViolations(page);
  // The restock box stays as it was (the reason's default, ticked): a damaged unit still does not go back to stock.
  await expect(page.getByRole('checkbox', { name: /^Restock/ })).toBeChecked();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Items received');
  await expect(page.getByTestId('settlement')).toContainText('received 1 of 2 (Damaged)');
  await expect(page.getByTestId('line-stock')).toContainText('Not restocked');

  // Credit: the default is the unit that arrived, at the price paid, refunded.
  const { return: staffView } = await json<{ return: { lines: { unitPriceCents: number }[]; order: { currency: string } } }>(
    page,
    'get',
    `/api/staff/returns/${number}`
  );
  const amount = new Intl.NumberFormat('en-GB', { style: 'currency', currency: staffView.order.currency }).format(
    staffView.lines[0]!.unitPriceCents / 100
  );
  await stateSelect.selectOption({ label: 'Items credited' });
  const credit = page.getByTestId('credit-form');
  await expect(credit.getByLabel('Method')).toHaveValue('refund');
  await expect(credit.getByLabel('Units credited')).toHaveValue('1');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Items credited');
  await expect(page.getByTestId('credit-total')).toContainText(`To give back: ${amount}`);
  await expect(page.getByTestId('credit-total')).toContainText('Refund to the original payment method');
  await expect(page.getByTestId('audit')).toContainText('Received: ');
  await expect(page.getByTestId('audit')).toContainText('Credit: refund');

  // The shopper sees what arrived and the amount, in plain words.
  await signInShopper(page);
  await page.goto(`/returns/${number}`);
  await expect(page.getByTestId('return-state')).toHaveText('Items credited');
  await expect(page.getByTestId('line-received')).toContainText('1 of 2, damaged');
  await expect(page.getByTestId('credit-sentence')).toHaveText(`${amount} will be refunded to your original payment method.`);
  await expectNoAxeViolations(page);
});
