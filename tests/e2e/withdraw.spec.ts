import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN, expectNoAxeViolations, signInShopper, signInStaff, useLanguage } from './helpers.ts';
import { waitForMail } from './mailbox.ts';

type Waiting = { id: number; reference: string; email: string; unmatchedReason: string | null };

/** The statements staff see waiting, through a staff session of its own. */
async function waiting(staff: APIRequestContext, reference?: string) {
  const res = await staff.get('/api/staff/withdrawals');
  const list = (await res.json()).withdrawals as Waiting[];
  return reference ? list.filter((w) => w.reference === reference) : list;
}

/** Waits for the server's matcher (a moment after the answer) to have decided every statement sent so far. */
async function matched(staff: APIRequestContext) {
  await expect.poll(async () => (await waiting(staff)).filter((w) => w.unmatchedReason === null).length, { timeout: 15_000 }).toBe(0);
}

test('in French at 360 px, without an account: the link, step 1, step 2, confirmation; nothing stored before it @phone', async ({
  page,
  playwright,
  baseURL
}) => {
  const staff = await playwright.request.newContext({ baseURL });
  expect((await staff.post('/api/staff/auth/sign-in', { data: ADMIN, headers: { 'sec-fetch-site': 'same-origin' } })).status()).toBe(200);
  const email = `retract-${Date.now()}@example.com`;

  await useLanguage(page, 'fr');
  await page.goto('/sign-in');
  const link = page.getByRole('link', { name: 'Se rétracter du contrat ici' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/withdraw$/);
  await expect(page.getByRole('heading', { name: 'Étape 1 sur 2 : votre déclaration' })).toBeVisible();
  await expectNoAxeViolations(page);

  // By keyboard, the errors first: the first wrong field gets the focus.
  await page.getByRole('button', { name: 'Continuer' }).press('Enter');
  await expect(page.getByLabel('Votre nom')).toBeFocused();
  await page.getByLabel('Votre nom').fill('Léa Dupont');
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByLabel('Numéro de commande').fill('INCONNUE-42');
  await page.getByLabel('Quels articles (facultatif)').fill('La robe bleue');
  await page.getByRole('button', { name: 'Continuer' }).click();

  const step2 = page.getByRole('heading', { name: 'Étape 2 sur 2 : vérifiez et confirmez' });
  await expect(step2).toBeFocused();
  await expect(page.getByTestId('withdraw-summary')).toContainText('INCONNUE-42');
  await expect(page.getByTestId('withdraw-summary')).toContainText('La robe bleue');
  await expectNoAxeViolations(page);
  expect((await waiting(staff)).filter((w) => w.email === email)).toHaveLength(0);
  // Nothing wider than the screen (360 px on the phone project).
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);

  await page.getByRole('button', { name: 'Confirmer la rétractation' }).click();
  await expect(page.getByRole('heading', { name: 'Votre rétractation a été envoyée' })).toBeFocused();
  await expect(page.getByText(email)).toBeVisible();
  await expectNoAxeViolations(page);
  const stored = (await waiting(staff)).filter((w) => w.email === email);
  expect(stored).toHaveLength(1);
  await staff.dispose();
});

test('a signed-in shopper finds the link on their pages and on an order still in its period', async ({ page }) => {
  await signInShopper(page);
  await expect(page.getByRole('link', { name: 'Withdraw from contract here' }).first()).toBeVisible();
  const list = await (await page.request.get('/api/orders')).json();
  for (const o of list.orders as { number: string }[]) {
    const answer = await (await page.request.get(`/api/orders/${o.number}`)).json();
    if (!answer.withdrawalUntil) continue;
    await page.goto(`/orders/${o.number}`);
    const onOrder = page.getByTestId('order-withdraw').getByRole('link', { name: 'Withdraw from contract here' });
    await expect(onOrder).toBeVisible();
    await onOrder.click();
    await expect(page).toHaveURL(new RegExp(`/withdraw\\?order=${o.number}$`));
    await expect(page.getByLabel('Order number')).toHaveValue(o.number);
    // The owner picks units of the order's lines: the items are asked one way only, no words beside them.
    await expect(page.getByRole('group', { name: 'Items to withdraw from' })).toBeVisible();
    await expect(page.getByLabel('Which items (optional)')).toHaveCount(0);
    return;
  }
  // The demo shop's orders are recent: at least one is within its 14 days.
  throw new Error('no demo order within its withdrawal period');
});

test('staff: an unmatched statement waits under "Withdrawals to match" and is closed with a note; a matched one has its badge, deadline and statement', async ({
  page,
  playwright,
  baseURL
}) => {
  // A shopper's order in its period, withdrawn through the API, and a statement that matches nothing.
  await signInShopper(page);
  const list = await (await page.request.get('/api/orders')).json();
  let open: string | null = null;
  for (const o of list.orders as { number: string }[]) {
    const answer = await (await page.request.get(`/api/orders/${o.number}`)).json();
    if (answer.withdrawalUntil && answer.order.lines.some((l: { quantity: number }) => l.quantity > 0)) open = o.number;
  }
  expect(open).not.toBeNull();
  const anonymous = await playwright.request.newContext({ baseURL });
  const post = (data: Record<string, unknown>) =>
    anonymous.post('/api/withdrawals', { data, headers: { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '10.76.0.1' } });
  expect((await post({ name: 'Alice', email: 'alice@example.com', orderNumber: open, locale: 'en' })).status()).toBe(202);
  const lost = `lost-${Date.now()}@example.com`;
  expect((await post({ name: 'Nobody', email: lost, orderNumber: 'NOT-HERE-1', locale: 'en' })).status()).toBe(202);
  await anonymous.dispose();
  const staffApi = await playwright.request.newContext({ baseURL });
  await staffApi.post('/api/staff/auth/sign-in', { data: ADMIN, headers: { 'sec-fetch-site': 'same-origin' } });
  await matched(staffApi);
  await staffApi.dispose();

  await signInStaff(page);
  await page.getByRole('link', { name: 'Withdrawals to match' }).click();
  await expect(page.getByRole('heading', { name: 'Withdrawals to match', level: 1 })).toBeVisible();
  const card = page.getByTestId('withdrawal-to-match').filter({ hasText: lost });
  await expect(card).toContainText('No order with this number and email');
  await expectNoAxeViolations(page);
  await card.getByLabel('Note to the consumer (emailed)').fill('We found no order with this number.');
  await card.getByRole('button', { name: 'Close with a note' }).click();
  await expect(page.getByText('Closed; the note was sent to the consumer.')).toBeVisible();
  await expect(page.getByTestId('withdrawal-to-match').filter({ hasText: lost })).toHaveCount(0);

  await page.goto('/staff/returns?kind=withdrawal');
  const row = page.getByTestId('queue-row').filter({ hasText: open! }).first();
  await expect(row.getByTestId('withdrawal-badge')).toHaveText('Withdrawal');
  await expect(row).toContainText('Refund by');
  await expectNoAxeViolations(page);
  await row.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /Original withdrawal statement/ })).toBeVisible();
  await expect(page.getByTestId('withdrawal-statement')).toContainText('Alice');
  await expect(page.getByTestId('refund-deadline')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('staff check the order before attaching: what differs is shown, units are picked, a difference is confirmed', async ({
  page,
  playwright,
  baseURL
}) => {
  const staffApi = await playwright.request.newContext({ baseURL });
  await staffApi.post('/api/staff/auth/sign-in', { data: ADMIN, headers: { 'sec-fetch-site': 'same-origin' } });
  // A demo order of the shopper's with a unit still free, named by a stranger with items in words.
  await signInShopper(page);
  const list = await (await page.request.get('/api/orders')).json();
  const anonymous = await playwright.request.newContext({ baseURL });
  let order: string | null = null;
  let statementId = 0;
  let tries = 0;
  let stranger = '';
  for (const o of list.orders as { number: string }[]) {
    if (order) break;
    // A stranger of their own per try, so the per-email and per-address limits never decide which order is used.
    tries++;
    stranger = `stranger-${Date.now()}-${tries}@example.com`;
    const sent = await anonymous.post('/api/withdrawals', {
      data: { name: 'Someone Else', email: stranger, orderNumber: o.number, items: 'the grey hoodie', locale: 'en' },
      headers: { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `10.77.0.${tries}` }
    });
    expect(sent.status()).toBe(202);
    const reference = (await sent.json()).withdrawal.reference;
    await matched(staffApi);
    const [w] = await waiting(staffApi, reference);
    const preview = await (await staffApi.get(`/api/staff/withdrawals/${w!.id}/preview`)).json();
    // Returnable units: a delivered order with units not yet on a return.
    if (preview.order?.lines.some((l: { returnable: number }) => l.returnable > 0)) {
      order = o.number;
      statementId = w!.id;
    } else {
      await staffApi.post(`/api/staff/withdrawals/${w!.id}/close`, {
        data: { note: 'Test: no free unit.' },
        headers: { 'sec-fetch-site': 'same-origin' }
      });
    }
  }
  await anonymous.dispose();
  expect(order).not.toBeNull();

  await page.context().clearCookies();
  await signInStaff(page);
  await page.goto('/staff/withdrawals');
  const card = page.getByTestId('withdrawal-to-match').filter({ hasText: stranger }).filter({ hasText: order! });
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Check the order' }).click();
  const check = card.getByTestId('withdrawal-check');
  await expect(check.getByTestId('compare-email')).toContainText(stranger);
  await expect(check.getByTestId('compare-email')).toContainText('Differs');
  const attach = check.getByRole('button', { name: 'Attach to order' });
  // Nothing picked yet (the items were described in words), and the difference is not confirmed.
  await expect(attach).toBeDisabled();
  const unit = check.getByRole('spinbutton').and(check.locator(':enabled')).first();
  await unit.fill('1');
  await expect(attach).toBeDisabled();
  await expectNoAxeViolations(page);
  await check.getByLabel(/I have checked/).check();
  await attach.click();
  await expect(page.getByText(/Attached: return R-.* created\./)).toBeVisible();
  const detail = await (await staffApi.get(`/api/staff/withdrawals/${statementId}`)).json();
  expect(detail.withdrawal.decisions.at(-1)).toMatchObject({ kind: 'attached', confirmedDifferences: ['email', 'name'] });
  await staffApi.dispose();
});

test('the acknowledgement’s link shows the statement and cancels it once', async ({ page, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const email = `link-${Date.now()}@example.com`;
  const sent = await anonymous.post('/api/withdrawals', {
    data: { name: 'Jamie Link', email, orderNumber: 'NO-SUCH-77', locale: 'en' },
    headers: { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '10.78.0.1' }
  });
  expect(sent.status()).toBe(202);
  await anonymous.dispose();
  const mail = await waitForMail(email, /\/withdraw\/statement\?token=/);
  const link = mail.text.match(/https?:\/\/\S+\/withdraw\/statement\?token=[a-z2-7]+/)![0];

  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByRole('heading', { name: 'Your withdrawal statement' })).toBeVisible();
  await expect(page.getByTestId('withdrawal-status')).toContainText('Jamie Link');
  await expect(page.getByTestId('withdrawal-status')).toContainText('NO-SUCH-77');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Cancel this withdrawal' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.getByText(/Your withdrawal W-[A-Z0-9]+ is cancelled\./)).toBeFocused();
  await expect(page.getByTestId('withdrawal-status')).toContainText('This withdrawal is cancelled.');
  await expect(page.getByRole('button', { name: 'Cancel this withdrawal' })).toHaveCount(0);
  // Spent: the link now says so.
  await page.reload();
  await expect(page.getByRole('alert')).toHaveText('This link has expired, has already been used or is not valid.');
});
