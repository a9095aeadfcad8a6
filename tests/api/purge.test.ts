import { describe, expect } from 'vitest';
import { idempotencyKeys, signInThrottle } from '../../server/db/schema.ts';
import { purgeExpired } from '../../server/maintenance/purge.ts';
import { PASSWORD } from '../helpers/fixtures.ts';
import { signInShopper } from '../helpers/sign-in.ts';
import { lineInput, shopperOrder } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

const HOUR = 3600_000;

describe('purging what nothing can use any more', () => {
  it('keeps idempotency keys 24 h (a replay still answers), drops them after 48 h; drops dead sessions and ended counters only', async ({
    ids,
    t
  }) => {
    const { customer, shopper, order, lines } = await shopperOrder(t, { lines: [{ quantity: 2 }] });
    const body = { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id, 1)] };
    const key = { 'idempotency-key': 'purge-test-key-1' };
    const first = await shopper.post('/api/returns', body, key);
    expect(first.status).toBe(201);
    await t.agent().post('/api/auth/sign-in', { email: customer.email, password: 'wrong-password' });

    t.advance(24 * HOUR);
    await purgeExpired(t.db, t.clock.now);
    const replay = await shopper.post('/api/returns', body, key);
    expect(replay.body.return.number).toBe(first.body.return.number); // still replayed after a day
    expect(await t.db.select().from(signInThrottle)).toHaveLength(0); // the 15-min window ended long ago

    const idle = await signInShopper(t, customer); // a fresh session, kept
    t.advance(25 * HOUR);
    const purged = await purgeExpired(t.db, t.clock.now);
    expect(purged.idempotencyKeys).toBe(1);
    expect(await t.db.select().from(idempotencyKeys)).toHaveLength(0);
    expect((await idle.get('/api/auth/me')).status).toBe(200);

    t.advance(8 * 24 * HOUR); // past the 7-day idle limit
    expect((await purgeExpired(t.db, t.clock.now)).sessions).toBeGreaterThanOrEqual(2);
    expect((await idle.get('/api/auth/me')).status).toBe(401);
    expect((await t.agent().post('/api/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(200);
  });
});
