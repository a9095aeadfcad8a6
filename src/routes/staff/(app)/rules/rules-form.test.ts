import { describe, expect, it } from 'vitest';
import { ruleSchema } from '#shared/schemas/rules.ts';
import { fromDraft, hiddenConditions, newDraft, ruleSetOf, toDraft } from './rules-form.ts';

describe('the Rules screen form', () => {
  it('turns typed fields into a valid rule: an amount in cents, lists split on commas, a review reason', () => {
    const d = {
      ...newDraft([]),
      name: 'Wrong size under €100',
      reasons: ['wrong_size'],
      priceUnder: '99,50',
      skuPrefixes: 'SHOE-, BOOT- ,',
      customerOver: '5',
      decision: 'review' as const,
      reviewReason: 'Check it'
    };
    const rule = fromDraft(d);
    expect(rule).toEqual({
      id: 'rule-1',
      name: 'Wrong size under €100',
      enabled: true,
      when: {
        reasons: ['wrong_size'],
        unitPriceUnderCents: 9950,
        skuPrefixes: ['SHOE-', 'BOOT-'],
        customerReturnsOver: { count: 5, days: 90 }
      },
      then: { review: 'Check it' }
    });
    expect(ruleSchema.safeParse(rule).success).toBe(true);
  });

  it('keeps the conditions it does not show (from an imported file) and round-trips what it shows', () => {
    const rule = ruleSchema.parse({
      id: 'shoes',
      name: 'Shoes',
      when: { skuPrefixes: ['SHOE-'], currencies: ['EUR'], daysSinceDeliveryUnder: 10 },
      then: { windowDays: 60, actions: ['store_credit'], restockingFeePercent: 5 }
    });
    expect(hiddenConditions(rule)).toBe(2);
    expect(fromDraft(toDraft(rule, 'fr'))).toEqual(rule);
  });

  it('reads the countries shipped to (any case, comma-separated) and the return rate with its period', () => {
    const rule = fromDraft({
      ...newDraft([]),
      name: 'Returns a lot',
      countries: 'fr, be,',
      rateOver: '40',
      rateDays: '60',
      decision: 'review'
    });
    expect(rule.when).toEqual({ shippingCountries: ['FR', 'BE'], customerReturnRateOver: { percent: 40, days: 60 } });
    expect(ruleSchema.safeParse(rule).success).toBe(true);
    expect(hiddenConditions(rule)).toBe(0);
    expect(fromDraft(toDraft(rule, 'en'))).toEqual(rule);
  });

  it('sends text that is not a number as it is, for the server to refuse and name', () => {
    const rule = fromDraft({ ...newDraft(['rule-1']), name: 'X', windowDays: 'soon' });
    expect(rule.id).toBe('rule-2');
    expect(rule.then.windowDays).toBe('soon');
    expect(ruleSetOf(true, [], ' a@b.example \n\n@c.example ').blockList).toEqual(['a@b.example', '@c.example']);
  });
});
