import { describe, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, orderLines, orders, outbox, returnLines, returns, ruleSets, stockMovements } from '../../server/db/schema.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { setReturnsAllowed } from '../helpers/returns.ts';
import { DONE_WHEN } from '../helpers/rules.ts';
import { auditOf, lineInput, signInShopper, staffCreate } from '../helpers/staff.ts';
import { staffTest as it, type StaffSuite } from '../helpers/staff-test.ts';
import { matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';

/** Saves `ruleSet` as the next version (read first), as an admin. */
async function saveRules({ admin }: StaffSuite, ruleSet: unknown) {
  const current = await admin.get('/api/staff/rules');
  expect(current.status).toBe(200);
  const res = await admin.put('/api/staff/rules', { version: current.body.rules.version, ruleSet });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rules as { version: number };
}

/** Saves an enabled set of `rules` with no block list. */
const saveEnabledRules = (suite: StaffSuite, rules: unknown[]) => saveRules(suite, { enabled: true, blockList: [], rules });

/** The last rule of a set: approves what the rules before it left undecided. */
const APPROVE_THE_REST = { id: 'all', name: 'Approve', when: {}, then: { approve: true } };

/** A new customer, signed in, with a delivered order (one line per spec). */
async function shopperWithOrder({ t }: StaffSuite, lines: { price: number; quantity?: number }[], deliveredDaysAgo = 5) {
  const customer = await createCustomer(t.db);
  const made = await createOrder(t.db, customer, { now: t.clock.now, lines, deliveredDaysAgo, placedDaysAgo: deliveredDaysAgo + 3 });
  return { customer, ...made, agent: await signInShopper(t, customer) };
}

async function request(suite: StaffSuite, s: Awaited<ReturnType<typeof shopperWithOrder>>, reason = 'wrong_size', action = 'refund') {
  return s.agent.post('/api/returns', {
    orderNumber: s.order.number,
    lines: s.lines.map((l) => lineInput(suite.ids, l.id, 1, reason, action))
  });
}

const stateOf = async ({ t }: StaffSuite, number: string) => (await t.db.select().from(returns).where(eq(returns.number, number)))[0]!;
const emailsTo = async ({ t }: StaffSuite, email: string) =>
  (await t.db.select().from(outbox).where(eq(outbox.recipient, email))).map((r) => r.topic).sort();

describe('with no rules', () => {
  it('a request stays New, with the “request received” email, and nothing is written by a rule (today’s behaviour)', async ({ suite }) => {
    const s = await shopperWithOrder(suite, [{ price: 5_000 }]);
    const res = await request(suite, s);
    expect(res.status).toBe(201);
    const ret = await stateOf(suite, res.body.return.number);
    expect(ret).toMatchObject({ state: 'requested', version: 1, ruleDecision: null });
    expect(await emailsTo(suite, s.customer.email)).toEqual(['return.requested']);
    const audit = await suite.t.db.select().from(auditEvents).where(eq(auditEvents.returnId, ret.id));
    expect(audit.map((a) => a.actorType)).toEqual(['customer']);
  });
});

describe('saving, exporting and importing rules', () => {
  it('an admin saves a new version (audited with who); a stale save is 409; staff may not', async ({ suite }) => {
    const { admin, staff, adminMember, t } = suite;
    const before = (await admin.get('/api/staff/rules')).body.rules.version as number;
    const saved = await saveRules(suite, { enabled: false, rules: DONE_WHEN.rules, blockList: [] });
    expect(saved.version).toBe(before + 1);
    const got = (await admin.get('/api/staff/rules')).body;
    expect(got.rules).toMatchObject({ version: before + 1, savedBy: adminMember.name, ruleSet: { enabled: false } });
    expect(got.history[0]).toMatchObject({ version: before + 1, savedBy: adminMember.name, rules: 4 });
    const [audit] = await auditOf(t.db, 'rules', before + 1);
    expect(audit).toMatchObject({ actorType: 'staff', actorId: adminMember.id, action: 'saved' });
    expect(audit!.changes).toMatchObject({ version: [before, before + 1] });
    const stale = await admin.put('/api/staff/rules', { version: before, ruleSet: DONE_WHEN });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_rules', fields: { version: String(before + 1) } });
    expect((await staff.get('/api/staff/rules')).status).toBe(403);
    expect((await staff.put('/api/staff/rules', { version: before + 1, ruleSet: DONE_WHEN })).status).toBe(403);
  });

  it('refuses a reason the shop does not have (422 naming the field) and a malformed rule (400 naming the field)', async ({ suite }) => {
    const { admin } = suite;
    const version = (await admin.get('/api/staff/rules')).body.rules.version;
    const unknown = await admin.put('/api/staff/rules', {
      version,
      ruleSet: { rules: [{ id: 'x', name: 'X', when: { reasons: ['nope'] }, then: { approve: true } }] }
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'rule_unknown_code', fields: { 'ruleSet.rules.0.when.reasons.0': 'unknown_reason' } });
    const bad = await admin.put('/api/staff/rules', {
      version,
      ruleSet: { rules: [{ id: 'Bad Id', name: 'X', then: { windowDays: 0 } }] }
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({
      'ruleSet.rules.0.id': expect.any(String),
      'ruleSet.rules.0.then.windowDays': 'too_small'
    });
    expect((await admin.get('/api/staff/rules')).body.rules.version).toBe(version);
  });

  it('exports the set in force and imports it back as a new version (audited as imported)', async ({ suite }) => {
    const { admin, t } = suite;
    await saveRules(suite, { ...DONE_WHEN, enabled: false });
    const exported = await admin.get('/api/staff/rules/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="reprise-rules-v\d+\.json"/);
    expect(exported.body).toMatchObject({ format: 'reprise-rules/1', ruleSet: { rules: [{ id: 'wrong-size' }, {}, {}, {}] } });
    const imported = await admin.post('/api/staff/rules/import', { version: exported.body.version, file: exported.body });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.rules.version).toBe(exported.body.version + 1);
    expect(imported.body.rules.ruleSet).toEqual(exported.body.ruleSet);
    expect((await auditOf(t.db, 'rules', imported.body.rules.version))[0]).toMatchObject({ action: 'imported' });
    const wrong = await admin.post('/api/staff/rules/import', {
      version: imported.body.rules.version,
      file: { format: 'other', ruleSet: {} }
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toHaveProperty('file.format');
    // Saved versions are never changed (the returns name them).
    await expect(t.db.update(ruleSets).set({ document: { enabled: true, rules: [], blockList: [] } })).rejects.toThrow();
  });
});

describe('rules deciding a shopper’s request', () => {
  it('approves a wrong-size line under €100 at once: state, approval email, audit by the rule with its version', async ({ suite }) => {
    const { version } = await saveRules(suite, DONE_WHEN);
    const s = await shopperWithOrder(suite, [{ price: 5_000 }]);
    const res = await request(suite, s);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.return.state).toBe('approved');
    const ret = await stateOf(suite, res.body.return.number);
    expect(ret.ruleDecision).toEqual({ outcome: 'approve', ruleId: 'wrong-size', ruleName: 'Wrong size under €100', version });
    expect(await emailsTo(suite, s.customer.email)).toEqual(['return.approved']);
    const audit = await suite.t.db.select().from(auditEvents).where(eq(auditEvents.returnId, ret.id));
    expect(audit.map((a) => [a.actorType, a.action])).toEqual([
      ['customer', 'created'],
      ['rule', 'updated']
    ]);
    expect(audit[1]!.changes).toMatchObject({ state: ['requested', 'approved'], rule: { id: 'wrong-size', version } });
    const staffView = (await suite.staff.get(`/api/staff/returns/${ret.number}`)).body.return;
    expect(staffView.audit.at(-1).actor).toMatchObject({ type: 'rule', name: `Rule “Wrong size under €100” (version ${version})` });
  });

  it('keeps an item under €10: credited at once with what the settlement rules give, no parcel, stock untouched', async ({ suite }) => {
    await saveRules(suite, DONE_WHEN);
    const s = await shopperWithOrder(suite, [{ price: 900, quantity: 2 }]);
    const res = await request(suite, s, 'changed_mind');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ret = await stateOf(suite, res.body.return.number);
    expect(ret).toMatchObject({ state: 'credited', creditTotalCents: 900, ruleDecision: { outcome: 'keep', ruleId: 'cheap' } });
    const [line] = await suite.t.db.select().from(returnLines).where(eq(returnLines.returnId, ret.id));
    expect(line).toMatchObject({ keepItem: true, unitsCredited: 1, amountCreditedCents: 900, unitsReceived: null, creditMethod: 'refund' });
    expect(await suite.t.db.select().from(stockMovements).where(eq(stockMovements.returnLineId, line!.id))).toHaveLength(0);
    expect(await emailsTo(suite, s.customer.email)).toEqual(['return.credited']);
    const shopper = (await s.agent.get(`/api/returns/${ret.number}`)).body.return;
    expect(shopper.credit).toMatchObject({ totalCents: 900 });
  });

  it('gives SHOE- lines 60 days: the order page shows it, and a request on day 40 is accepted (refused without the rule)', async ({
    suite
  }) => {
    const s = await shopperWithOrder(suite, [{ price: 12_000 }], 40);
    await suite.t.db
      .update(orderLines)
      .set({ sku: `SHOE-${s.lines[0]!.id}` })
      .where(eq(orderLines.id, s.lines[0]!.id));
    await saveRules(suite, { ...DONE_WHEN, enabled: false });
    const closed = (await s.agent.get(`/api/orders/${s.order.number}`)).body.order.lines[0];
    expect(closed).toMatchObject({ blockedReason: 'window_passed' });
    expect((await request(suite, s, 'changed_mind')).status).toBe(422);
    await saveRules(suite, DONE_WHEN);
    const open = (await s.agent.get(`/api/orders/${s.order.number}`)).body.order.lines[0];
    expect(open.blockedReason).toBeNull();
    const delivered = s.order.deliveredAt!.getTime();
    expect(new Date(open.windowClosesAt).getTime() - delivered).toBeGreaterThan(59 * 86_400_000);
    const res = await request(suite, s, 'changed_mind');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.return.state).toBe('requested');
    // Staff see the same window on the order page, and create a return on it without an override.
    const other = await shopperWithOrder(suite, [{ price: 12_000 }], 40);
    await suite.t.db
      .update(orderLines)
      .set({ sku: `SHOE-${other.lines[0]!.id}` })
      .where(eq(orderLines.id, other.lines[0]!.id));
    const staffLine = (await suite.staff.get(`/api/staff/orders/${other.order.number}`)).body.order.lines[0];
    expect(staffLine.blockedReason).toBeNull();
    await staffCreate(suite.staff, {
      orderNumber: other.order.number,
      lines: [lineInput(suite.ids, other.lines[0]!.id, 1, 'changed_mind')]
    });
  });

  it('flags a customer with more than 5 returns in 90 days for review, over the approval', async ({ suite }) => {
    await saveRules(suite, DONE_WHEN);
    const s = await shopperWithOrder(suite, [{ price: 5_000 }]);
    for (let i = 0; i < 6; i++) {
      const { lines, order } = await createOrder(suite.t.db, s.customer, { now: suite.t.clock.now });
      await staffCreate(suite.staff, { orderNumber: order.number, lines: [lineInput(suite.ids, lines[0]!.id)] });
    }
    const res = await request(suite, s);
    expect(res.status).toBe(201);
    const ret = await stateOf(suite, res.body.return.number);
    expect(ret).toMatchObject({
      state: 'requested',
      ruleDecision: { outcome: 'review', ruleId: 'serial', review: [{ ruleId: 'serial', reason: 'More than 5 returns in 90 days' }] }
    });
    const flagged = await suite.t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.returnId, ret.id), eq(auditEvents.actorType, 'rule')));
    expect(flagged.map((a) => a.action)).toEqual(['flagged']);
  });

  it('never lets a shopper in while returns are off, rules or not', async ({ suite }) => {
    await saveRules(suite, DONE_WHEN);
    const s = await shopperWithOrder(suite, [{ price: 5_000 }]);
    await setReturnsAllowed(suite.t.db, false);
    try {
      const res = await request(suite, s);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('returns_disabled');
    } finally {
      await setReturnsAllowed(suite.t.db, true);
    }
  });

  it('offers only the actions a rule names on a line (422 action_not_offered otherwise)', async ({ suite }) => {
    await saveEnabledRules(suite, [
      { id: 'credit-only', name: 'Store credit only', when: { unitPriceAtLeastCents: 77_700 }, then: { actions: ['store_credit'] } }
    ]);
    const s = await shopperWithOrder(suite, [{ price: 77_700 }]);
    const page = (await s.agent.get(`/api/orders/${s.order.number}`)).body.order.lines[0];
    expect(page.offeredActions).toEqual(['store_credit']);
    const refused = await request(suite, s, 'changed_mind', 'refund');
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ 'lines.0.actionId': 'action_not_offered' });
    expect((await request(suite, s, 'changed_mind', 'store_credit')).status).toBe(201);
  });

  it('makes lines tagged “sale” (as the order push tags them) final sale: the order page says so, a request is refused', async ({
    suite
  }) => {
    await saveEnabledRules(suite, [{ id: 'sale', name: 'Sale items', when: { tags: ['sale'] }, then: { finalSale: true } }]);
    const s = await shopperWithOrder(suite, [{ price: 3_000 }]);
    await suite.t.db
      .update(orderLines)
      .set({ tags: ['Summer', 'SALE'] })
      .where(eq(orderLines.id, s.lines[0]!.id));
    const line = (await s.agent.get(`/api/orders/${s.order.number}`)).body.order.lines[0];
    expect(line).toMatchObject({ blockedReason: 'final_sale', returnableQuantity: 0 });
    const refused = await request(suite, s, 'changed_mind');
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual({ 'lines.0.orderLineId': 'final_sale' });
  });

  it('with the set switched off, a request goes exactly as with no rules', async ({ suite }) => {
    await saveRules(suite, { ...DONE_WHEN, enabled: false });
    const s = await shopperWithOrder(suite, [{ price: 5_000 }]);
    const res = await request(suite, s);
    const ret = await stateOf(suite, res.body.return.number);
    expect(ret).toMatchObject({ state: 'requested', ruleDecision: null, version: 1 });
    expect(await emailsTo(suite, s.customer.email)).toEqual(['return.requested']);
  });
});

describe('the country shipped to and the customer’s return rate', () => {
  const BY_COUNTRY_AND_RATE = {
    enabled: true,
    blockList: [],
    rules: [
      {
        id: 'rate',
        name: 'Returns most of what they buy',
        when: { customerReturnRateOver: { percent: 50, days: 90 } },
        then: { review: 'Return rate over 50 % in 90 days' }
      },
      { id: 'france', name: 'France: approve', when: { shippingCountries: ['FR'] }, then: { approve: true } }
    ]
  };
  const shipTo = async ({ t }: StaffSuite, orderId: number, country: string | null) =>
    t.db.update(orders).set({ shippingCountry: country }).where(eq(orders.id, orderId));

  it('approves a request on an order shipped to FR; one shipped to DE, or to an unknown country, waits for staff', async ({ suite }) => {
    await saveRules(suite, BY_COUNTRY_AND_RATE);
    const states: Record<string, string> = {};
    for (const country of ['FR', 'DE', null]) {
      const s = await shopperWithOrder(suite, [{ price: 5_000, quantity: 4 }]);
      await shipTo(suite, s.order.id, country);
      const res = await request(suite, s, 'changed_mind');
      expect(res.status).toBe(201);
      states[String(country)] = res.body.return.state;
    }
    expect(states).toEqual({ FR: 'approved', DE: 'requested', null: 'requested' });
  });

  it('flags a customer whose units returned over units bought in 90 days exceed 50 %, this request included', async ({ suite }) => {
    await saveRules(suite, BY_COUNTRY_AND_RATE);
    // Bought 4 units (shipped to FR); 2 already on a return; asking 1 more: 3 of 4 = 75 %.
    const high = await shopperWithOrder(suite, [{ price: 5_000, quantity: 4 }]);
    await shipTo(suite, high.order.id, 'FR');
    await staffCreate(suite.staff, { orderNumber: high.order.number, lines: [lineInput(suite.ids, high.lines[0]!.id, 2)] });
    suite.t.advance(60_000);
    const flagged = await request(suite, high, 'changed_mind');
    expect(flagged.status).toBe(201);
    expect(await stateOf(suite, flagged.body.return.number)).toMatchObject({
      state: 'requested',
      ruleDecision: { outcome: 'review', ruleId: 'rate', review: [{ ruleId: 'rate', reason: 'Return rate over 50 % in 90 days' }] }
    });
    // Another customer asking 1 of 4: 25 %, approved by the country rule.
    const low = await shopperWithOrder(suite, [{ price: 5_000, quantity: 4 }]);
    await shipTo(suite, low.order.id, 'FR');
    expect((await request(suite, low, 'changed_mind')).body.return.state).toBe('approved');
  });

  it('the dry run replays both conditions as they stood when each return was asked', async ({ suite }) => {
    const run = async () => {
      const res = await suite.admin.post('/api/staff/rules/dry-run', { ruleSet: BY_COUNTRY_AND_RATE, days: 90 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.dryRun;
    };
    await saveRules(suite, { ...BY_COUNTRY_AND_RATE, enabled: false });
    const before = await run();
    const high = await shopperWithOrder(suite, [{ price: 5_000, quantity: 4 }]);
    await shipTo(suite, high.order.id, 'FR');
    await staffCreate(suite.staff, { orderNumber: high.order.number, lines: [lineInput(suite.ids, high.lines[0]!.id, 2)] });
    suite.t.advance(60_000);
    await request(suite, high, 'changed_mind');
    for (const country of ['FR', 'DE']) {
      const s = await shopperWithOrder(suite, [{ price: 5_000, quantity: 4 }]);
      await shipTo(suite, s.order.id, country);
      await request(suite, s, 'changed_mind');
    }
    const after = await run();
    // The staff-made return is not replayed; the shopper's three are: one flagged, one approved (FR), one left (DE).
    expect(after.returns - before.returns).toBe(3);
    expect(after.outcomes.review.returns - before.outcomes.review.returns).toBe(1);
    expect(after.outcomes.approve.returns - before.outcomes.approve.returns).toBe(1);
    expect(after.outcomes.none.returns - before.outcomes.none.returns).toBe(1);
  });
});

describe('a customer limit under concurrency', () => {
  it('two requests at once by one customer, on two orders, under “review after 1 return”: one approved, one flagged', async ({ suite }) => {
    await saveEnabledRules(suite, [
      { id: 'second', name: 'Second return', when: { customerReturnsOver: { count: 0, days: 90 } }, then: { review: 'Not the first' } },
      APPROVE_THE_REST
    ]);
    for (let round = 0; round < 3; round++) {
      const customer = await createCustomer(suite.t.db);
      const agent = await signInShopper(suite.t, customer);
      const orders = [
        await createOrder(suite.t.db, customer, { now: suite.t.clock.now }),
        await createOrder(suite.t.db, customer, { now: suite.t.clock.now })
      ];
      const results = await Promise.all(
        orders.map((o) => agent.post('/api/returns', { orderNumber: o.order.number, lines: [lineInput(suite.ids, o.lines[0]!.id)] }))
      );
      expect(results.map((r) => r.status)).toEqual([201, 201]);
      expect(results.map((r) => r.body.return.state).sort()).toEqual(['approved', 'requested']);
    }
  });
});

describe('the dry run', () => {
  it('replays rules over past requests: per outcome counts and money, and the returns where staff decided otherwise', async ({ suite }) => {
    const { admin, staff } = suite;
    await saveRules(suite, { ...DONE_WHEN, enabled: false });
    const run = async () => {
      const res = await admin.post('/api/staff/rules/dry-run', { ruleSet: DONE_WHEN, days: 90 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.dryRun;
    };
    const before = await run();
    const wrongSize = await shopperWithOrder(suite, [{ price: 5_000 }]);
    const rejected = (await request(suite, wrongSize)).body.return;
    const saved = await staff.patch(`/api/staff/returns/${rejected.number}`, { version: 1, state: 'rejected' });
    expect(saved.status).toBe(200);
    const cheap = await shopperWithOrder(suite, [{ price: 800, quantity: 3 }]);
    await request(suite, cheap, 'changed_mind');
    const after = await run();
    expect(after.returns - before.returns).toBe(2);
    expect(after.outcomes.approve.returns - before.outcomes.approve.returns).toBe(1);
    expect((after.outcomes.approve.cents.EUR ?? 0) - (before.outcomes.approve.cents.EUR ?? 0)).toBe(5_000);
    expect(after.outcomes.keep.returns - before.outcomes.keep.returns).toBe(1);
    expect((after.outcomes.keep.cents.EUR ?? 0) - (before.outcomes.keep.cents.EUR ?? 0)).toBe(800);
    expect(after.differences[0]).toMatchObject({
      number: rejected.number,
      outcome: 'approve',
      staff: 'rejected',
      rule: { id: 'wrong-size' }
    });
    // Nothing written: still the same returns, the same version.
    expect((await stateOf(suite, rejected.number)).state).toBe('rejected');
    expect((await staff.post('/api/staff/rules/dry-run', { ruleSet: DONE_WHEN })).status).toBe(403);
    const bad = await admin.post('/api/staff/rules/dry-run', { ruleSet: DONE_WHEN, days: 0 });
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', fields: { days: 'too_small' } });
  });
});

describe('what staff see', () => {
  it('the queue and the return page name the deciding rule and version, and the customer’s risk signals', async ({ suite }) => {
    const { version } = await saveRules(suite, { ...DONE_WHEN, blockList: ['@risky.example'] });
    const customer = await createCustomer(suite.t.db, { email: `kim-${Date.now()}@risky.example` });
    const agent = await signInShopper(suite.t, customer);
    // Bought 4 units in the period; returns 1 (approved by a rule), then keeps 1 (kept by a rule).
    const first = await createOrder(suite.t.db, customer, { now: suite.t.clock.now, lines: [{ price: 5_000, quantity: 2 }] });
    const second = await createOrder(suite.t.db, customer, { now: suite.t.clock.now, lines: [{ price: 500, quantity: 2 }] });
    const approved = await agent.post('/api/returns', {
      orderNumber: first.order.number,
      lines: [lineInput(suite.ids, first.lines[0]!.id)]
    });
    const kept = await agent.post('/api/returns', {
      orderNumber: second.order.number,
      lines: [lineInput(suite.ids, second.lines[0]!.id, 1, 'changed_mind')]
    });
    expect([approved.body.return.state, kept.body.return.state]).toEqual(['approved', 'credited']);
    const queue = (await suite.staff.get(`/api/staff/returns?q=${encodeURIComponent(customer.email)}`)).body.returns;
    const row = queue.find((r: { number: string }) => r.number === approved.body.return.number);
    expect(row.rule).toEqual({ outcome: 'approve', ruleId: 'wrong-size', ruleName: 'Wrong size under €100', version });
    expect(row.risk).toEqual({
      days: 90,
      returns: 2,
      // The queue shows neither and leaves both out: counting them cost the page most of its speed.
      unitsReturned: null,
      unitsBought: null,
      returnRate: null,
      keptRefunds: 1,
      blocked: true
    });
    const page = (await suite.staff.get(`/api/staff/returns/${kept.body.return.number}`)).body.return;
    expect(page.rule).toMatchObject({ outcome: 'keep', ruleId: 'cheap', version });
    expect(page.risk).toEqual({ days: 90, returns: 2, unitsReturned: 2, unitsBought: 4, returnRate: 50, keptRefunds: 1, blocked: true });
    // A staff member can still move what a rule decided, as any return (audited as theirs).
    const moved = await suite.staff.patch(`/api/staff/returns/${approved.body.return.number}`, { version: 2, state: 'cancelled' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.return.audit.at(-1).actor.type).toBe('staff');
  });
});

describe('an EU withdrawal', () => {
  it('is never decided, refused nor delayed by a rule, even one that makes every line final sale', async ({ suite }) => {
    await saveEnabledRules(suite, [{ id: 'no-returns', name: 'Final sale', when: {}, then: { finalSale: true } }, APPROVE_THE_REST]);
    const s = await shopperWithOrder(suite, [{ price: 4_000 }]);
    const sent = await suite.t
      .agent()
      .post(
        '/api/withdrawals',
        { name: 'Rosa Règle', email: s.order.email, orderNumber: s.order.number, locale: 'en' },
        { 'x-forwarded-for': '10.9.9.9' }
      );
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const ctx = { now: suite.t.clock.now, publicUrl: suite.t.config.publicUrl, webhooks: false };
    while ((await matchWaitingWithdrawals(suite.t.db, ctx)) > 0);
    const [made] = await suite.t.db.select().from(returns).where(eq(returns.orderId, s.order.id));
    expect(made).toMatchObject({ state: 'requested', ruleDecision: null });
    expect(made!.withdrawalId).not.toBeNull();
    await saveRules(suite, { ...DONE_WHEN, enabled: false });
  });
});
