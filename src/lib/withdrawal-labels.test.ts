import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const catalogue = (locale: 'en' | 'fr') => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8'));

describe('the labels the law asks for (Article 11a of 2011/83/EU)', () => {
  it('are exact in English', () => {
    const en = catalogue('en');
    expect(en.withdraw_link).toBe('Withdraw from contract here');
    expect(en.withdraw_confirm).toBe('Confirm withdrawal');
  });

  it('are exact in French, as in the law’s French text', () => {
    const fr = catalogue('fr');
    expect(fr.withdraw_link).toBe('Se rétracter du contrat ici');
    expect(fr.withdraw_confirm).toBe('Confirmer la rétractation');
  });
});
