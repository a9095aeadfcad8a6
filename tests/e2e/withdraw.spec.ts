import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, signInShopper, useLanguage } from './helpers.ts';

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
