import { describe, expect, it } from 'vitest';
import { ruleSetSchema, type RuleSet } from '#shared/schemas/rules.ts';
import { decide, isBlocked, lineTerms, type PolicyCustomer, type PolicyLine, type PolicyOrder } from './evaluate.ts';

const now = new Date('2026-12-01T12:00:00Z');
const order: PolicyOrder = {
  totalCents: 20_000,
  currency: 'EUR',
  placedAt: new Date('2026-11-20T00:00:00Z'),
  deliveredAt: new Date('2026-11-25T00:00:00Z')
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

/** The four rules of issue 19's "Done when", in the order an admin writes them. */
const doneWhen: RuleSet = ruleSetSchema.parse({
  rules: [
    {
      id: 'wrong-size',
      name: 'Wrong size under €100',
      when: { reasons: ['wrong_size'], unitPriceUnderCents: 10_000 },
      then: { approve: true }
    },
    { id: 'cheap', name: 'Keep under €10', when: { unitPriceUnderCents: 1_000 }, then: { keepItem: true } },
    { id: 'shoes', name: 'Shoes 60 days', when: { skuPrefixes: ['SHOE-'] }, then: { windowDays: 60 } },
    {
      id: 'serial',
      name: 'Many returns',
      when: { customerReturnsOver: { count: 5, days: 90 } },
      then: { review: 'More than 5 returns in 90 days' }
    }
  ]
});
const ask = (l: PolicyLine, reasonCode = 'wrong_size', actionCode = 'refund') => ({ line: l, request: { reasonCode, actionCode } });

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
