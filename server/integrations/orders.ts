import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { customers, orderLines, orders, returnLines, returns } from '../db/schema.ts';
import { ApiError, type FieldErrors } from '../http/errors.ts';
import { runOnce } from '../http/idempotency.ts';
import { lastSignedPush } from '../audit/trail.ts';
import { writeAudit } from '../audit/write.ts';
import { ensureCustomer, ensureVariants } from './pushed-rows.ts';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export type UpsertResult = { outcome: UpsertOutcome; number: string };

/** Largest order total the database holds (a 32-bit integer of cents). */
const MAX_TOTAL_CENTS = 2_147_483_647;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const lineValues = (orderId: number, l: PushedOrder['lines'][number], position: number, variantId: number | undefined) => ({
  orderId,
  variantId: variantId ?? null,
  position,
  productName: l.name,
  variantLabel: l.variant ?? null,
  sku: l.sku,
  imageUrl: l.imageUrl ?? null,
  unitPriceCents: l.unitPriceCents,
  quantity: l.quantity,
  finalSale: l.finalSale ?? false
});

/**
 * Creates or updates one order pushed by the shop, in one transaction: its customer (by email,
 * a guest without password when new), the order (by number), its lines (by sku) and the catalog
 * rows the lines point at. A line on a return is never dropped, and its quantity never goes
 * below the units on returns (422 `order_not_updatable` naming each). An audit row records
 * what changed; pushing the same order again changes nothing and writes nothing.
 */
export async function upsertOrder(db: Db, input: PushedOrder, opts: UpsertOptions): Promise<UpsertResult> {
  const total = orderTotal(input);
  return db.transaction((tx) => upsertInTransaction(tx, input, total, opts));
}

type UpsertOptions = {
  now: Date;
  via: 'api' | 'import';
  /** The signed timestamp of a push: an older push than the last applied one is refused. */ signedAt?: Date;
};

function orderTotal(input: PushedOrder): number {
  const total = input.lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  if (total > MAX_TOTAL_CENTS) {
    throw new ApiError(400, 'invalid_request', 'The order total is too large.', { fields: { lines: 'total_too_big' } });
  }
  return total;
}

/** Scope in `idempotency_keys` of the signatures of applied pushes (key: the v1 hex). */
const PUSH_SIGNATURE_SCOPE = 'push-signature';

const pushReplayed = () => new ApiError(409, 'push_replayed', 'This signed request was already received.');

/**
 * `POST /api/integrations/orders`: the upsert, once per signed request. The signature (its v1 hex)
 * is remembered with the answer in the same transaction; the same signed request again gets the
 * first answer back (`replayed`) and is not applied again, so a captured push cannot revert newer data.
 */
export async function pushOrder(db: Db, input: PushedOrder, opts: { now: Date; signature: string; bodyHash: string; signedAt: Date }) {
  const total = orderTotal(input);
  const once = { scope: PUSH_SIGNATURE_SCOPE, key: opts.signature, requestHash: opts.bodyHash, now: opts.now };
  return db.transaction((tx) =>
    runOnce(
      tx,
      once,
      async () => {
        const result = await upsertInTransaction(tx, input, total, { now: opts.now, via: 'api', signedAt: opts.signedAt });
        return { status: result.outcome === 'created' ? 201 : 200, body: { order: { number: result.number }, result: result.outcome } };
      },
      pushReplayed
    )
  );
}

/** The audit row of a created or updated order: how it came (push or import) and when a push was signed. */
async function auditOrder(tx: Db, number: string, action: 'created' | 'updated', opts: UpsertOptions, changes: Record<string, unknown>) {
  await writeAudit(
    tx,
    { type: 'system', id: null },
    {
      entity: 'order',
      entityId: number,
      action,
      changes: { via: opts.via, ...(opts.signedAt ? { signedAt: opts.signedAt.toISOString() } : {}), ...changes },
      now: opts.now
    }
  );
}

async function upsertInTransaction(tx: Db, input: PushedOrder, total: number, opts: UpsertOptions): Promise<UpsertResult> {
  const customer = await ensureCustomer(tx, input.customer, opts.now);
  const fields = {
    customerId: customer.id,
    email: input.customer.email,
    status: input.status,
    currency: input.currency,
    totalCents: total,
    placedAt: input.placedAt,
    deliveredAt: input.deliveredAt ?? null,
    shippingCents: input.shippingCents ?? null
  };
  const variantIds = await ensureVariants(tx, input.lines);

  // The order row is the lock every returns writer takes first: pushes and return requests on one order run one after the other.
  let [order] = await tx.select().from(orders).where(eq(orders.number, input.number)).for('update');
  if (!order) {
    const [inserted] = await tx
      .insert(orders)
      .values({ number: input.number, ...fields, createdAt: opts.now, updatedAt: opts.now })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      await tx.insert(orderLines).values(input.lines.map((l, i) => lineValues(inserted.id, l, i, variantIds.get(l.sku))));
      await auditOrder(tx, inserted.number, 'created', opts, {
        customer: { email: input.customer.email, created: customer.created },
        status: [null, input.status],
        ...(fields.shippingCents !== null ? { shippingCents: [null, fields.shippingCents] } : {}),
        lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))
      });
      return { outcome: 'created' as const, number: inserted.number };
    }
    // Another push created it a moment ago: update it like any existing order.
    [order] = await tx.select().from(orders).where(eq(orders.number, input.number)).for('update');
  }
  const current = order!;

  if (opts.signedAt) {
    // The push is the order's whole state: one signed before the last applied one would bring back older data.
    const last = await lastSignedPush(tx, current.number);
    if (last && opts.signedAt.toISOString() < last) {
      throw new ApiError(
        409,
        'stale_push',
        'A push signed later than this one was already applied to this order: push its current state again.',
        {
          fields: { 'Reprise-Signature': 'older_than_last_push' }
        }
      );
    }
  }

  const existing = await tx.select().from(orderLines).where(eq(orderLines.orderId, current.id)).orderBy(asc(orderLines.id));
  if (new Set(existing.map((l) => l.sku)).size !== existing.length) {
    throw new ApiError(422, 'order_not_updatable', 'This order has several lines with the same sku, so a push cannot tell them apart.', {
      fields: { lines: 'duplicate_stored_sku' }
    });
  }
  const onReturns = new Set(
    existing.length
      ? (
          await tx
            .selectDistinct({ id: returnLines.orderLineId })
            .from(returnLines)
            .where(
              inArray(
                returnLines.orderLineId,
                existing.map((l) => l.id)
              )
            )
        ).map((r) => r.id)
      : []
  );
  const refusals: FieldErrors = {};
  if (current.customerId !== customer.id) {
    const [hasReturn] = await tx.select({ id: returns.id }).from(returns).where(eq(returns.orderId, current.id)).limit(1);
    const [owner] = await tx.select({ passwordHash: customers.passwordHash }).from(customers).where(eq(customers.id, current.customerId));
    // An order is never moved silently from one account (a customer with a password) to another.
    if (hasReturn) refusals['customer.email'] = 'order_has_returns';
    else if (owner?.passwordHash) refusals['customer.email'] = 'order_belongs_to_account';
  }
  input.lines.forEach((l, i) => {
    const line = existing.find((e) => e.sku === l.sku);
    if (!line) return;
    if (l.quantity < line.unitsOnReturns) refusals[`lines.${i}.quantity`] = 'below_units_on_returns';
    // Open returns show and refund what the line says: its price, name and final-sale flag stay as they are.
    if (line.unitsOnReturns > 0) {
      if (l.unitPriceCents !== line.unitPriceCents) refusals[`lines.${i}.unitPriceCents`] = 'line_on_return';
      if (l.name !== line.productName) refusals[`lines.${i}.name`] = 'line_on_return';
      if ((l.finalSale ?? false) !== line.finalSale) refusals[`lines.${i}.finalSale`] = 'line_on_return';
    }
  });
  if (existing.some((l) => l.unitsOnReturns > 0)) {
    if (fields.currency !== current.currency) refusals.currency = 'order_has_units_on_returns';
    if (current.status === 'delivered' && (fields.status === 'placed' || fields.status === 'shipped'))
      refusals.status = 'order_has_units_on_returns';
    if (current.deliveredAt && !fields.deliveredAt) refusals.deliveredAt = 'order_has_units_on_returns';
  }
  // Shipping already refunded on the order's returns stays covered by the order's shipping amount.
  if (current.shippingRefundedCents > (fields.shippingCents ?? 0)) refusals.shippingCents = 'below_shipping_refunded';
  const removed = existing.filter((e) => !input.lines.some((l) => l.sku === e.sku));
  for (const line of removed) if (onReturns.has(line.id)) refusals[`removedLines.${line.sku}`] = 'line_on_return';
  if (Object.keys(refusals).length) {
    throw new ApiError(422, 'order_not_updatable', 'This update would take away units, lines or shipping that are on returns.', {
      fields: refusals
    });
  }

  const changes: Record<string, unknown> = {};
  const before = {
    customerId: current.customerId,
    email: current.email,
    status: current.status,
    currency: current.currency,
    totalCents: current.totalCents,
    placedAt: iso(current.placedAt),
    deliveredAt: iso(current.deliveredAt),
    shippingCents: current.shippingCents
  };
  const after = {
    customerId: fields.customerId,
    email: fields.email,
    status: fields.status,
    currency: fields.currency,
    totalCents: fields.totalCents,
    placedAt: iso(fields.placedAt),
    deliveredAt: iso(fields.deliveredAt),
    shippingCents: fields.shippingCents
  };
  for (const key of Object.keys(before) as (keyof typeof before)[])
    if (before[key] !== after[key]) changes[key] = [before[key], after[key]];

  const added: string[] = [];
  const changedLines: Record<string, Record<string, [unknown, unknown]>> = {};
  for (const [i, l] of input.lines.entries()) {
    const line = existing.find((e) => e.sku === l.sku);
    const values = lineValues(current.id, l, i, variantIds.get(l.sku));
    if (!line) {
      await tx.insert(orderLines).values(values);
      added.push(l.sku);
      continue;
    }
    const diff: Record<string, [unknown, unknown]> = {};
    for (const key of [
      'variantId',
      'position',
      'productName',
      'variantLabel',
      'imageUrl',
      'unitPriceCents',
      'quantity',
      'finalSale'
    ] as const) {
      if (line[key] !== values[key]) diff[key] = [line[key], values[key]];
    }
    if (Object.keys(diff).length === 0) continue;
    const updated = await tx
      .update(orderLines)
      .set(values)
      .where(and(eq(orderLines.id, line.id), sql`${orderLines.unitsOnReturns} <= ${l.quantity}`))
      .returning({ id: orderLines.id });
    if (updated.length === 0) {
      throw new ApiError(422, 'order_not_updatable', 'This update would take away units that are on returns.', {
        fields: { [`lines.${i}.quantity`]: 'below_units_on_returns' }
      });
    }
    changedLines[l.sku] = diff;
  }
  if (removed.length)
    await tx.delete(orderLines).where(
      inArray(
        orderLines.id,
        removed.map((l) => l.id)
      )
    );
  if (added.length) changes.linesAdded = added;
  if (removed.length) changes.linesRemoved = removed.map((l) => l.sku);
  if (Object.keys(changedLines).length) changes.linesChanged = changedLines;
  if (Object.keys(changes).length === 0) return { outcome: 'unchanged' as const, number: current.number };

  await tx
    .update(orders)
    .set({ ...fields, updatedAt: opts.now })
    .where(eq(orders.id, current.id));
  await auditOrder(tx, current.number, 'updated', opts, changes);
  return { outcome: 'updated' as const, number: current.number };
}
