import { expect, test } from '@playwright/test';
import { useLanguage, pushOrder } from './helpers.ts';
import { mailSeen, waitForLink } from './mailbox.ts';

const BOB = { email: 'bob@example.com', password: 'reprise-demo' };

test('a shopper forgets the password, resets it from the emailed link, and the old session is gone', async ({ page, browser }) => {
  await useLanguage(page, 'en');
  // The session left open elsewhere (another device).
  const elsewhere = await browser.newContext();
  try {
    const old = await elsewhere.newPage();
    const signedIn = await old.request.post('/api/auth/sign-in', { data: BOB, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(signedIn.status()).toBe(200);
    expect((await old.request.get('/api/auth/me')).status()).toBe(200);

    const seen = mailSeen();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    // The sign-in page has an Email field too: fill the new page's, once it is there.
    await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
    await page.getByLabel('Email').fill(BOB.email);
    await page.getByRole('button', { name: 'Email me the link' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'If an account exists for this address, we have sent a link. It works once, for 15 minutes.'
    );
    const link = await waitForLink(BOB.email, '/account/password', seen);

    await page.goto(link);
    await page.getByLabel('New password').fill('password123');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await expect(page.getByText('This password is among the most common ones: choose another.')).toBeVisible();
    await page.getByLabel('New password').fill('a fresh and long passphrase');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await expect(page).toHaveURL(/\/orders$/);
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);

    // The other device's session ended with the reset.
    expect((await old.request.get('/api/auth/me')).status()).toBe(401);
  } finally {
    await elsewhere.close();
  }
});

test('a guest pushed by the shop creates an account with the same email and sees the earlier order', async ({
  page,
  playwright,
  baseURL
}) => {
  await useLanguage(page, 'fr');
  // The shop pushes an order for a new guest (no password), signed like its own systems do.
  const email = `guest-${Date.now()}@example.com`;
  const number = `G${Date.now()}`;
  const body = JSON.stringify({
    number,
    customer: { email, firstName: 'Inès', locale: 'fr' },
    status: 'delivered',
    currency: 'EUR',
    placedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    deliveredAt: new Date(Date.now() - 86_400_000).toISOString(),
    lines: [{ sku: 'DEMO-GUEST-1', name: 'Écharpe', unitPriceCents: 3900, quantity: 1 }]
  });
  await pushOrder(playwright, baseURL, body);

  const seen = mailSeen();
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  // The sign-in page has an E-mail field too: fill the new page's, once it is there.
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByRole('heading', { name: 'Créer un compte' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'M’envoyer le lien' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Nous avons envoyé un lien à cette adresse. Il ne sert qu’une fois et reste valable 15 minutes.'
  );
  await page.goto(await waitForLink(email, '/account/password', seen));
  await page.getByLabel('Nouveau mot de passe').fill('mon écharpe préférée');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByTestId('order').filter({ hasText: number })).toBeVisible();
});
