import { getLocale, setLocale, type Locale } from '$lib/paraglide/runtime.js';

/** The chosen language as reactive state; pages re-render under {#key i18n.locale} when it changes. */
export const i18n = $state({ locale: getLocale() as Locale });

export function switchLocale(locale: Locale) {
  setLocale(locale, { reload: false });
  i18n.locale = locale;
  document.documentElement.lang = locale;
}
