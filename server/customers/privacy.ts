import { and, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import { FINAL_STATES } from '#shared/states.ts';
import { writeAudit } from '../audit/write.ts';
import type { Db } from '../db/client.ts';
import {
  auditEvents,
  customers,
  customerSessions,
  oneTimeTokens,
  orderLines,
  orders,
  orderSessions,
  outbox,
  returnLines,
  returnMessages,
  returns,
  withdrawals
} from '../db/schema.ts';
import { ApiError } from '../http/errors.ts';
import { erasePhotos, photosOf } from '../returns/photos/store.ts';

const SYSTEM = { type: 'system' as const, id: null };

async function customerByEmail(db: Db, email: string) {
  const [customer] = await db.select().from(customers).where(eq(customers.email, email.trim().toLowerCase()));
  if (!customer) throw new ApiError(404, 'not_found', `No customer with the email ${email}.`);
  return customer;
}

/** Emails written to this address (by recipient, or by the payload's `to` for rows written before `recipient` existed). */
const emailsTo = (email: string) =>
  and(eq(outbox.kind, 'email'), or(eq(outbox.recipient, email), sql`${outbox.payload}->>'to' = ${email}`));

/**
 * Everything Reprise holds about a customer, as one JSON value (GDPR right of access): the account
 * (never the password hash), orders and their lines, returns with lines and the shop's messages,
 * withdrawal statements in their name, the emails written to them, the photos they sent (what each is,
 * not its bytes: those are on their return's page). Recorded in the audit trail.
 */
export async function exportCustomer(db: Db, email: string, now: Date) {
  return db.transaction(async (tx) => {
    const customer = await customerByEmail(tx, email);
    const theirOrders = await tx.select().from(orders).where(eq(orders.customerId, customer.id)).orderBy(orders.placedAt);
    const orderIds = theirOrders.map((o) => o.id);
    const lines = orderIds.length ? await tx.select().from(orderLines).where(inArray(orderLines.orderId, orderIds)) : [];
    const theirReturns = await tx.select().from(returns).where(eq(returns.customerId, customer.id)).orderBy(returns.createdAt);
    const returnIds = theirReturns.map((r) => r.id);
    const rLines = returnIds.length ? await tx.select().from(returnLines).where(inArray(returnLines.returnId, returnIds)) : [];
    const messages = returnIds.length ? await tx.select().from(returnMessages).where(inArray(returnMessages.returnId, returnIds)) : [];
    const statements = await tx
      .select()
      .from(withdrawals)
      .where(or(eq(withdrawals.customerId, customer.id), eq(withdrawals.email, customer.email)));
    const emails = await tx.select().from(outbox).where(emailsTo(customer.email)).orderBy(outbox.createdAt);
    const photos = await photosOf(tx, customer.id);
    await writeAudit(tx, SYSTEM, { entity: 'customer', entityId: customer.id, action: 'exported', changes: {}, now });
    const { passwordHash, ...account } = customer;
    return {
      exportedAt: now.toISOString(),
      customer: { ...account, hasPassword: passwordHash !== null },
      orders: theirOrders.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id) })),
      returns: theirReturns.map((r) => {
        // The staff note is the shop's own working note, not data about the customer they gave or were sent.
        const { staffNote: _staffNote, customerMessage: _legacy, ...ret } = r;
        return { ...ret, lines: rLines.filter((l) => l.returnId === r.id), messages: messages.filter((m) => m.returnId === r.id) };
      }),
      withdrawals: statements,
      photos,
      emails: emails.map((e) => ({
        id: e.id,
        topic: e.topic,
        status: e.status,
        createdAt: e.createdAt,
        sentAt: e.sentAt,
        content: e.payload
      }))
    };
  });
}

/** The address an erased customer's rows carry instead of theirs: unique, and undeliverable (.invalid). */
export const erasedEmail = (customerId: number) => `erased-${customerId}@erased.invalid`;
export const ERASED = '[erased]';

/**
 * Replaces a customer's personal data by placeholders (GDPR right to erasure): name, email and
 * password on the account and its orders, the comments on their returns, the shop's messages to
 * them, the emails written to them, their photos (deleted); their sessions and links end. Amounts, units, states, dates
 * and the audit trail's rows stay, so the shop's books and stock still add up. Refused while one of
 * their returns is still open. Withdrawal statements and their acknowledgements are kept: the shop
 * needs them as proof in a dispute (GDPR Art. 17(3)(e); README, "Data kept").
 */
export async function eraseCustomer(db: Db, email: string, now: Date) {
  return db.transaction(async (tx) => {
    const customer = await customerByEmail(tx, email);
    await refuseWhileAReturnIsOpen(tx, customer.id);
    const placeholder = erasedEmail(customer.id);
    const erased = { id: customer.id, email: customer.email, placeholder };
    const { orderIds, returnIds } = await eraseAccountOrdersAndReturns(tx, erased);
    const emails = await eraseOutbox(tx, erased);
    const photos = await erasePhotos(tx, customer.id);
    await eraseFromAudit(tx, erased, orderIds, returnIds);
    await endSessionsAndLinks(tx, erased, orderIds);
    const counts = { orders: orderIds.length, returns: returnIds.length, emails, photos };
    await writeAudit(tx, SYSTEM, { entity: 'customer', entityId: customer.id, action: 'erased', changes: counts, now });
    return { customerId: customer.id, placeholder, ...counts };
  });
}

type Erased = { id: number; email: string; placeholder: string };

async function refuseWhileAReturnIsOpen(tx: Db, customerId: number): Promise<void> {
  const [open] = await tx
    .select({ number: returns.number, state: returns.state })
    .from(returns)
    .where(and(eq(returns.customerId, customerId), notInArray(returns.state, [...FINAL_STATES])))
    .limit(1);
  if (open) {
    throw new ApiError(409, 'customer_has_open_return', `Return ${open.number} is still open (${open.state}): finish it before erasing.`, {
      fields: { returnNumber: open.number }
    });
  }
}

/** The account's name, email and password, the orders' address, the returns' comments and the messages on them. */
async function eraseAccountOrdersAndReturns(tx: Db, { id, placeholder }: Erased) {
  await tx
    .update(customers)
    .set({ email: placeholder, firstName: ERASED, lastName: '', passwordHash: null, emailVerifiedAt: null })
    .where(eq(customers.id, id));
  const theirOrders = await tx.update(orders).set({ email: placeholder }).where(eq(orders.customerId, id)).returning({ id: orders.id });
  const theirReturns = await tx
    .update(returns)
    .set({ customerComment: '', customerMessage: '' })
    .where(eq(returns.customerId, id))
    .returning({ id: returns.id });
  const returnIds = theirReturns.map((r) => r.id);
  if (returnIds.length) await tx.update(returnMessages).set({ body: ERASED }).where(inArray(returnMessages.returnId, returnIds));
  return { orderIds: theirOrders.map((o) => o.id), returnIds };
}

/** Emails to them, and anything else naming them (the shop's notice, webhook events): the bodies go, the rows stay. */
async function eraseOutbox(tx: Db, { email, placeholder }: Erased): Promise<number> {
  const emails = await tx
    .update(outbox)
    .set({
      recipient: sql`case when ${outbox.recipient} = ${email} then ${placeholder} else ${outbox.recipient} end`,
      payload: sql`case when ${outbox.kind} = 'email'
        then jsonb_build_object('to', case when ${outbox.recipient} = ${email} then to_jsonb(${placeholder}::text) else ${outbox.payload}->'to' end, 'subject', ${ERASED}::text, 'purged', true)
        else jsonb_build_object('id', ${outbox.payload}->'id', 'type', ${outbox.payload}->'type', 'purged', true) end`
    })
    .where(and(or(emailsTo(email), sql`strpos(${outbox.payload}::text, ${email}) > 0`), sql`${outbox.topic} not like 'withdrawal.%'`))
    .returning({ id: outbox.id });
  return emails.length;
}

/** The audit rows stay (who did what, when); the address inside what they recorded goes. */
async function eraseFromAudit(tx: Db, { id, email, placeholder }: Erased, orderIds: number[], returnIds: number[]) {
  const orderKeys = orderIds.map(String);
  await tx
    .update(auditEvents)
    .set({ changes: sql`replace(${auditEvents.changes}::text, ${email}, ${placeholder})::jsonb` })
    .where(
      and(
        or(
          and(eq(auditEvents.entity, 'customer'), eq(auditEvents.entityId, String(id))),
          orderKeys.length ? and(eq(auditEvents.entity, 'order'), inArray(auditEvents.entityId, orderKeys)) : sql`false`,
          returnIds.length ? inArray(auditEvents.returnId, returnIds) : sql`false`
        ),
        sql`strpos(${auditEvents.changes}::text, ${email}) > 0`
      )
    );
}

async function endSessionsAndLinks(tx: Db, { id, email }: Erased, orderIds: number[]) {
  await tx.delete(customerSessions).where(eq(customerSessions.customerId, id));
  if (orderIds.length) await tx.delete(orderSessions).where(inArray(orderSessions.orderId, orderIds));
  await tx.delete(oneTimeTokens).where(or(eq(oneTimeTokens.customerId, id), eq(oneTimeTokens.email, email)));
}
