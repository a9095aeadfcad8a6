import { expect, test, type Page } from '@playwright/test';
import { ADMIN, signInStaff, useLanguage, SAME_ORIGIN } from './helpers.ts';

/** The admin's stored language goes back to English whatever the test did (other files expect it). */
async function resetLanguage(page: Page) {
  await page.request.patch('/api/staff/auth/me', { data: { locale: 'en' }, headers: SAME_ORIGIN });
}

test('a staff member who switches to French gets the staff screen in French, and again at the next sign-in from another browser', async ({
  page,
  browser
}) => {
  await useLanguage(page, 'en');
  await signInStaff(page, ADMIN);
  try {
    await page.getByTestId('language').selectOption('fr');
    const nav = page.getByRole('navigation', { name: 'Équipe' });
    await expect(nav.getByRole('link', { name: 'Retours', exact: true })).toBeVisible();
    await expect(page.getByText('Changer mon mot de passe')).toBeVisible();
    await nav.getByRole('link', { name: 'Comptes de l’équipe' }).click();
    await expect(page.getByRole('heading', { name: 'Comptes de l’équipe', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Ajouter un membre de l’équipe' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Rôle' })).toBeVisible();

    // Another browser, in English: the account's language wins once signed in.
    const other = await browser.newPage();
    try {
      await useLanguage(other, 'en');
      await signInStaff(other, ADMIN);
      await expect(other.getByRole('heading', { name: 'Vue d’ensemble des retours', level: 1 })).toBeVisible();
      await expect(other.locator('html')).toHaveAttribute('lang', 'fr');
    } finally {
      await other.close();
    }
  } finally {
    await resetLanguage(page);
  }
});
