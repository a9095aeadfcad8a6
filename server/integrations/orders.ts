import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ZodError } from 'zod';
import { pushedOrderSchema, type PushedOrder } from '../../shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { customers, orderLines, orders, products, returnLines, returns, variants } from '../db/schema.ts';
import { ApiError, fieldsFromZod, type FieldErrors } from '../http/errors.ts';
import { nulFields } from '../http/validate.ts';
import { writeAudit } from '../staff/audit.ts';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export type UpsertResult = { outcome: UpsertOutcome; number: string };

/** Largest order total the database holds (a 32-bit integer of cents). */
const MAX_TOTAL_CENTS = 2_147_483_647;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Finds or creates the variant of every sku (and a product for a new one), so restock has a variant to raise. */
async function ensureVariants(tx: Db, lines: PushedOrder['lines']): Promise<Map<string, number>> {
  const skus = lines.map((l) => l.sku).sort();
  const found = async () => new Map((await tx.select({ id: variants.id, sku: variants.sku }).from(variants).where(inArray(variants.sku, skus))).map((v) => [v.sku, v.id]));
  let bySku = await found();
  const missing = lines.filter((l) => !bySku.has(l.sku)).sort((a, b) => (a.sku < b.sku ? -1 : 1));
  if (missing.length === 0) return bySku;
  // Existing catalog rows are never changed here (stock, prices and names belong to the catalog);
  // new skus get a product of their own. Inserted in sku order, so concurrent pushes cannot deadlock.
  await tx
    .insert(products)
    .values(missing.map((l) => ({ sku: l.sku, name: l.name, imageUrl: l.imageUrl ?? null, finalSale: l.finalSale ?? false })))
    .onConflictDoNothing();
  const productIds = new Map(
    (await tx.select({ id: products.id, sku: products.sku }).from(products).where(inArray(products.sku, missing.map((l) => l.sku)))).map((p) => [p.sku, p.id])
  );
  await tx
    .insert(variants)
    .values(missing.map((l) => ({ productId: productIds.get(l.sku)!, sku: l.sku, label: l.variant ?? null, priceCents: l.unitPriceCents, stockOnHand: 0 })))
    .onConflictDoNothing();
  bySku = await found();
  return bySku;
}

/** The customer with this email, created as a guest (no password) when new; an existing one is left as they are. */
async function ensureCustomer(tx: Db, c: PushedOrder['customer'], now: Date): Promise<{ id: number; created: boolean }> {
  const [inserted] = await tx
    .insert(customers)
    .values({ email: c.email, firstName: c.firstName, lastName: c.lastName ?? '', locale: c.locale ?? 'en', passwordHash: null, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: customers.id });
  if (inserted) return { id: inserted.id, created: true };
  const [existing] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.email, c.email));
  return { id: existing!.id, created: false };
}

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
export async function upsertOrder(db: Db, input: PushedOrder, opts: { now: Date; via: 'api' | 'import' }): Promise<UpsertResult> {
  const total = input.lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  if (total > MAX_TOTAL_CENTS) {
    throw new ApiError(400, 'invalid_request', 'The order total is too large.', { fields: { lines: 'total_too_big' } });
  }
  return db.transaction(async (tx) => {
    const customer = await ensureCustomer(tx, input.customer, opts.now);
    const fields = {
      customerId: customer.id,
      email: input.customer.email,
      status: input.status,
      currency: input.currency,
      totalCents: total,
      placedAt: input.placedAt,
      deliveredAt: input.deliveredAt ?? null
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
        await writeAudit(tx, { type: 'system', id: null }, {
          entity: 'order',
          entityId: inserted.number,
          action: 'created',
          changes: {
            via: opts.via,
            customer: { email: input.customer.email, created: customer.created },
            status: [null, input.status],
            lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))
          },
          now: opts.now
        });
        return { outcome: 'created' as const, number: inserted.number };
      }
      // Another push created it a moment ago: update it like any existing order.
      [order] = await tx.select().from(orders).where(eq(orders.number, input.number)).for('update');
    }
    const current = order!;

    const existing = await tx.select().from(orderLines).where(eq(orderLines.orderId, current.id)).orderBy(asc(orderLines.id));
    const onReturns = new Set(
      existing.length
        ? (
            await tx
              .selectDistinct({ id: returnLines.orderLineId })
              .from(returnLines)
              .where(inArray(returnLines.orderLineId, existing.map((l) => l.id)))
          ).map((r) => r.id)
        : []
    );
    const refusals: FieldErrors = {};
    if (current.customerId !== customer.id) {
      const [hasReturn] = await tx.select({ id: returns.id }).from(returns).where(eq(returns.orderId, current.id)).limit(1);
      if (hasReturn) refusals['customer.email'] = 'order_has_returns';
    }
    input.lines.forEach((l, i) => {
      const line = existing.find((e) => e.sku === l.sku);
      if (line && l.quantity < line.unitsOnReturns) refusals[`lines.${i}.quantity`] = 'below_units_on_returns';
    });
    const removed = existing.filter((e) => !input.lines.some((l) => l.sku === e.sku));
    for (const line of removed) if (onReturns.has(line.id)) refusals[`removedLines.${line.sku}`] = 'line_on_return';
    if (Object.keys(refusals).length) {
      throw new ApiError(422, 'order_not_updatable', 'This update would take away units or lines that are on returns.', { fields: refusals });
    }

    const changes: Record<string, unknown> = {};
    const before = { email: current.email, status: current.status, currency: current.currency, totalCents: current.totalCents, placedAt: iso(current.placedAt), deliveredAt: iso(current.deliveredAt) };
    const after = { email: fields.email, status: fields.status, currency: fields.currency, totalCents: fields.totalCents, placedAt: iso(fields.placedAt), deliveredAt: iso(fields.deliveredAt) };
    for (const key of Object.keys(before) as (keyof typeof before)[]) if (before[key] !== after[key]) changes[key] = [before[key], after[key]];

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
      for (const key of ['variantId', 'position', 'productName', 'variantLabel', 'imageUrl', 'unitPriceCents', 'quantity', 'finalSale'] as const) {
        if (line[key] !== values[key]) diff[key] = [line[key], values[key]];
      }
      if (Object.keys(diff).length === 0) continue;
      const updated = await tx
        .update(orderLines)
        .set(values)
        .where(and(eq(orderLines.id, line.id), sql`${orderLines.unitsOnReturns} <= ${l.quantity}`))
        .returning({ id: orderLines.id });
      if (updated.length === 0) {
        throw new ApiError(422, 'order_not_updatable', 'This update would take away units that are on returns.', { fields: { [`lines.${i}.quantity`]: 'below_units_on_returns' } });
      }
      changedLines[l.sku] = diff;
    }
    if (removed.length) await tx.delete(orderLines).where(inArray(orderLines.id, removed.map((l) => l.id)));
    if (added.length) changes.linesAdded = added;
    if (removed.length) changes.linesRemoved = removed.map((l) => l.sku);
    if (Object.keys(changedLines).length) changes.linesChanged = changedLines;
    if (Object.keys(changes).length === 0) return { outcome: 'unchanged' as const, number: current.number };

    await tx.update(orders).set({ ...fields, updatedAt: opts.now }).where(eq(orders.id, current.id));
    await writeAudit(tx, { type: 'system', id: null }, { entity: 'order', entityId: current.number, action: 'updated', changes: { via: opts.via, ...changes }, now: opts.now });
    return { outcome: 'updated' as const, number: current.number };
  });
}

export type ImportSummary = {
  created: number;
  updated: number;
  unchanged: number;
  refused: { index: number; number: string | null; code: string; message: string; fields?: FieldErrors }[];
};

/** Imports a list of orders one by one (each in its own transaction): good ones are kept, bad ones reported. */
export async function importOrders(db: Db, list: unknown[], now: () => Date): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, refused: [] };
  for (const [index, item] of list.entries()) {
    const number = item && typeof item === 'object' && typeof (item as { number?: unknown }).number === 'string' ? (item as { number: string }).number : null;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      summary.refused.push({ index, number, code: 'invalid_request', message: 'This item is not an order (a JSON object).' });
      continue;
    }
    const parsed = pushedOrderSchema.safeParse(item);
    if (!parsed.success) {
      summary.refused.push({ index, number, code: 'invalid_request', message: 'The order is not valid.', fields: fieldsFromZod(parsed.error as ZodError) });
      continue;
    }
    const bad = nulFields(parsed.data);
    if (Object.keys(bad).length) {
      summary.refused.push({ index, number, code: 'invalid_request', message: 'The order is not valid.', fields: bad });
      continue;
    }
    try {
      const result = await upsertOrder(db, parsed.data, { now: now(), via: 'import' });
      summary[result.outcome]++;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      summary.refused.push({ index, number, code: err.code, message: err.message, fields: err.fields });
    }
  }
  return summary;
}
