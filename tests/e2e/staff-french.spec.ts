import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, SHOPPER, call, shopperReturn, useLanguage, SAME_ORIGIN } from './helpers.ts';

// An admin whose account is in French walks through every staff page: the page is in French
// (html lang) and the words of the screen's chrome hold none of the English UI strings below.
// Shop data (product names, customers, email subjects in the customer's language) may be English:
// each page names the elements that hold such data, and they are left out of the check.

/** English words of the staff screen, as whole words, case-sensitive. */
const ENGLISH = [
  'Save',
  'Saving',
  'State',
  'Items',
  'Reason',
  'Action',
  'Customer',
  'customer',
  'System',
  'Order',
  'Orders',
  'Returns',
  'Settings',
  'Emails',
  'Search',
  'Loading',
  'History',
  'Staff note',
  'Message to customer',
  'Requested',
  'Restock',
  'Received',
  'Credit',
  'Withdrawal',
  'Subject',
  'Preview',
  'Enable',
  'Disable',
  'Name',
  'Email',
  'Product',
  'Quantity',
  'Language',
  'Delivered',
  'Notify',
  'Process',
  'Create return',
  'Show more',
  'Choose',
  'Find',
  'not yet',
  'by default',
  'Shop',
  'Status',
  'Recipient',
  'Created',
  'English label',
  'French label',
  'Add',
  'Delete',
  'Deactivate',
  'Move',
  'Undo',
  'Password',
  'Sign in',
  'Role',
  'Since',
  'Active',
  'Disabled'
];
const pattern = new RegExp(`(?<![\\p{L}-])(${ENGLISH.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}-])`, 'gu');

/**
 * The visible text of `main` (its innerText, with the option texts of its menus and the accessible
 * names given by attributes), once the elements holding shop data are hidden.
 */
async function screenText(page: Page, data: string[]): Promise<string> {
  return page.evaluate((hide) => {
    const main = document.querySelector('main')!;
    for (const selector of hide) for (const el of main.querySelectorAll<HTMLElement>(selector)) el.style.display = 'none';
    const attributes = [...main.querySelectorAll('[aria-label], [placeholder], [title]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null || el.tagName === 'IFRAME')
      .map((el) => ['aria-label', 'placeholder', 'title'].map((a) => el.getAttribute(a) ?? '').join('\n'));
    const options = [...main.querySelectorAll('option')].map((o) => o.textContent ?? '');
    return [main.innerText, ...options, ...attributes].join('\n');
  }, data);
}

async function expectFrench(page: Page, data: string[] = []) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const text = await screenText(page, data);
  const english = [...new Set([...text.matchAll(pattern)].map((m) => m[0]))];
  expect(english, `English words on ${page.url()}:\n${text}`).toEqual([]);
}

/** A return on a delivered order of the demo shopper, created through the API as the shopper (one for the file). */
let fixture: { order: string; ret: string } | undefined;
async function demoReturn(request: APIRequestContext) {
  fixture ??= await shopperReturn(request);
  return fixture;
}

/** Signs the admin in with the account in French, runs `visit`, and always puts the account back in English. */
async function asFrenchAdmin(page: Page, visit: () => Promise<void>) {
  await useLanguage(page, 'en');
  await call(page.request, 'post', '/api/staff/auth/sign-in', ADMIN);
  try {
    const res = await page.request.patch('/api/staff/auth/me', { data: { locale: 'fr' }, headers: SAME_ORIGIN });
    expect(res.ok()).toBe(true);
    await visit();
  } finally {
    await page.request.patch('/api/staff/auth/me', { data: { locale: 'en' }, headers: SAME_ORIGIN });
  }
}

const h1 = (page: Page, name: string) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

/** As the admin in French (`asFrenchAdmin`): opens `path`, waits for its heading `heading`, then runs `check`. */
async function onFrenchPage(page: Page, path: string, heading: string, check: () => Promise<void>) {
  await asFrenchAdmin(page, async () => {
    await page.goto(path);
    await h1(page, heading);
    await check();
  });
}

test.describe('the staff screen in French has no English word left', () => {
  test('staff sign-in', async ({ page }) => {
    await useLanguage(page, 'fr');
    await page.goto('/staff/sign-in');
    await h1(page, 'Connexion équipe');
    await expectFrench(page);
  });

  test('overview', async ({ page }) => {
    await onFrenchPage(page, '/staff', 'Vue d’ensemble des retours', async () => {
      await expectFrench(page);
    });
  });

  test('returns queue', async ({ page }) => {
    await demoReturn(page.request);
    await onFrenchPage(page, '/staff/returns', 'Retours', async () => {
      await expect(page.getByTestId('queue-row').first()).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Client' })).toBeVisible();
      // Customer names and emails are the shop's data.
      await expectFrench(page, ['[data-testid="queue-row"] td:nth-child(3)']);
      // A search that finds nothing says so in French.
      await page.getByRole('searchbox', { name: 'Rechercher des retours' }).fill('no-such-return');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await expect(page.getByText('Aucun retour pour « no-such-return ».')).toBeVisible();
      await expectFrench(page);
    });
  });

  test('a return page: facts, items, process form, messages and history', async ({ page }) => {
    const f = await demoReturn(page.request);
    await onFrenchPage(page, `/staff/returns/${f.ret}`, `Retour ${f.ret}`, async () => {
      await expect(page.getByRole('heading', { name: 'Historique' })).toBeVisible();
      await expect(page.getByLabel('Note interne')).toBeVisible();
      await expect(page.getByLabel('Nouveau message au client')).toBeVisible();
      // Product names and the shopper's comment are the shop's data.
      const data = ['[data-testid="return-line"] td:first-child', '[data-testid="money-line"] th', '[data-testid="customer-comment"]'];
      await expectFrench(page, data);
      // Saving with nothing changed explains it in French.
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect(page.getByText('Rien à enregistrer')).toBeVisible();
      // A note saved shows in the history in French, with a French date.
      await page.getByLabel('Note interne').fill('Colis vérifié.');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Enregistré.' })).toBeVisible();
      const audit = page.getByTestId('audit');
      await expect(audit).toContainText('Note interne : (vide) → « Colis vérifié. »');
      await expect(audit).toContainText('(client) ·');
      const month = /(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/;
      await expect(audit).toContainText(month);
      await expectFrench(page, data);
    });
  });

  test('a return received and credited: the receipt and credit forms, the settlement and its history', async ({ page }) => {
    const f = await shopperReturn(page.request);
    await asFrenchAdmin(page, async () => {
      const { return: current } = await call<{ return: { version: number } }>(page.request, 'get', `/api/staff/returns/${f.ret}`);
      const approved = await page.request.patch(`/api/staff/returns/${f.ret}`, {
        data: { version: current.version, state: 'approved' },
        headers: SAME_ORIGIN
      });
      expect(approved.ok()).toBe(true);
      await page.goto(`/staff/returns/${f.ret}`);
      await h1(page, `Retour ${f.ret}`);
      const data = [
        '[data-testid="return-line"] td:first-child',
        '[data-testid="money-line"] th',
        '[data-testid="customer-comment"]',
        '.settle .name'
      ];
      const state = page.getByLabel('État', { exact: true });

      await state.selectOption('received');
      await expect(page.getByTestId('receipt-form')).toBeVisible();
      await expect(page.getByRole('group', { name: 'Remettre en stock ?' })).toBeVisible();
      await expectFrench(page, data);
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Enregistré : le retour est maintenant' })).toBeVisible();

      await state.selectOption('credited');
      await expect(page.getByTestId('credit-form')).toBeVisible();
      await expect(page.getByTestId('credit-form').getByLabel('Mode')).toBeVisible();
      await expectFrench(page, data);
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect(page.getByTestId('credit-total')).toContainText('À rendre :');
      await expect(page.getByTestId('audit')).toContainText('Reçu : ');
      await expect(page.getByTestId('audit')).toContainText('Règlement : ');
      await expectFrench(page, data);
    });
  });

  test('the staff order page and its create form', async ({ page }) => {
    const f = await demoReturn(page.request);
    await onFrenchPage(page, `/staff/orders/${f.order}`, `Commande ${f.order}`, async () => {
      await expect(page.getByRole('heading', { name: 'Créer le retour' })).toBeVisible();
      // Reasons and actions are offered in French.
      const line = page.getByTestId('create-line').first();
      await expect(line.getByLabel('Motif').locator('option', { hasText: 'Mauvaise taille' })).toHaveCount(1);
      const legends = ['[data-testid="create-line"] legend', '[data-testid="order-money-line"] th'];
      await expectFrench(page, legends);
      // A create with no quantity is refused in French; starting as received asks about stock per line.
      await page.getByRole('button', { name: 'Créer le retour' }).click();
      await expect(page.getByText('Indiquez une quantité pour au moins une ligne.')).toBeVisible();
      await page.getByLabel('État de départ').selectOption('received');
      await expect(page.getByText('Le stock se décide ligne par ligne ci-dessus.')).toBeVisible();
      await expectFrench(page, legends);
    });
  });

  test('order search', async ({ page }) => {
    await onFrenchPage(page, '/staff/orders', 'Commandes', async () => {
      await expectFrench(page);
      await page.getByLabel('N° de commande ou de retour, nom ou e-mail du client').fill(SHOPPER.email);
      await page.getByRole('button', { name: 'Chercher' }).click();
      await expect(page.getByTestId('order-result').first()).toBeVisible();
      await expectFrench(page, ['[data-testid="order-customer"]']);
    });
  });

  test('emails', async ({ page }) => {
    await demoReturn(page.request);
    await onFrenchPage(page, '/staff/emails', 'E-mails', async () => {
      await expect(page.getByTestId('email-row').first()).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Objet' })).toBeVisible();
      // Recipients, subjects (in the customer's language) and relay errors are data.
      await expectFrench(page, [
        '[data-testid="email-row"] td:nth-child(2)',
        '[data-testid="email-row"] td:nth-child(3)',
        '[data-testid="email-row"] td:nth-child(4) .muted'
      ]);
    });
  });

  test('settings, reasons and actions, notification email texts', async ({ page }) => {
    await onFrenchPage(page, '/staff/settings', 'Réglages', async () => {
      await expect(page.getByRole('heading', { name: 'Motifs de retour' })).toBeVisible();
      await expect(page.getByTestId('reason-item').first()).toBeVisible();
      await expect(page.getByRole('heading', { name: 'E-mails de notification' })).toBeVisible();
      await expect(page.getByTestId('email-preview-subject')).toBeVisible();
      // Reasons are named in French (the demo shop's own labels).
      await expect(page.getByRole('checkbox', { name: 'Remise en stock par défaut pour « Mauvaise taille »' })).toBeVisible();
      // The preview is an email in the language chosen in its menu (English first).
      await expectFrench(page, ['[data-testid="email-preview-subject"]', '[data-testid="email-preview-text"]']);
      await page.getByRole('button', { name: 'Enregistrer les réglages' }).click();
      await expect(page.getByText('Rien n’a changé.')).toBeVisible();
    });
  });

  test('withdrawals to match', async ({ page, playwright, baseURL }) => {
    // A statement that matches no order waits here for staff.
    const anonymous = await playwright.request.newContext({ baseURL });
    const lost = `perdu-${Date.now()}@example.com`;
    const sent = await anonymous.post('/api/withdrawals', {
      data: { name: 'Personne', email: lost, orderNumber: 'PAS-ICI-1', locale: 'fr' },
      headers: SAME_ORIGIN
    });
    expect(sent.status()).toBe(202);
    await anonymous.dispose();
    await onFrenchPage(page, '/staff/withdrawals', 'Rétractations à rapprocher', async () => {
      await expect(page.getByTestId('withdrawal-to-match').filter({ hasText: lost })).toBeVisible();
      // The consumer's own statements are data.
      await expectFrench(page, ['[data-testid="withdrawal-to-match"] h2', '[data-testid="withdrawal-to-match"] dd']);
    });
  });

  test('staff accounts', async ({ page }) => {
    await onFrenchPage(page, '/staff/staff', 'Comptes de l’équipe', async () => {
      await expect(page.getByRole('columnheader', { name: 'Rôle' })).toBeVisible();
      // Staff names and emails are data.
      await expectFrench(page, ['tbody td:nth-child(1)', 'tbody td:nth-child(2)']);
    });
  });
});
