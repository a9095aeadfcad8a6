import { expect, test, type Page } from '@playwright/test';
import { ADMIN, STAFF, call, returnOptions, signInShopper, signInStaff, useLanguage, SAME_ORIGIN } from './helpers.ts';

test.beforeEach(async ({ page }) => useLanguage(page, 'en'));

type OrderLine = { id: number; name: string; returnableQuantity: number; oneSize: boolean };

/**
 * One of the signed-in shopper's orders with at least `lines` lines that can still be returned,
 * each with a product name found only once on the order (the tests find lines by name; other
 * spec files may already have returned some lines).
 */
async function returnableOrder(page: Page, lines: number) {
  const { orders } = await call<{ orders: { number: string }[] }>(page.request, 'get', '/api/orders');
  for (const o of orders) {
    const { order } = await call<{ order: { number: string; lines: OrderLine[] } }>(page.request, 'get', `/api/orders/${o.number}`);
    const once = (l: OrderLine) => order.lines.filter((x) => x.name.includes(l.name) || l.name.includes(x.name)).length === 1;
    const free = order.lines.filter((l) => l.returnableQuantity > 0 && once(l));
    if (free.length >= lines && (lines < 2 || free.some((l) => !l.oneSize))) return { number: order.number, lines: free };
  }
  throw new Error(`no order with ${lines} returnable lines`);
}

/** The signed-in shopper requests a return of one unit of a returnable order's first line (the first reason and action). */
async function oneUnitReturn(page: Page): Promise<string> {
  const order = await returnableOrder(page, 1);
  const options = await returnOptions(page.request);
  const created = await call<{ return: { number: string } }>(page.request, 'post', '/api/returns', {
    orderNumber: order.number,
    lines: [{ orderLineId: order.lines[0]!.id, quantity: 1, reasonId: options.reasons[0]!.id, actionId: options.actions[0]!.id }]
  });
  return created.return.number;
}

test('the seed-document flow: a shopper requests, staff approve, receive with restock per line, the shopper sees the state and never the note', async ({
  page
}) => {
  // The shopper requests a return of one unit of two lines: one in the wrong size, one defective.
  await signInShopper(page);
  const order = await returnableOrder(page, 2);
  const { reason, action } = await returnOptions(page.request);
  const refund = action('refund');
  // "Wrong size" only on a product made in sizes (the server refuses it on a one-size one).
  const sized = order.lines.find((l) => !l.oneSize) ?? order.lines[0];
  const broken = order.lines.find((l) => l !== sized);
  const created = await call<{ return: { number: string } }>(page.request, 'post', '/api/returns', {
    orderNumber: order.number,
    lines: [
      { orderLineId: sized!.id, quantity: 1, reasonId: reason('wrong_size'), actionId: refund },
      { orderLineId: broken!.id, quantity: 1, reasonId: reason('defective'), actionId: refund }
    ],
    comment: 'The second one has a broken zip.'
  });
  const number = created.return.number;

  // Staff open it from the queue.
  await signInStaff(page);
  await page.getByRole('link', { name: 'Returns', exact: true }).click();
  await page.getByTestId('filter-requested').click();
  await page.getByRole('link', { name: number, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Return ${number}` })).toBeVisible();
  await expect(page.getByTestId('return-state')).toHaveText('New');
  await expect(page.getByTestId('customer-comment')).toHaveText('The second one has a broken zip.');

  type StaffLine = { orderLineId: number; stockOnHand: number; restock: boolean | null };
  const staffView = async () =>
    (await call<{ return: { lines: StaffLine[]; staffNote: string } }>(page.request, 'get', `/api/staff/returns/${number}`)).return;
  const before = await staffView();
  const stockBefore = (id: number) => before.lines.find((l) => l.orderLineId === id)!.stockOnHand;

  // Approve: the selector offers only allowed moves, each with its description.
  const stateSelect = page.getByLabel('State', { exact: true });
  const offered = await stateSelect.locator('option').allTextContents();
  expect(offered).toEqual(['Keep “New”', 'In progress', 'Return approved', 'Request rejected', 'Cancelled']);
  await stateSelect.selectOption({ label: 'Return approved' });
  await expect(page.getByTestId('state-help')).toHaveText('Accepted: the customer is asked to send the items back.');
  await expect(page.getByRole('checkbox', { name: /^Restock/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByTestId('return-state')).toHaveText('Return approved');

  // Received: restock on for the wrong size (the reason's default), off for the defective one.
  await stateSelect.selectOption({ label: 'Items received' });
  const restockSized = page.getByRole('checkbox', { name: new RegExp(`^Restock 1 × ${escapeRe(sized!.name)}`) });
  const restockBroken = page.getByRole('checkbox', { name: new RegExp(`^Restock 1 × ${escapeRe(broken!.name)}`) });
  await expect(restockSized).toBeChecked();
  await expect(restockBroken).not.toBeChecked();
  await page.getByLabel('Staff note').fill('Zip broken: send to the supplier, not back on the shelf.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('return-state')).toHaveText('Items received');
  await expect(page.getByTestId('return-line').filter({ hasText: sized!.name }).getByTestId('line-stock')).toContainText(
    'Back in stock: 1'
  );
  await expect(page.getByTestId('return-line').filter({ hasText: broken!.name }).getByTestId('line-stock')).toContainText('Not restocked');
  await expect(page.getByTestId('audit')).toContainText('Ada Admin');
  await expect(page.getByTestId('audit')).toContainText('State: Return approved → Items received');

  // Stock rose by exactly the restocked unit.
  const after = await staffView();
  const stockAfter = (id: number) => after.lines.find((l) => l.orderLineId === id)!.stockOnHand;
  expect(stockAfter(sized!.id)).toBe(stockBefore(sized!.id) + 1);
  expect(stockAfter(broken!.id)).toBe(stockBefore(broken!.id));
  expect(after.staffNote).toBe('Zip broken: send to the supplier, not back on the shelf.');

  // The shopper sees the new state and never the staff note.
  await page.goto(`/returns/${number}`);
  await expect(page.getByTestId('return-state')).toHaveText('Items received');
  await expect(page.getByText('Zip broken')).toHaveCount(0);
  const shopperView = await page.request.get(`/api/returns/${number}`);
  expect(await shopperView.text()).not.toContain('Zip broken');
  expect(await shopperView.text()).not.toContain('Ada Admin');
});

test(
  'an admin turns returns off: the shopper’s order page has no Return button, and staff still create a return for the customer',
  { tag: '@exclusive' },
  async ({ page }) => {
    await signInShopper(page);
    const order = await returnableOrder(page, 1);
    await page.goto(`/orders/${order.number}`);
    await expect(page.getByRole('link', { name: 'Return items' })).toBeVisible();

    await signInStaff(page, ADMIN);
    try {
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const allowed = page.getByLabel('Returns allowed');
      await expect(allowed).toBeChecked();
      await allowed.uncheck();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect(page.getByText('Settings saved.')).toBeVisible();

      await page.goto(`/orders/${order.number}`);
      await expect(page.getByRole('heading', { name: `Order ${order.number}` })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Return items' })).toHaveCount(0);

      // Staff create a return for the customer from the order.
      await page.goto('/staff/orders');
      await page.getByLabel('Order or return number, customer name or email').fill(order.number);
      await page.getByRole('button', { name: 'Find' }).click();
      // The order's status in words, not its code.
      // (Its row: a number search also finds orders and returns whose numbers contain it.)
      const found = page
        .getByTestId('order-result')
        .filter({ has: page.getByRole('link', { name: `Order ${order.number}`, exact: true }) });
      await expect(found.getByTestId('order-status')).toHaveText(/^(Placed|Shipped|Delivered|Cancelled)$/);
      await found.getByRole('link', { name: `Order ${order.number}`, exact: true }).click();
      await expect(page.getByText('Shopper returns are turned off; staff can still create returns here.')).toBeVisible();
      const line = page.getByTestId('create-line').filter({ hasText: order.lines[0]!.name });
      await line.getByLabel('Quantity to return').fill('1');
      await line.getByLabel('Reason').selectOption({ label: 'Changed my mind' });
      await line.getByLabel('Action').selectOption({ label: 'Store credit' });
      await page.getByLabel('Start in state').selectOption({ label: 'In progress' });
      await page.getByLabel('Staff note').fill('Phoned in; customer keeps the box.');
      await page.getByRole('button', { name: 'Create return' }).click();

      await expect(page).toHaveURL(/\/staff\/returns\/R-/);
      await expect(page.getByTestId('return-state')).toHaveText('In progress');
      await expect(page.getByTestId('return-line')).toContainText('Changed my mind');
      await expect(page.getByTestId('audit')).toContainText('Ada Admin');
      await expect(page.getByLabel('Staff note')).toHaveValue('Phoned in; customer keeps the box.');
    } finally {
      await page.request.patch('/api/staff/settings', { data: { returnsAllowed: true }, headers: SAME_ORIGIN });
    }
  }
);

test('a stale save is refused and explained, and nothing is overwritten', async ({ page }) => {
  await signInShopper(page);
  const number = await oneUnitReturn(page);
  await signInStaff(page);
  await page.goto(`/staff/returns/${number}`);
  await expect(page.getByTestId('return-state')).toHaveText('New');

  // Someone else saves meanwhile.
  const current = await call<{ return: { version: number } }>(page.request, 'get', `/api/staff/returns/${number}`);
  await call(page.request, 'patch', `/api/staff/returns/${number}`, {
    version: current.return.version,
    state: 'in_progress',
    staffNote: 'Mine first'
  });

  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Request rejected' });
  await page.getByLabel('Staff note').fill('Overwrite attempt');
  await page.getByRole('button', { name: 'Save' }).click();
  const warning = page.getByTestId('stale-warning');
  await expect(warning).toContainText('Someone else saved this return after you opened it.');
  await expect(warning).toContainText('State: New → In progress');
  await expect(warning).toContainText('Overwrite attempt');
  await expect(page.getByTestId('return-state')).toHaveText('In progress');
  await expect(page.getByLabel('Staff note')).toHaveValue('Mine first');
  const stored = await call<{ return: { state: string; staffNote: string } }>(page.request, 'get', `/api/staff/returns/${number}`);
  expect(stored.return).toMatchObject({ state: 'in_progress', staffNote: 'Mine first' });
});

test('a staff sign-out the server refuses says so and stays signed in', async ({ page }) => {
  await signInStaff(page);
  await page.route('**/api/staff/auth/sign-out', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'server_error', message: 'boom' } })
    })
  );
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('alert')).toHaveText('We could not sign you out. Check your connection and try again.');
  await expect(page).toHaveURL(/\/staff$/);
  await page.unroute('**/api/staff/auth/sign-out');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
});

test('settings: each reason’s fields and buttons name the reason; a final return’s state is not a label without a control', async ({
  page
}) => {
  // A return the shopper cancelled: final for staff.
  await signInShopper(page);
  const cancelled = await oneUnitReturn(page);
  await call(page.request, 'post', `/api/returns/${cancelled}/cancel`);

  await signInStaff(page, ADMIN);
  await page.goto('/staff/settings');
  const reasons = page.getByTestId('reason-list');
  const item = reasons.getByTestId('reason-item').filter({ has: page.getByRole('textbox', { name: 'English label of “Wrong size”' }) });
  await expect(item).toHaveCount(1);
  await expect(item.getByText('English label', { exact: false }).first()).toBeVisible();
  await expect(item.getByRole('textbox', { name: 'French label of “Wrong size”' })).toHaveValue('Mauvaise taille');
  await expect(item.getByRole('button', { name: 'Save labels of “Wrong size”' })).toBeDisabled();
  await expect(item.getByRole('button', { name: 'Deactivate “Wrong size”' })).toBeVisible();
  await expect(item.getByRole('button', { name: /^(Delete|Remove) “Wrong size”/ })).toBeVisible();
  await expect(item.getByRole('checkbox', { name: 'Restock by default for “Wrong size”' })).toBeVisible();

  // Only an admin may reopen a cancelled return: for other staff it is final.
  await signInStaff(page, STAFF);
  await page.goto(`/staff/returns/${cancelled}`);
  await expect(page.getByTestId('return-state')).toHaveText('Cancelled');
  await expect(page.getByRole('heading', { name: 'State', exact: true })).toBeVisible();
  await expect(page.getByTestId('state-final')).toContainText('is final');
  await expect(page.locator('label[for="next-state"]')).toHaveCount(0);
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('a staff member who is not an admin opening an admin page is told so, and the page asks the API nothing', async ({ page }) => {
  await useLanguage(page, 'en');
  await signInStaff(page, STAFF);
  const asked: string[] = [];
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (/^\/api\/staff\/(settings|accounts|webhooks)(\/|$)/.test(path) && path !== '/api/staff/webhooks/health') asked.push(path);
  });
  for (const [path, words] of [
    ['/staff/settings', 'Only admins can change the settings.'],
    ['/staff/staff', 'Only admins can manage staff accounts.'],
    ['/staff/webhooks', 'Your account is not allowed to do this (admins only).']
  ] as const) {
    await page.goto(path);
    await expect(page.getByTestId('admins-only')).toHaveText(words);
  }
  expect(asked).toEqual([]);
});
