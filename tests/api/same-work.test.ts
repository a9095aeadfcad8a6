import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableName, ne, type Table } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/client.ts';
import { oneTimeTokens, outbox } from '../../server/db/schema.ts';
import { relayEmailsOnce } from '../../server/outbound/relay.ts';
import { Agent, setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { signInStaff } from '../helpers/sign-in.ts';
import { silentLogger } from '../../server/http/log.ts';
import { countingPasswords } from '../helpers/passwords.ts';

// "The same answer whether or not the address is a customer's" must hold for the work done too: the
// statements run (kind and table), the rows written and the hashes computed, not only the reply.

/** The database as the app sees it, writing down every statement it is asked to run: `insert outbox`, `select customers`… */
function recording(db: Db, log: string[]): Db {
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (key === 'insert' || key === 'update' || key === 'delete') {
        return (table: Table) => {
          log.push(`${key} ${getTableName(table)}`);
          return fn.call(target, table);
        };
      }
      if (key === 'select') {
        return (...args: unknown[]) => {
          const builder = fn.apply(target, args) as { from: (t: Table) => unknown };
          const from = builder.from.bind(builder);
          builder.from = (t: Table) => {
            log.push(`select ${getTableName(t)}`);
            return from(t);
          };
          return builder;
        };
      }
      if (key === 'execute') {
        return (...args: unknown[]) => {
          log.push('execute');
          return fn.apply(target, args);
        };
      }
      if (key === 'transaction') {
        return (run: (tx: Db) => unknown, ...rest: unknown[]) => {
          log.push('transaction');
          return fn.call(target, (tx: Db) => run(recording(tx, log)), ...rest);
        };
      }
      return fn.bind(target);
    }
  });
}

let t: TestContext;
let agent: Agent;
const log: string[] = [];
let addressSeq = 0;
// The argon2 work the app asks for (hashes and verifications), counted through deps.passwords.
const counted = countingPasswords();
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
  const app = createApp(
    { db: recording(t.db, log), config: t.config, now: () => t.clock.now, passwords: counted.passwords },
    { logger: silentLogger() }
  );
  agent = new Agent(app);
});
afterAll(() => t.close());

const count = async (table: typeof outbox | typeof oneTimeTokens) => (await t.db.select().from(table)).length;

/** What one request did: its answer, the statements it ran, the rows it added, the argon2 work. */
async function workOf(path: string, body: object) {
  log.length = 0;
  counted.reset();
  const before = { outbox: await count(outbox), tokens: await count(oneTimeTokens) };
  const res = await agent.post(path, body, { 'x-forwarded-for': `198.18.0.${++addressSeq}` });
  return {
    status: res.status,
    body: res.body,
    statements: [...log],
    rowsAdded: { outbox: (await count(outbox)) - before.outbox, tokens: (await count(oneTimeTokens)) - before.tokens },
    hashes: counted.count.hash + counted.count.verify
  };
}

describe('the same work for a known and an unknown address', () => {
  it('sign-in link: a customer, a guest and an unknown address run the same statements and write the same rows', async () => {
    const customer = await createCustomer(t.db);
    const guest = await createCustomer(t.db, { password: null });
    const known = await workOf('/api/auth/sign-in-link', { email: customer.email });
    const asGuest = await workOf('/api/auth/sign-in-link', { email: guest.email });
    const unknown = await workOf('/api/auth/sign-in-link', { email: 'nobody-here@example.com' });
    expect(known.status).toBe(202);
    expect(known.rowsAdded).toEqual({ outbox: 1, tokens: 1 });
    expect(known.statements).toEqual(expect.arrayContaining(['select customers', 'insert one_time_tokens', 'insert outbox']));
    expect(unknown).toEqual(known);
    expect(asGuest).toEqual(known);
  });

  it('forgot password: a customer and an unknown address run the same statements and write the same rows', async () => {
    const customer = await createCustomer(t.db);
    const known = await workOf('/api/auth/forgot-password', { email: customer.email });
    const unknown = await workOf('/api/auth/forgot-password', { email: 'nobody-either@example.com' });
    expect(known.status).toBe(202);
    expect(known.rowsAdded).toEqual({ outbox: 1, tokens: 1 });
    expect(unknown).toEqual(known);
  });

  it('sign-up: a new address, a guest and an account run the same statements and write the same rows', async () => {
    const member = await createCustomer(t.db);
    const guest = await createCustomer(t.db, { password: null });
    const known = await workOf('/api/auth/sign-up', { email: member.email });
    expect(await workOf('/api/auth/sign-up', { email: guest.email })).toEqual(known);
    expect(await workOf('/api/auth/sign-up', { email: 'brand-new@example.com' })).toEqual(known);
  });

  it('order lookup: a match writes no more than a wrong email or an unknown number (the email row included)', async () => {
    const guest = await createCustomer(t.db, { password: null });
    const { order } = await createOrder(t.db, guest, { now: t.clock.now });
    const match = await workOf('/api/auth/lookup', { orderNumber: order.number, email: guest.email });
    const wrongEmail = await workOf('/api/auth/lookup', { orderNumber: order.number, email: 'not-them@example.com' });
    const noOrder = await workOf('/api/auth/lookup', { orderNumber: 'NO-SUCH-9', email: guest.email });
    expect(match.rowsAdded).toEqual({ outbox: 1, tokens: 1 });
    expect(wrongEmail).toEqual(match);
    expect(noOrder).toEqual(match);
  });

  it('sends only the emails for a customer: the others are withheld, never sent and never listed to staff', async () => {
    const customer = await createCustomer(t.db);
    await workOf('/api/auth/sign-in-link', { email: customer.email });
    await workOf('/api/auth/sign-in-link', { email: 'stranger@example.com' });
    await workOf('/api/auth/forgot-password', { email: 'stranger@example.com' });
    await workOf('/api/auth/lookup', { orderNumber: 'NO-SUCH-1', email: 'stranger@example.com' });
    const sent: { to: string }[] = [];
    const mailer = { sendMail: async (m: { to: string }) => void sent.push(m) } as unknown as Transporter;
    while (
      (await relayEmailsOnce(t.db, mailer, { from: 'shop@example.com', now: () => t.clock.now, messageIdHost: 'reprise.test' })).sent > 0
    );
    expect(sent.map((m) => m.to)).toContain(customer.email);
    expect(sent.map((m) => m.to)).not.toContain('stranger@example.com');
    const { agent: staff } = await signInStaff(t);
    const list = await staff.get('/api/staff/emails');
    expect(list.body.emails.map((e: { recipient: string }) => e.recipient)).not.toContain('stranger@example.com');
    expect((await t.db.select().from(outbox).where(ne(outbox.status, 'withheld'))).map((r) => r.recipient)).not.toContain(
      'stranger@example.com'
    );
  });
});
