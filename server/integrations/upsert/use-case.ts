import { asc, eq } from 'drizzle-orm';
import type { PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../../db/client.ts';
import { orderLines, orders } from '../../db/schema.ts';
import { diff, writeAudit } from '../../audit/write.ts';
import { ensureCustomer, ensureVariants } from '../pushed-rows.ts';
import { lineValues, writeLines } from './lines.ts';
import { refuseDuplicateStoredSkus, refuseStalePush, refuseUnsafeUpdate } from './refusals.ts';
import type { OrderFields, StoredOrder, UpsertOptions, UpsertResult } from './types.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The order fields an audit row compares, dates in ISO form. */
const audited = (o: OrderFields) => ({
  customerId: o.customerId,
  email: o.email,
  status: o.status,
  currency: o.currency,
  totalCents: o.totalCents,
  placedAt: iso(o.placedAt),
  deliveredAt: iso(o.deliveredAt),
  shippingCents: o.shippingCents,
  shippingCountry: o.shippingCountry
});

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

/** A connector delivery whose platform `updated_at` is before the one last applied to the order. */
const isStaleDelivery = (current: StoredOrder, sourceUpdatedAt: Date | undefined) =>
  !!sourceUpdatedAt && !!current.sourceUpdatedAt && sourceUpdatedAt < current.sourceUpdatedAt;

/** The order with this number, row-locked: the lock every returns writer takes first, so writers on one order run one after the other. */
async function lockOrder(tx: Db, number: string): Promise<StoredOrder | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.number, number)).for('update');
  return order;
}

/** Inserts the order and its lines, audited; undefined when another push created it a moment ago. */
async function createOrder(
  tx: Db,
  input: PushedOrder,
  fields: OrderFields,
  variantIds: Map<string, number>,
  customerCreated: boolean,
  opts: UpsertOptions
): Promise<UpsertResult | undefined> {
  const [inserted] = await tx
    .insert(orders)
    .values({ number: input.number, ...fields, sourceUpdatedAt: opts.sourceUpdatedAt ?? null, createdAt: opts.now, updatedAt: opts.now })
    .onConflictDoNothing()
    .returning();
  if (!inserted) return undefined;
  await tx.insert(orderLines).values(input.lines.map((l, i) => lineValues(inserted.id, l, i, variantIds.get(l.sku))));
  await auditOrder(tx, inserted.number, 'created', opts, {
    customer: { email: input.customer.email, created: customerCreated },
    status: [null, input.status],
    ...(fields.shippingCents !== null ? { shippingCents: [null, fields.shippingCents] } : {}),
    ...(fields.shippingCountry !== null ? { shippingCountry: [null, fields.shippingCountry] } : {}),
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))
  });
  return { outcome: 'created', number: inserted.number };
}

/** Brings a stored order to the pushed state once every refusal is ruled out; audited when anything changed. */
async function updateOrder(
  tx: Db,
  current: StoredOrder,
  input: PushedOrder,
  fields: OrderFields,
  variantIds: Map<string, number>,
  opts: UpsertOptions
): Promise<UpsertResult> {
  if (isStaleDelivery(current, opts.sourceUpdatedAt)) return { outcome: 'stale', number: current.number };
  await refuseStalePush(tx, current, opts.signedAt);
  const existing = await tx.select().from(orderLines).where(eq(orderLines.orderId, current.id)).orderBy(asc(orderLines.id));
  refuseDuplicateStoredSkus(existing);
  const removed = existing.filter((e) => !input.lines.some((l) => l.sku === e.sku));
  await refuseUnsafeUpdate(tx, current, input, fields, existing, removed);

  const changes = {
    ...diff(audited(current), audited(fields)),
    ...(await writeLines(tx, current.id, input, existing, removed, variantIds))
  };
  const source = opts.sourceUpdatedAt ? { sourceUpdatedAt: opts.sourceUpdatedAt } : {};
  if (Object.keys(changes).length === 0) {
    // The same state said later: remembered, so an older delivery arriving after it still changes nothing.
    if (opts.sourceUpdatedAt) await tx.update(orders).set(source).where(eq(orders.id, current.id));
    return { outcome: 'unchanged', number: current.number };
  }
  await tx
    .update(orders)
    .set({ ...fields, ...source, updatedAt: opts.now })
    .where(eq(orders.id, current.id));
  await auditOrder(tx, current.number, 'updated', opts, changes);
  return { outcome: 'updated', number: current.number };
}

/**
 * The upsert of one pushed order, in the caller's transaction: its customer and catalog rows found or
 * made, then the order created, or updated to the pushed state (see `upsertOrder`).
 */
export async function upsertInTransaction(tx: Db, input: PushedOrder, total: number, opts: UpsertOptions): Promise<UpsertResult> {
  const customer = await ensureCustomer(tx, input.customer, opts.now);
  const fields: OrderFields = {
    customerId: customer.id,
    email: input.customer.email,
    status: input.status,
    currency: input.currency,
    totalCents: total,
    placedAt: input.placedAt,
    deliveredAt: input.deliveredAt ?? null,
    shippingCents: input.shippingCents ?? null,
    shippingCountry: input.shippingCountry ?? null
  };
  const variantIds = await ensureVariants(tx, input.lines);
  const current = await lockOrder(tx, input.number);
  if (!current) {
    const created = await createOrder(tx, input, fields, variantIds, customer.created, opts);
    if (created) return created;
  }
  // Created by another push a moment ago, or already there: updated like any existing order.
  return updateOrder(tx, current ?? (await lockOrder(tx, input.number))!, input, fields, variantIds, opts);
}
