import { describe, expect, it } from 'vitest';
import { formatMoney } from '#shared/money.ts';
import { creditSentence } from './credit-words.ts';

describe('the credit in sentences (the SPA’s words)', () => {
  it('tells one sentence per method that carries money', () => {
    const money = (c: number) => formatMoney(c, 'EUR', 'en');
    expect(creditSentence({ refund: 2000, store_credit: 0, replacement: 2000 }, money, 'en')).toBe(
      '€20.00 will be refunded to your original payment method. A replacement worth €20.00 will be sent to you.'
    );
    expect(creditSentence({ refund: 0, store_credit: 0, replacement: 0 }, money, 'en')).toBe('Nothing is credited for this return.');
    expect(creditSentence(null, money, 'fr')).toBe('Le montant de ce crédit n’a pas été enregistré.');
  });

  it('says in an email what the shopper’s return page says (one home: messages/)', () => {
    const money = (c: number) => formatMoney(c, 'EUR', 'fr');
    expect(creditSentence({ refund: 0, store_credit: 1500, replacement: 2000 }, money, 'fr')).toBe(
      `${money(1500)} vous sera accordé en avoir en boutique. Un article de remplacement d’une valeur de ${money(2000)} vous sera envoyé.`
    );
  });
});
