import { getLocale, setLocale, type Locale } from '$lib/paraglide/runtime.js';
import { api, read } from './api.ts';

/** The chosen language as reactive state; pages re-render under {#key i18n.locale} when it changes. */
export const i18n = $state({ locale: getLocale() as Locale });

/**
 * Stores the language on the signed-in account: a shopper's decides the language of their emails,
 * a staff member's is the language of the staff screen next time. Fire-and-forget: a signed-out
 * visitor (401) or a network error changes nothing on screen.
 */
function saveLocale(locale: Locale): void {
  const staffPage = location.pathname === '/staff' || location.pathname.startsWith('/staff/');
  const json = { locale };
  (staffPage ? read(api.staff.auth.me.$patch({ json })) : read(api.auth.me.$patch({ json }))).catch(() => {});
}

/** Shows the app in `locale` without storing it anywhere but this browser. */
export function applyLocale(locale: Locale) {
  if (locale === i18n.locale) return;
  setLocale(locale, { reload: false });
  i18n.locale = locale;
  document.documentElement.lang = locale;
}

export function switchLocale(locale: Locale) {
  applyLocale(locale);
  saveLocale(locale);
}

/**
 * After a shopper signs in: if the account's stored language is not the one on screen, store the
 * one on screen (the language they are using is the one their emails should use). Never blocks
 * navigation and never fails loudly.
 */
export function syncStoredLocale(): void {
  read(api.auth.me.$get())
    .then(({ customer }) => {
      // The language on screen now (the shopper may have switched while this was in flight).
      if (customer.locale !== i18n.locale) saveLocale(i18n.locale);
    })
    .catch(() => {});
}
