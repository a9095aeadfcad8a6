import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { WithdrawalInput } from '#shared/schemas/withdrawals.ts';
import type { Locale } from '#shared/states.ts';
import { writeAudit, type AuditActor } from '../audit/write.ts';
import type { Db } from '../db/client.ts';
import { WITHDRAWAL_ACTION, WITHDRAWAL_REASON } from '../db/defaults.ts';
import { orderLines, orders, returnActions, returnReasons, returns, withdrawalDecisions, withdrawals } from '../db/schema.ts';
import type { Actor, ServiceContext, StaffActor } from '../deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { queueWithdrawalReceived } from '../outbound/webhooks.ts';
import { createReturn } from '../returns/service.ts';
import { returnableQuantity } from '../returns/rules.ts';
import { getSettings, type ShopSettings } from '../settings/views.ts';
import { queueAcknowledgement, queueClosingNote } from './notices.ts';
import { withinPeriod, type UnmatchedReason } from './rules.ts';

type Statement = typeof withdrawals.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

/** A reference the consumer can quote: `W-` and 10 random base-32 characters. */
function newReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return `W-${[...randomBytes(10)].map((b) => alphabet[b % 32]).join('')}`;
}

export const refuseWhenOff = (settings: ShopSettings) => {
  if (!settings.withdrawalEnabled) throw new ApiError(404, 'withdrawal_disabled', 'The shop does not offer the withdrawal function here.');
};

type MatchResult =
  { kind: 'matched'; order: OrderRow; returnId: number } | { kind: 'unmatched'; reason: UnmatchedReason; order: OrderRow | null };

/**
 * Lines and units of the withdrawal's return, read with the order locked: the owner's choice (capped to
 * what is still free), or every unit still free on the order.
 */
async function unitsToReturn(tx: Db, order: OrderRow, statement: Statement) {
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const ownerChose = statement.customerId !== null && statement.customerId === order.customerId && statement.lines.length > 0;
  const wanted = ownerChose
    ? statement.lines.map((c) => ({ line: lines.find((l) => l.id === c.orderLineId), quantity: c.quantity }))
    : lines.map((l) => ({ line: l, quantity: l.quantity }));
  return wanted
    .filter((w): w is { line: (typeof lines)[number]; quantity: number } => w.line !== undefined)
    .map((w) => ({ orderLineId: w.line.id, quantity: Math.min(w.quantity, returnableQuantity(w.line)) }))
    .filter((w) => w.quantity > 0);
}

/** The ids of the withdrawal reason and action (rows every shop has, see db/defaults.ts). */
async function withdrawalCatalog(tx: Db) {
  const [reason] = await tx.select({ id: returnReasons.id }).from(returnReasons).where(eq(returnReasons.code, WITHDRAWAL_REASON.code));
  const [action] = await tx.select({ id: returnActions.id }).from(returnActions).where(eq(returnActions.code, WITHDRAWAL_ACTION.code));
  if (!reason || !action) throw new Error('the withdrawal reason and action are missing (ensureDefaults)');
  return { reasonId: reason.id, actionId: action.id };
}

/**
 * Makes the withdrawal's return on `order` through createReturn (the same lock, checks and unit
 * reservation as any return), in a savepoint: when it cannot (nothing left to return), the statement
 * stays stored and only the return is undone. Answers the return id, or null.
 */
async function returnFor(tx: Db, actor: Actor, order: OrderRow, statement: Statement, ctx: ServiceContext): Promise<number | null> {
  return tx.transaction(async (sp) => {
    // The order's lock first (createReturn takes it again), so the units read below cannot change.
    await sp.select({ id: orders.id }).from(orders).where(eq(orders.id, order.id)).for('update');
    const units = await unitsToReturn(sp, order, statement);
    if (units.length === 0) return null;
    const { reasonId, actionId } = await withdrawalCatalog(sp);
    try {
      return await sp.transaction((inner) =>
        createReturn(
          inner,
          actor,
          { orderNumber: order.number, lines: units.map((u) => ({ ...u, reasonId, actionId })) },
          ctx,
          actor.type === 'staff' ? { state: 'requested', override: true, staffNote: '', notify: false } : undefined,
          { withdrawalId: statement.id }
        )
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) return null;
      throw err;
    }
  });
}

/** The order a statement names, when its email is the order's: otherwise, as if there were none. */
async function orderNamed(tx: Db, statement: Statement): Promise<OrderRow | null> {
  const [order] = await tx.select().from(orders).where(eq(orders.number, statement.orderNumber)).limit(1);
  return order && order.email === statement.email ? order : null;
}

async function matchStatement(tx: Db, statement: Statement, settings: ShopSettings, ctx: ServiceContext): Promise<MatchResult> {
  const order = await orderNamed(tx, statement);
  if (!order) return { kind: 'unmatched', reason: 'no_order', order: null };
  const period = withinPeriod(order, settings, statement.submittedAt);
  if (period !== 'within') return { kind: 'unmatched', reason: period, order };
  const returnId = await returnFor(tx, { type: 'customer', id: order.customerId }, order, statement, ctx);
  if (returnId === null) return { kind: 'unmatched', reason: 'nothing_returnable', order };
  return { kind: 'matched', order, returnId };
}

async function returnNumberOf(tx: Db, returnId: number | null): Promise<string | null> {
  if (returnId === null) return null;
  const [row] = await tx.select({ number: returns.number }).from(returns).where(eq(returns.id, returnId));
  return row?.number ?? null;
}

/**
 * Stores a withdrawal statement exactly as submitted, queues its acknowledgement at once, then
 * matches it to an order (same number and email, within its period) and makes its return; otherwise
 * it waits for staff in "Withdrawals to match". One transaction: stored, acknowledged and matched
 * together. The answer is the same whatever the matching found.
 */
export async function submitWithdrawal(
  db: Db,
  input: WithdrawalInput,
  from: { address: string; customerId: number | null },
  ctx: ServiceContext
): Promise<{ reference: string; submittedAt: string }> {
  return db.transaction(async (tx) => {
    const settings = await getSettings(tx);
    refuseWhenOff(settings);
    const [statement] = await tx
      .insert(withdrawals)
      .values({
        reference: newReference(),
        name: input.name,
        email: input.email,
        orderNumber: input.orderNumber,
        items: input.items ?? '',
        // Kept as sent; lines count for matching only when the signed-in owner sent them.
        lines: input.lines ?? [],
        customerId: from.customerId,
        locale: input.locale,
        clientAddress: from.address,
        submittedAt: ctx.now
      })
      .returning();
    const s = statement!;
    const actor: AuditActor = from.customerId === null ? { type: 'system', id: null } : { type: 'customer', id: from.customerId };
    await writeAudit(tx, actor, { entity: 'withdrawal', entityId: s.reference, action: 'submitted', changes: {}, now: ctx.now });

    const chosen = await chosenByName(tx, s);
    await queueAcknowledgement(tx, { ...s, locale: s.locale as Locale, chosen }, settings, ctx.now);

    const match = await matchStatement(tx, s, settings, ctx);
    await tx.insert(withdrawalDecisions).values({
      withdrawalId: s.id,
      kind: match.kind,
      reason: match.kind === 'unmatched' ? match.reason : null,
      orderId: match.order?.id ?? null,
      returnId: match.kind === 'matched' ? match.returnId : null,
      createdAt: ctx.now
    });
    await writeAudit(
      tx,
      { type: 'system', id: null },
      {
        entity: 'withdrawal',
        entityId: s.reference,
        action: match.kind,
        changes: match.kind === 'matched' ? { order: match.order.number } : { reason: match.reason },
        ...(match.kind === 'matched' ? { returnId: match.returnId } : {}),
        now: ctx.now
      }
    );
    if (ctx.webhooks) {
      await queueWithdrawalReceived(
        tx,
        {
          reference: s.reference,
          submittedAt: s.submittedAt.toISOString(),
          statement: { name: s.name, email: s.email, orderNumber: s.orderNumber, items: s.items, lines: s.lines, locale: s.locale },
          matchedOrderNumber: match.kind === 'matched' ? match.order.number : null,
          returnNumber: match.kind === 'matched' ? await returnNumberOf(tx, match.returnId) : null
        },
        ctx.now
      );
    }
    return { reference: s.reference, submittedAt: s.submittedAt.toISOString() };
  });
}

/**
 * The chosen lines for the acknowledgement: by product name when the signed-in owner chose lines of
 * their order, else by line number as sent (an order's contents are never mailed to anyone else).
 */
async function chosenByName(tx: Db, s: Statement) {
  if (s.lines.length === 0) return [];
  const [order] =
    s.customerId === null
      ? []
      : await tx
          .select({ id: orders.id })
          .from(orders)
          .where(and(eq(orders.number, s.orderNumber), eq(orders.customerId, s.customerId)));
  const rows = order
    ? await tx
        .select({ id: orderLines.id, name: orderLines.productName })
        .from(orderLines)
        .where(
          and(
            eq(orderLines.orderId, order.id),
            inArray(
              orderLines.id,
              s.lines.map((l) => l.orderLineId)
            )
          )
        )
    : [];
  return s.lines.map((l) => ({ name: rows.find((r) => r.id === l.orderLineId)?.name ?? `#${l.orderLineId}`, quantity: l.quantity }));
}

/** The statement, locked against a second decision, refusing one that already has its final decision. */
async function openStatement(tx: Db, id: number): Promise<Statement> {
  const [s] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
  if (!s) throw notFound('No such withdrawal.');
  const [final] = await tx
    .select({ kind: withdrawalDecisions.kind })
    .from(withdrawalDecisions)
    .where(and(eq(withdrawalDecisions.withdrawalId, id), inArray(withdrawalDecisions.kind, ['matched', 'attached', 'closed'])));
  if (final) throw new ApiError(409, 'withdrawal_decided', 'This withdrawal was already matched or closed.');
  return s;
}

/**
 * Staff attach a waiting statement to an order (any order: they judged it is the one, in period or
 * not) and its return is made on every unit still free. Audited with who did it.
 */
export async function attachWithdrawal(db: Db, actor: StaffActor, id: number, orderNumber: string, ctx: ServiceContext) {
  return db.transaction(async (tx) => {
    const s = await openStatement(tx, id);
    const [order] = await tx.select().from(orders).where(eq(orders.number, orderNumber)).limit(1);
    if (!order) throw new ApiError(422, 'unknown_order', 'No order has this number.', { fields: { orderNumber: 'unknown_order' } });
    const returnId = await returnFor(tx, actor, order, s, ctx);
    if (returnId === null) {
      throw new ApiError(422, 'nothing_returnable', 'Every unit of this order is already on a return or not delivered.', {
        fields: { orderNumber: 'nothing_returnable' }
      });
    }
    await tx
      .insert(withdrawalDecisions)
      .values({ withdrawalId: s.id, kind: 'attached', orderId: order.id, returnId, staffId: actor.id, createdAt: ctx.now });
    await writeAudit(tx, actor, {
      entity: 'withdrawal',
      entityId: s.reference,
      action: 'attached',
      changes: { order: order.number },
      returnId,
      now: ctx.now
    });
    return { returnNumber: (await returnNumberOf(tx, returnId))! };
  });
}

/** Staff close a waiting statement with a note, emailed to the consumer in the statement's language. Audited. */
export async function closeWithdrawal(db: Db, actor: StaffActor, id: number, note: string, ctx: ServiceContext) {
  return db.transaction(async (tx) => {
    const s = await openStatement(tx, id);
    const settings = await getSettings(tx);
    await tx.insert(withdrawalDecisions).values({ withdrawalId: s.id, kind: 'closed', note, staffId: actor.id, createdAt: ctx.now });
    await writeAudit(tx, actor, { entity: 'withdrawal', entityId: s.reference, action: 'closed', changes: { note }, now: ctx.now });
    await queueClosingNote(tx, { ...s, locale: s.locale as Locale, note }, settings, ctx.now);
  });
}
