import { and, asc, eq, sql } from 'drizzle-orm';
import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import { canMove, FINAL_STATES, RELEASED_STATES, type ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import {
  auditEvents,
  customers,
  idempotencyKeys,
  orderLines,
  orders,
  returnActions,
  returnLines,
  returnReasons,
  returns,
  shopSettings,
  stockMovements,
  variants
} from '../db/schema.ts';
import { ApiError, notFound, type FieldErrors } from '../http/errors.ts';
import type { Idempotency } from '../http/idempotency.ts';
import { queueReturnCreated, queueReturnStateChanged, queueStockAdjusted } from '../integrations/webhooks.ts';
import { queueReturnStateEmail, queueShopNewRequestEmail } from '../notifications/outbox.ts';
import { blockedReason, returnableQuantity, type BlockedReason } from './rules.ts';

export type Actor = { type: 'customer'; id: number } | { type: 'staff'; id: number; role: 'staff' | 'admin' };

/** What only staff may add when creating a return for a customer. */
export type StaffCreateExtras = {
  state: ReturnState;
  /** Accept lines outside the window or on final sale; recorded in the audit trail. */
  override: boolean;
  staffNote: string;
  notify: boolean;
  /** Per order-line restock decision, used when the return starts at `received`. */
  restock?: Record<string, boolean>;
};

export type CreateResult = { status: number; body: unknown; replayed: boolean };

const OVERRIDABLE: readonly BlockedReason[] = ['window_passed', 'final_sale'];

/** States at or past the parcel's arrival: a return starting in one decides restock at creation. */
const RECEIVED_STATES: readonly ReturnState[] = ['received', 'items_needed'];

const lineRefusal = (fields: FieldErrors) => new ApiError(422, 'return_not_allowed', 'Some lines cannot be returned as asked.', { fields });

async function readSettings(tx: Db) {
  const [s] = await tx.select().from(shopSettings).where(eq(shopSettings.id, 1)).limit(1);
  if (!s) throw new Error('shop settings row missing');
  return s;
}

/**
 * Creates a return in one transaction with its audit row (and email when asked).
 * The order row is locked first, so concurrent requests on one order run one after the other;
 * the conditional update of units_on_returns and its CHECK are the second and third lines of defence.
 */
export async function createReturn(
  db: Db,
  actor: Actor,
  input: CreateReturnInput,
  opts: {
    now: Date;
    publicUrl: URL;
    customerId?: number;
    idempotency?: Idempotency;
    staff?: StaffCreateExtras;
    buildBody: (tx: Db, id: number) => Promise<unknown>;
    webhooks?: boolean;
  }
): Promise<CreateResult> {
  return db.transaction(async (tx) => {
    const scope = `${actor.type}:${actor.id}`;
    if (opts.idempotency) {
      // Same key in flight elsewhere: this insert waits for it, then finds its row.
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({ scope, key: opts.idempotency.key, requestHash: opts.idempotency.requestHash, createdAt: opts.now })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length === 0) {
        const [prior] = await tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, opts.idempotency.key)));
        if (!prior || prior.requestHash !== opts.idempotency.requestHash) {
          throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
        }
        if (prior.status === null) throw new ApiError(409, 'idempotency_in_progress', 'The same request is still being processed.');
        return { status: prior.status, body: prior.body, replayed: true };
      }
    }

    const orderWhere =
      actor.type === 'customer'
        ? and(eq(orders.number, input.orderNumber), eq(orders.customerId, actor.id))
        : eq(orders.number, input.orderNumber);
    const [order] = await tx.select().from(orders).where(orderWhere).for('update');
    if (!order) throw notFound('No such order.');

    const settings = await readSettings(tx);
    if (actor.type === 'customer' && !settings.returnsAllowed) {
      throw new ApiError(403, 'returns_disabled', 'The shop does not accept return requests at the moment.');
    }

    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    const reasons = await tx.select().from(returnReasons).where(eq(returnReasons.active, true));
    const actions = await tx.select().from(returnActions).where(eq(returnActions.active, true));
    const override = actor.type === 'staff' && (opts.staff?.override ?? false);

    const fields: FieldErrors = {};
    const overridden: { orderLineId: number; reason: string }[] = [];
    input.lines.forEach((req, i) => {
      const line = lines.find((l) => l.id === req.orderLineId);
      if (!line) {
        fields[`lines.${i}.orderLineId`] = 'unknown_line';
        return;
      }
      const blocked = blockedReason(order, line, settings.windowDays, opts.now);
      if (blocked && blocked !== 'all_on_returns') {
        // Staff may override the window and final sale (recorded), never "not delivered yet".
        if (override && OVERRIDABLE.includes(blocked)) overridden.push({ orderLineId: line.id, reason: blocked });
        else fields[`lines.${i}.orderLineId`] = blocked;
      }
      if (req.quantity > returnableQuantity(line)) fields[`lines.${i}.quantity`] = 'exceeds_returnable';
      const reason = reasons.find((r) => r.id === req.reasonId);
      if (!reason) fields[`lines.${i}.reasonId`] = 'invalid_reason';
      else if (reason.needsText && !req.reasonText) fields[`lines.${i}.reasonText`] = 'reason_text_required';
      if (!actions.some((a) => a.id === req.actionId)) fields[`lines.${i}.actionId`] = 'invalid_action';
    });
    if (Object.keys(fields).length) throw lineRefusal(fields);
    const state: ReturnState = opts.staff?.state ?? 'requested';
    const restockInput = opts.staff?.restock ?? {};
    if (Object.keys(restockInput).length && !RECEIVED_STATES.includes(state)) {
      throw new ApiError(422, 'restock_not_now', 'Restock is decided when the return reaches Items received.', {
        fields: { restock: 'restock_not_now' }
      });
    }
    for (const key of Object.keys(restockInput)) {
      if (!input.lines.some((l) => String(l.orderLineId) === key)) {
        throw new ApiError(400, 'invalid_request', 'Restock names a line that is not on this return.', {
          fields: { [`restock.${key}`]: 'unknown_line' }
        });
      }
    }

    // Reserve the units atomically, in id order (the same order as every other writer: no deadlock); a concurrent writer that got there first makes this match no row.
    for (const [i, req] of [...input.lines.entries()].sort(([, a], [, b]) => a.orderLineId - b.orderLineId)) {
      const updated = await tx
        .update(orderLines)
        .set({ unitsOnReturns: sql`${orderLines.unitsOnReturns} + ${req.quantity}` })
        .where(and(eq(orderLines.id, req.orderLineId), sql`${orderLines.unitsOnReturns} + ${req.quantity} <= ${orderLines.quantity}`))
        .returning({ id: orderLines.id });
      if (updated.length === 0) throw lineRefusal({ [`lines.${i}.quantity`]: 'exceeds_returnable' });
    }

    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(returns)
      .where(eq(returns.orderId, order.id))) as [{ n: number }];
    const [created] = await tx
      .insert(returns)
      .values({
        number: `R-${order.number}-${n + 1}`,
        orderId: order.id,
        customerId: order.customerId,
        state,
        createdByStaffId: actor.type === 'staff' ? actor.id : null,
        customerComment: input.comment ?? '',
        staffNote: opts.staff?.staffNote ?? '',
        createdAt: opts.now,
        updatedAt: opts.now
      })
      .returning();
    const insertedLines = await tx
      .insert(returnLines)
      .values(
        input.lines.map((l) => ({
          returnId: created!.id,
          orderLineId: l.orderLineId,
          quantity: l.quantity,
          reasonId: l.reasonId,
          reasonText: reasons.find((r) => r.id === l.reasonId)?.needsText ? (l.reasonText ?? null) : null,
          actionId: l.actionId
        }))
      )
      .returning();
    if (opts.webhooks) await queueReturnCreated(tx, created!.id, opts.now);

    let restocked: Record<string, boolean> | undefined;
    if (RECEIVED_STATES.includes(state)) {
      const byReturnLine = Object.fromEntries(
        insertedLines.map((l) => [String(l.id), restockInput[String(l.orderLineId)]]).filter(([, v]) => v !== undefined)
      );
      restocked = await applyRestock(tx, created!.id, byReturnLine, settings.inventoryLinkedToPos, opts.now, opts.webhooks);
    }

    await tx.insert(auditEvents).values({
      entity: 'return',
      entityId: created!.number,
      returnId: created!.id,
      action: 'created',
      actorType: actor.type,
      actorId: actor.id,
      changes: {
        state: [null, state],
        lines: input.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity, reasonId: l.reasonId, actionId: l.actionId })),
        ...(overridden.length ? { override: overridden } : {}),
        ...(restocked ? { restock: restocked } : {})
      },
      createdAt: opts.now
    });
    if (opts.staff?.notify) await notifyCustomer(tx, created!.id, opts.publicUrl, opts.now);
    if (actor.type === 'customer') {
      // The shopper gets "request received" in their language; the shop's service address is told too.
      await notifyCustomer(tx, created!.id, opts.publicUrl, opts.now);
      await queueShopNewRequestEmail(tx, {
        to: settings.contactEmail,
        returnNumber: created!.number,
        orderNumber: order.number,
        customerEmail: order.email,
        lines: input.lines.map((l) => ({
          name: lines.find((ol) => ol.id === l.orderLineId)!.productName,
          quantity: l.quantity,
          reason: reasons.find((r) => r.id === l.reasonId)!.labelEn + (l.reasonText ? `: ${l.reasonText}` : '')
        })),
        comment: input.comment ?? '',
        publicUrl: opts.publicUrl,
        now: opts.now
      });
    }

    const body = await opts.buildBody(tx, created!.id);
    if (opts.idempotency) {
      await tx
        .update(idempotencyKeys)
        .set({ status: 201, body })
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, opts.idempotency.key)));
    }
    return { status: 201, body, replayed: false };
  });
}

/**
 * Decides restock for each line of a return reaching `received`: the given decision, else the
 * reason's default; never with point-of-sale inventory. Each restocked line writes one stock
 * movement (unique per return line) and raises the variant's stock by the same units, once.
 */
async function applyRestock(
  tx: Db,
  returnId: number,
  decisions: Record<string, boolean>,
  posLinked: boolean,
  now: Date,
  webhooks = false
): Promise<Record<string, boolean>> {
  if (posLinked && Object.values(decisions).some(Boolean)) {
    throw new ApiError(422, 'restock_unavailable', 'Stock cannot be updated here: the inventory is linked to a point of sale.', {
      fields: { restock: 'restock_unavailable' }
    });
  }
  const lines = await tx
    .select({
      id: returnLines.id,
      quantity: returnLines.quantity,
      restockDefault: returnReasons.restockDefault,
      variantId: orderLines.variantId,
      movementId: stockMovements.id
    })
    .from(returnLines)
    .innerJoin(returnReasons, eq(returnReasons.id, returnLines.reasonId))
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .leftJoin(stockMovements, eq(stockMovements.returnLineId, returnLines.id))
    .where(eq(returnLines.returnId, returnId))
    // Variants are updated in id order, like every other writer, so two saves cannot deadlock.
    .orderBy(asc(orderLines.variantId), asc(returnLines.id));
  for (const key of Object.keys(decisions)) {
    if (!lines.some((l) => String(l.id) === key)) {
      throw new ApiError(400, 'invalid_request', 'Restock names a line that is not on this return.', {
        fields: { [`restock.${key}`]: 'unknown_line' }
      });
    }
  }
  const result: Record<string, boolean> = {};
  for (const line of lines) {
    // Units that already went back (a reopened return received again) stay restocked: stock is not taken back.
    const restock =
      line.movementId !== null || (!posLinked && line.variantId !== null && (decisions[String(line.id)] ?? line.restockDefault));
    result[String(line.id)] = restock;
    await tx.update(returnLines).set({ restock }).where(eq(returnLines.id, line.id));
    if (!restock) continue;
    const moved = await tx
      .insert(stockMovements)
      .values({ returnLineId: line.id, variantId: line.variantId!, quantity: line.quantity, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: stockMovements.id });
    if (moved.length) {
      await tx
        .update(variants)
        .set({ stockOnHand: sql`${variants.stockOnHand} + ${line.quantity}` })
        .where(eq(variants.id, line.variantId!));
      if (webhooks) await queueStockAdjusted(tx, line.id, now);
    }
  }
  return result;
}

/** Queues the state email for the return's customer, in their language. */
async function notifyCustomer(tx: Db, returnId: number, publicUrl: URL, now: Date): Promise<void> {
  const [row] = await tx
    .select({ ret: returns, order: orders, customer: customers })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(eq(returns.id, returnId));
  if (!row) return;
  await queueReturnStateEmail(tx, {
    to: row.order.email,
    locale: row.customer.locale,
    firstName: row.customer.firstName,
    orderNumber: row.order.number,
    returnNumber: row.ret.number,
    state: row.ret.state as ReturnState,
    message: row.ret.customerMessage,
    publicUrl,
    now
  });
}

/** Gives the units of a return back to (or takes them again from) its order lines. */
async function moveUnits(tx: Db, returnId: number, direction: 'release' | 'reserve'): Promise<void> {
  const lines = await tx.select().from(returnLines).where(eq(returnLines.returnId, returnId)).orderBy(asc(returnLines.orderLineId));
  for (const line of lines) {
    const delta = direction === 'release' ? -line.quantity : line.quantity;
    const updated = await tx
      .update(orderLines)
      .set({ unitsOnReturns: sql`${orderLines.unitsOnReturns} + ${delta}` })
      .where(and(eq(orderLines.id, line.orderLineId), sql`${orderLines.unitsOnReturns} + ${delta} between 0 and ${orderLines.quantity}`))
      .returning({ id: orderLines.id });
    if (updated.length === 0) {
      throw new ApiError(422, 'units_no_longer_available', 'These units are now on another return; this one cannot be reopened.');
    }
  }
}

export type UpdateInput = {
  version: number;
  state?: ReturnState;
  staffNote?: string;
  customerMessage?: string;
  /** Per return-line restock decision; only when the return moves to `received`. */
  restock?: Record<string, boolean>;
  notify?: boolean;
};

/**
 * Saves a staff member's changes to a return, or a shopper's cancel: optimistic locking on
 * `version`, only allowed moves, restock when reaching `received`, units released when a return
 * ends rejected/cancelled, one audit row with before/after, the email when asked.
 */
export async function updateReturn(
  db: Db,
  actor: Actor,
  number: string,
  input: UpdateInput,
  opts: { now: Date; publicUrl: URL; webhooks?: boolean }
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const where =
      actor.type === 'customer' ? and(eq(returns.number, number), eq(returns.customerId, actor.id)) : eq(returns.number, number);
    const [current] = await tx.select().from(returns).where(where).for('update');
    if (!current) throw notFound('No such return.');
    if (current.version !== input.version) {
      throw new ApiError(409, 'stale_return', 'Someone else saved this return after you opened it.', {
        fields: { version: String(current.version) }
      });
    }
    const from = current.state as ReturnState;
    const to = input.state ?? from;
    const changes: Record<string, [unknown, unknown]> = {};
    if (to !== from) {
      const reopen = FINAL_STATES.includes(from) && to === 'in_progress' && actor.type === 'staff' && actor.role === 'admin';
      const shopperCancel = actor.type === 'customer' && from === 'requested' && to === 'cancelled';
      if (actor.type === 'customer' ? !shopperCancel : !(canMove(from, to) || reopen)) {
        throw new ApiError(422, 'illegal_transition', `A return cannot move from ${from} to ${to}.`, {
          fields: { state: `${from}->${to}` }
        });
      }
      if (RELEASED_STATES.includes(to) || RELEASED_STATES.includes(from)) {
        // Units move: take the order's lock first, as creating a return does (same lock order everywhere).
        await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, current.orderId)).for('update');
      }
      if (RELEASED_STATES.includes(to)) await moveUnits(tx, current.id, 'release');
      if (RELEASED_STATES.includes(from)) await moveUnits(tx, current.id, 'reserve');
      changes.state = [from, to];
      if (opts.webhooks) await queueReturnStateChanged(tx, current.id, from, to, opts.now);
    }
    if (input.restock && Object.keys(input.restock).length && !(to === 'received' && from !== 'received')) {
      throw new ApiError(422, 'restock_not_now', 'Restock is decided when the return moves to Items received.', {
        fields: { restock: 'restock_not_now' }
      });
    }
    if (to === 'received' && from !== 'received') {
      const settings = await readSettings(tx);
      changes.restock = [
        null,
        await applyRestock(tx, current.id, input.restock ?? {}, settings.inventoryLinkedToPos, opts.now, opts.webhooks)
      ];
    }
    if (input.staffNote !== undefined && input.staffNote !== current.staffNote) changes.staffNote = [current.staffNote, input.staffNote];
    if (input.customerMessage !== undefined && input.customerMessage !== current.customerMessage) {
      changes.customerMessage = [current.customerMessage, input.customerMessage];
    }
    if (Object.keys(changes).length === 0 && !input.notify) return { id: current.id };

    await tx
      .update(returns)
      .set({
        state: to,
        staffNote: input.staffNote ?? current.staffNote,
        customerMessage: input.customerMessage ?? current.customerMessage,
        version: current.version + 1,
        updatedAt: opts.now
      })
      .where(eq(returns.id, current.id));
    await tx.insert(auditEvents).values({
      entity: 'return',
      entityId: current.number,
      returnId: current.id,
      action: to !== from && FINAL_STATES.includes(from) ? 'reopened' : 'updated',
      actorType: actor.type,
      actorId: actor.id,
      changes: { ...changes, ...(input.notify ? { notified: [false, true] } : {}) },
      createdAt: opts.now
    });
    if (input.notify) await notifyCustomer(tx, current.id, opts.publicUrl, opts.now);
    return { id: current.id };
  });
}

/** The state changes of a return, oldest first, from its audit trail. */
export async function timelineOf(db: Db, returnId: number): Promise<{ state: ReturnState; at: string }[]> {
  const events = await db
    .select({ changes: auditEvents.changes, at: auditEvents.createdAt })
    .from(auditEvents)
    .where(eq(auditEvents.returnId, returnId))
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return events
    .filter((e) => Array.isArray((e.changes as { state?: unknown }).state))
    .map((e) => ({ state: (e.changes as { state: [unknown, ReturnState] }).state[1], at: e.at.toISOString() }));
}
