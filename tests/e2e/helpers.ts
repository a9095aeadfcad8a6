import { expect, type Page } from '@playwright/test';

export const SHOPPER = { email: 'alice@example.com', password: 'reprise-demo' };
export const ADMIN = { email: 'admin@example.com', password: 'reprise-admin' };
/** The shop secret of the e2e server (playwright.config.ts): the tests sign portal links with it. */
export const E2E_SHOP_SECRET = 'e2e-shop-secret-0123456789abcdefghij';
export const STAFF = { email: 'staff@example.com', password: 'reprise-staff' };

/** Starts the browser context in a language (Paraglide keeps the choice in localStorage); a later switch sticks. */
export async function useLanguage(page: Page, locale: 'en' | 'fr') {
  await page.addInitScript((l) => {
    if (!localStorage.getItem('PARAGLIDE_LOCALE')) localStorage.setItem('PARAGLIDE_LOCALE', l);
  }, locale);
}

export async function signInShopper(page: Page, who = SHOPPER) {
  await page.goto('/sign-in');
  await page.getByLabel(/^(Email|E-mail)$/).fill(who.email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(who.password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await expect(page).toHaveURL(/\/orders$/);
}

export async function signInStaff(page: Page, who = ADMIN) {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}
