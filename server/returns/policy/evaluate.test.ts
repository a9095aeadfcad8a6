import { describe, expect, it } from 'vitest';
import { ruleSetSchema, type RuleSet } from '#shared/schemas/rules.ts';
import { DONE_WHEN } from '../../../tests/helpers/rules.ts';
import { decide, isBlocked, lineScoped, lineTerms, rateDays, type PolicyCustomer, type PolicyLine, type PolicyOrder } from './evaluate.ts';

const now = new Date('2026-12-01T12:00:00Z');
const order: PolicyOrder = {
  totalCents: 20_000,
  currency: 'EUR',
  placedAt: new Date('2026-11-20T00:00:00Z'),
  deliveredAt: new Date('2026-11-25T00:00:00Z'),
  shippingCountry: 'FR'
};
const line = (over: Partial<PolicyLine> = {}): PolicyLine => ({
  orderLineId: 1,
  sku: 'TEE-M',
  productName: 'Linen tee',
  variant: 'M',
  unitPriceCents: 5_000,
  finalSale: false,
  tags: [],
  ...over
});
const customer = (over: Partial<PolicyCustomer> = {}): PolicyCustomer => ({ email: 'ana@example.com', returns: [], credits: [], ...over });
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

/** The four rules of issue 19's "Done when", in the order an admin writes them (one copy for every test). */
const doneWhen: RuleSet = ruleSetSchema.parse(DONE_WHEN);
const ask = (l: PolicyLine, reasonCode = 'wrong_size', actionCode = 'refund', quantity = 1) => ({
  line: l,
  request: { reasonCode, actionCode, quantity }
});

describe('decide', () => {
  it('approves a wrong-size line under €100', () => {
    const d = decide(doneWhen, [ask(line())], order, customer(), now);
    expect(d).toMatchObject({ outcome: 'approve', rule: { id: 'wrong-size' } });
  });

  it('decides nothing for another reason on a line at €50 (staff decide, as today)', () => {
    expect(decide(doneWhen, [ask(line(), 'changed_mind')], order, customer(), now).outcome).toBeNull();
  });

  it('keeps a line under €10, except one asked as an exchange, which is approved instead', () => {
    expect(decide(doneWhen, [ask(line({ unitPriceCents: 900 }), 'changed_mind')], order, customer(), now)).toMatchObject({
      outcome: 'keep',
      rule: { id: 'cheap' }
    });
    expect(decide(doneWhen, [ask(line({ unitPriceCents: 900 }), 'changed_mind', 'exchange_size')], order, customer(), now).outcome).toBe(
      'approve'
    );
  });

  it('approves a return whose lines are kept or approved, and decides nothing when one line is undecided', () => {
    const kept = ask(line({ orderLineId: 2, unitPriceCents: 900 }), 'changed_mind');
    expect(decide(doneWhen, [ask(line()), kept], order, customer(), now).outcome).toBe('approve');
    expect(decide(doneWhen, [ask(line(), 'defective'), kept], order, customer(), now).outcome).toBeNull();
  });

  it('flags a customer with more than 5 returns in 90 days, over any approval; older returns do not count', () => {
    const six = customer({ returns: [1, 2, 3, 4, 5, 6].map(daysAgo) });
    expect(decide(doneWhen, [ask(line())], order, six, now)).toMatchObject({
      outcome: 'review',
      rule: { id: 'serial' },
      reviews: [{ reason: 'More than 5 returns in 90 days' }]
    });
    const old = customer({ returns: [1, 2, 3, 4, 5, 95].map(daysAgo) });
    expect(decide(doneWhen, [ask(line())], order, old, now).outcome).toBe('approve');
  });

  it('with the set off, or no rules, decides nothing', () => {
    expect(decide({ ...doneWhen, enabled: false }, [ask(line())], order, customer(), now).outcome).toBeNull();
    expect(decide({ enabled: true, rules: [], blockList: [] }, [ask(line())], order, customer(), now).outcome).toBeNull();
  });

  it('skips a disabled rule', () => {
    const set = { ...doneWhen, rules: doneWhen.rules.map((r) => (r.id === 'wrong-size' ? { ...r, enabled: false } : r)) };
    expect(decide(set, [ask(line())], order, customer(), now).outcome).toBeNull();
  });

  it('matches the block list by email or domain, and credited amounts in the order currency only', () => {
    const set = ruleSetSchema.parse({
      rules: [
        { id: 'blocked', name: 'Blocked', when: { blocked: true }, then: { review: 'Block list' } },
        { id: 'big', name: 'Credited', when: { customerCreditedOver: { cents: 10_000, days: 30 } }, then: { review: 'Credited a lot' } }
      ],
      blockList: ['@fraud.test', 'eve@example.com']
    });
    expect(decide(set, [ask(line())], order, customer({ email: 'x@fraud.test' }), now).outcome).toBe('review');
    expect(decide(set, [ask(line())], order, customer({ email: 'Eve@example.com' }), now).outcome).toBe('review');
    const credits = [
      { at: daysAgo(2), cents: 8_000, currency: 'EUR' },
      { at: daysAgo(3), cents: 8_000, currency: 'USD' }
    ];
    expect(decide(set, [ask(line())], order, customer({ credits }), now).outcome).toBeNull();
    expect(
      decide(set, [ask(line())], order, customer({ credits: [...credits, { at: daysAgo(4), cents: 3_000, currency: 'EUR' }] }), now)
    ).toMatchObject({
      outcome: 'review',
      rule: { id: 'big' }
    });
  });
});

describe('the return rate', () => {
  const set = ruleSetSchema.parse({
    rules: [
      {
        id: 'rate',
        name: 'Returns most of what they buy',
        when: { customerReturnRateOver: { percent: 50, days: 90 } },
        then: { review: 'Return rate over 50 %' }
      },
      { id: 'all', name: 'Approve', then: { approve: true } }
    ]
  });
  const units = (returned: number, bought: number) => customer({ units: [{ days: 90, returned, bought }] });

  it('flags a customer whose units returned (this request included) over units bought exceed the percentage', () => {
    // 4 returned before + 2 asked now = 6 of 10 bought: 60 % > 50 %.
    expect(decide(set, [ask(line(), 'changed_mind', 'refund', 2)], order, units(4, 10), now)).toMatchObject({
      outcome: 'review',
      rule: { id: 'rate' },
      reviews: [{ reason: 'Return rate over 50 %' }]
    });
    // 5 of 10: exactly 50 %, not over.
    expect(decide(set, [ask(line(), 'changed_mind', 'refund', 1)], order, units(4, 10), now).outcome).toBe('approve');
  });

  it('counts the units of every line asked, not only the line matched', () => {
    const two = [ask(line(), 'changed_mind', 'refund', 1), ask(line({ orderLineId: 2 }), 'changed_mind', 'refund', 1)];
    expect(decide(set, two, order, units(4, 10), now).outcome).toBe('review'); // 6 of 10
  });

  it('does not match with nothing bought in the period, nor without the figures for its period', () => {
    expect(decide(set, [ask(line(), 'changed_mind', 'refund', 3)], order, units(3, 0), now).outcome).toBe('approve');
    const otherPeriod = customer({ units: [{ days: 30, returned: 9, bought: 10 }] });
    expect(decide(set, [ask(line())], order, otherPeriod, now).outcome).toBe('approve');
  });

  it('is a customer condition: it never sets a window, and the caller reads each period once', () => {
    const windowed = ruleSetSchema.parse({
      rules: [
        { id: 'a', name: 'A', when: { customerReturnRateOver: { percent: 10, days: 90 } }, then: { windowDays: 7 } },
        { id: 'b', name: 'B', when: { customerReturnRateOver: { percent: 30, days: 30 } }, then: { review: 'b' } },
        { id: 'c', name: 'C', enabled: false, when: { customerReturnRateOver: { percent: 30, days: 60 } }, then: { review: 'c' } },
        { id: 'd', name: 'D', when: { customerReturnRateOver: { percent: 80, days: 90 } }, then: { review: 'd' } }
      ]
    });
    expect(lineScoped(windowed.rules[0]!)).toBe(false);
    expect(lineTerms(windowed, line(), order, now).windowDays).toBeNull();
    expect(rateDays(windowed)).toEqual([30, 90]);
  });
});

describe('the country shipped to', () => {
  const set = ruleSetSchema.parse({
    rules: [
      { id: 'fr-auto', name: 'France: approve', when: { shippingCountries: ['FR', 'BE'] }, then: { approve: true } },
      { id: 'far', name: 'Far away: 60 days', when: { shippingCountries: ['US', 'CA'] }, then: { windowDays: 60 } }
    ]
  });

  it('matches an order shipped to one of the countries', () => {
    expect(decide(set, [ask(line())], order, customer(), now)).toMatchObject({ outcome: 'approve', rule: { id: 'fr-auto' } });
    expect(decide(set, [ask(line())], { ...order, shippingCountry: 'DE' }, customer(), now).outcome).toBeNull();
  });

  it('does not match an order whose country is unknown', () => {
    expect(decide(set, [ask(line())], { ...order, shippingCountry: null }, customer(), now).outcome).toBeNull();
    expect(lineTerms(set, line(), { ...order, shippingCountry: null }, now).windowDays).toBeNull();
  });

  it('is about the order: it can decide a line’s window', () => {
    expect(lineScoped(set.rules[1]!)).toBe(true);
    expect(lineTerms(set, line(), { ...order, shippingCountry: 'US' }, now)).toMatchObject({ windowDays: 60, windowRule: 'far' });
  });

  it('refuses a code that is not two upper-case letters', () => {
    const bad = ruleSetSchema.safeParse({ rules: [{ id: 'x', name: 'X', when: { shippingCountries: ['fr'] }, then: { approve: true } }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path.join('.')).toBe('rules.0.when.shippingCountries.0');
  });
});

describe('lineTerms', () => {
  it('gives the first window that matches the line, from line and order conditions only', () => {
    expect(lineTerms(doneWhen, line({ sku: 'SHOE-42' }), order, now)).toMatchObject({
      windowDays: 60,
      windowRule: 'shoes',
      finalSale: false
    });
    expect(lineTerms(doneWhen, line(), order, now).windowDays).toBeNull();
  });

  it('final sale by tag, offered actions and a fee; a rule conditioned on the reason gives no window', () => {
    const set = ruleSetSchema.parse({
      rules: [
        { id: 'by-reason', name: 'Reason', when: { reasons: ['defective'] }, then: { windowDays: 90 } },
        {
          id: 'sale',
          name: 'Sale',
          when: { tags: ['Sale'] },
          then: { finalSale: true, actions: ['store_credit'], restockingFeePercent: 10 }
        },
        { id: 'late', name: 'Late', when: { tags: ['sale'] }, then: { windowDays: 14 } }
      ]
    });
    expect(lineTerms(set, line({ tags: ['sale'] }), order, now)).toEqual({
      windowDays: null,
      finalSale: true,
      windowRule: 'sale',
      actions: ['store_credit'],
      restockingFeePercent: 10
    });
  });

  it('conditions on days since delivery and order total', () => {
    const set = ruleSetSchema.parse({
      rules: [
        {
          id: 'fresh',
          name: 'Fresh',
          when: { daysSinceDeliveryUnder: 7, orderTotalAtLeastCents: 10_000, currencies: ['EUR'] },
          then: { windowDays: 90 }
        }
      ]
    });
    expect(lineTerms(set, line(), order, now).windowDays).toBe(90);
    expect(lineTerms(set, line(), order, daysAgo(-10)).windowDays).toBeNull();
    expect(lineTerms(set, line(), { ...order, currency: 'USD' }, now).windowDays).toBeNull();
  });
});

describe('the rule set schema', () => {
  it('refuses a rule without an outcome, both approve and keep, duplicate ids, a bad block-list entry', () => {
    const r = ruleSetSchema.safeParse({
      rules: [
        { id: 'a', name: 'A', then: {} },
        { id: 'a', name: 'B', then: { approve: true, keepItem: true } }
      ],
      blockList: ['not an email']
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'rules.0.then:no_outcome',
        'rules.1.then.keepItem:approve_or_keep',
        'rules.1.id:duplicate_id',
        expect.stringMatching(/^blockList\.0:/)
      ])
    );
  });

  it('isBlocked reads entries with or without "@"', () => {
    expect(isBlocked('a@b.example', ['b.example'])).toBe(true);
    expect(isBlocked('a@b.example', ['@b.example'])).toBe(true);
    expect(isBlocked('a@sub.b.example', ['b.example'])).toBe(false);
  });
});
