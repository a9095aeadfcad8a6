import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, signInShopper, signInStaff, useLanguage } from './helpers.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The statements staff see waiting, through a staff session of its own. */
async function waiting(staff: APIRequestContext, reference?: string) {
  const res = await staff.get('/api/staff/withdrawals');
  const list = (await res.json()).withdrawals as { reference: string; email: string }[];
  return reference ? list.filter((w) => w.reference === reference) : list;
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
  expect(await violations(page)).toEqual([]);

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
  expect(await violations(page)).toEqual([]);
  expect((await waiting(staff)).filter((w) => w.email === email)).toHaveLength(0);
  // Nothing wider than the screen (360 px on the phone project).
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);

  await page.getByRole('button', { name: 'Confirmer la rétractation' }).click();
  await expect(page.getByRole('heading', { name: 'Votre rétractation a été envoyée' })).toBeFocused();
  await expect(page.getByText(email)).toBeVisible();
  expect(await violations(page)).toEqual([]);
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
    anonymous.post('/api/withdrawals', { data, headers: { 'sec-fetch-site': 'same-origin' } });
  expect((await post({ name: 'Alice', email: 'alice@example.com', orderNumber: open, locale: 'en' })).status()).toBe(202);
  const lost = `lost-${Date.now()}@example.com`;
  expect((await post({ name: 'Nobody', email: lost, orderNumber: 'NOT-HERE-1', locale: 'en' })).status()).toBe(202);
  await anonymous.dispose();

  await signInStaff(page);
  await page.getByRole('link', { name: 'Withdrawals to match' }).click();
  await expect(page.getByRole('heading', { name: 'Withdrawals to match', level: 1 })).toBeVisible();
  const card = page.getByTestId('withdrawal-to-match').filter({ hasText: lost });
  await expect(card).toContainText('No order with this number and email');
  expect(await violations(page)).toEqual([]);
  await card.getByLabel('Note to the consumer (emailed)').fill('We found no order with this number.');
  await card.getByRole('button', { name: 'Close with a note' }).click();
  await expect(page.getByText('Closed; the note was sent to the consumer.')).toBeVisible();
  await expect(page.getByTestId('withdrawal-to-match').filter({ hasText: lost })).toHaveCount(0);

  await page.goto('/staff/returns?kind=withdrawal');
  const row = page.getByTestId('queue-row').filter({ hasText: open! }).first();
  await expect(row.getByTestId('withdrawal-badge')).toHaveText('Withdrawal');
  await expect(row).toContainText('Refund by');
  expect(await violations(page)).toEqual([]);
  await row.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /Original withdrawal statement/ })).toBeVisible();
  await expect(page.getByTestId('withdrawal-statement')).toContainText('Alice');
  await expect(page.getByTestId('refund-deadline')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
