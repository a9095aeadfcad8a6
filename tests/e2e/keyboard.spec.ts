import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, SHOPPER, useLanguage } from './helpers.ts';

// The seed-document flow once with the keyboard only: Tab to reach a control, Space, Enter and
// the arrow keys to use it. No click, no fill: a control Tab cannot reach fails the test.

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

async function isFocused(target: Locator) {
  return target.evaluate((el) => el === document.activeElement);
}

/** Presses Tab until `target` has the focus. */
async function tabTo(page: Page, target: Locator, max = 80) {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Types into a field reached by Tab. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Tabs to a select and moves through its options with the arrow keys until `label` is chosen. */
async function choose(page: Page, select: Locator, label: string) {
  await tabTo(page, select);
  await page.keyboard.press('Home');
  for (let i = 0; i < 30; i++) {
    if ((await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text.trim())) === label) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option “${label}” in ${select}`);
}

async function press(page: Page, control: Locator, key: 'Enter' | 'Space' = 'Enter') {
  await tabTo(page, control);
  await page.keyboard.press(key);
}

test('a shopper requests a return and staff approve and receive it, by keyboard only', async ({ page }) => {
  // The shopper signs in and opens an order with a returnable line.
  await page.goto('/sign-in');
  await typeInto(page, page.getByLabel('Email'), SHOPPER.email);
  await typeInto(page, page.getByLabel('Password'), SHOPPER.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders$/);
  await press(page, page.getByTestId('order').first().getByRole('link').first());
  await expect(page).toHaveURL(/\/orders\/[^/]+$/);
  const returnItems = page.getByRole('link', { name: 'Return items' });
  if ((await returnItems.count()) === 0) {
    // The newest order may not be delivered yet: the delivered ones are further down the list.
    const { orders } = await (await page.request.get('/api/orders')).json();
    const delivered = (orders as { number: string; status: string }[]).find((o) => o.status === 'delivered')!;
    await page.goto(`/orders/${delivered.number}`);
  }
  await press(page, page.getByRole('link', { name: 'Return items' }));

  const line = page.getByTestId('return-line').first();
  await press(page, line.getByRole('checkbox'), 'Space');
  await expect(line.getByRole('checkbox')).toBeChecked();
  await choose(page, line.getByLabel('Quantity'), '1');
  // A reason every product is offered ("Wrong size" is not, on a one-size product).
  await choose(page, line.getByLabel('Reason', { exact: true }), 'Changed my mind');
  await choose(page, line.getByLabel('What would you like?'), 'Refund');
  await press(page, page.getByRole('button', { name: 'Continue to review' }));
  await expect(page.getByTestId('review-line')).toHaveCount(1);
  await press(page, page.getByRole('button', { name: 'Send the return request' }));
  await expect(page.getByRole('heading', { name: 'Your return request has been sent' })).toBeVisible();
  const number = (await page.getByTestId('return-number').textContent())!.trim();

  // Staff sign in, find it in the queue, approve it, then receive it without restocking.
  await page.goto('/staff/sign-in');
  await typeInto(page, page.getByLabel('Email'), ADMIN.email);
  await typeInto(page, page.getByLabel('Password'), ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/staff$/);
  await press(page, page.getByRole('link', { name: 'Returns', exact: true }));
  await press(page, page.getByRole('link', { name: number, exact: true }));
  await expect(page.getByRole('heading', { name: `Return ${number}` })).toBeVisible();

  const state = page.getByLabel('State', { exact: true });
  await choose(page, state, 'Return approved');
  await press(page, page.getByRole('button', { name: 'Save' }));
  await expect(page.getByTestId('return-state')).toHaveText('Return approved');

  await choose(page, state, 'Items received');
  const restock = page.getByRole('checkbox', { name: /^Restock/ }).first();
  await expect(restock).toBeChecked();
  await press(page, restock, 'Space');
  await expect(restock).not.toBeChecked();
  await press(page, page.getByRole('button', { name: 'Save' }));
  await expect(page.getByTestId('return-state')).toHaveText('Items received');
  await expect(page.getByTestId('return-line').first().getByTestId('line-stock')).toContainText('Not restocked');
});
