import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signInShopper, useLanguage } from './helpers.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the shopper’s pages have no WCAG 2.2 AA violations that axe can find @phone', async ({ page }) => {
  await useLanguage(page, 'fr');
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await signInShopper(page);
  await expect(page.getByTestId('order').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  const list = await (await page.request.get('/api/orders')).json();
  const delivered = list.orders.find((o: { status: string }) => o.status === 'delivered');
  await page.goto(`/orders/${delivered.number}`);
  await expect(page.getByTestId('order-line').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.goto(`/orders/${delivered.number}/return`);
  await expect(page.getByTestId('return-line').first()).toBeVisible();
  await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
  expect(await violations(page)).toEqual([]);

  await page.goto('/returns');
  await expect(page.getByRole('heading', { name: 'Mes retours' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('order lookup and the invalid-link page have no WCAG 2.2 AA violations that axe can find @phone', async ({ page }) => {
  await useLanguage(page, 'fr');
  await page.goto('/lookup');
  await expect(page.getByRole('heading', { name: 'Retrouver votre commande' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  // With its field errors showing, and the first field focused.
  await page.getByRole('button', { name: 'M’envoyer un lien vers ma commande' }).click();
  await expect(page.getByLabel('Numéro de commande')).toBeFocused();
  expect(await violations(page)).toEqual([]);

  await page.goto('/o/1001?exp=1&sig=00');
  await expect(page.getByRole('heading', { name: 'Ce lien a expiré ou n’est pas valide.' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
