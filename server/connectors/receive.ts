import { eq } from 'drizzle-orm';
import { pushedOrderSchema, type PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { connectorDeliveries } from '../db/schema.ts';
import { ApiError, fieldsFromZod, type FieldErrors } from '../http/errors.ts';
import { unstorableFields } from '../http/validate.ts';
import { orderTotal } from '../integrations/orders.ts';
import { upsertInTransaction } from '../integrations/upsert/use-case.ts';
import type { UpsertOutcome } from '../integrations/upsert/types.ts';
import type { Platform } from './platforms.ts';

/** Thrown by a platform's mapping when its payload cannot be read as an order (the field names where). */
export class UnreadableOrder extends Error {
  readonly fields: FieldErrors;
  /** The order's number when it could be read, so the refusal names its order. */
  orderNumber: string | null = null;
  constructor(fields: FieldErrors) {
    super('The payload cannot be read as an order.');
    this.fields = fields;
  }
}

/** Runs a mapping knowing the order's number: an unreadable payload's refusal then names it. */
export function forOrder<T>(number: string | null, map: () => T): T {
  try {
    return map();
  } catch (err) {
    if (err instanceof UnreadableOrder) err.orderNumber ??= number;
    throw err;
  }
}

/** What a platform's mapping made of one verified delivery: an order in the push's shape, or a reason to leave it. */
export type Mapped =
  { kind: 'order'; order: unknown; updatedAt: Date | null } | { kind: 'ignored'; reason: string; orderNumber?: string | null };

/** One verified delivery: the platform's own id for it (its retries repeat it), topic and what it says. */
export type Delivery = { platform: Platform; deliveryId: string; topic: string; map: () => Mapped };

export type Refusal = { code: string; message: string; fields?: FieldErrors };

/**
 * What Reprise answers a platform, always with a 2xx so it stops retrying (a refused payload would
 * be refused again): `duplicate` for a delivery already received, `refused` with why.
 */
export type DeliveryAnswer =
  | { result: UpsertOutcome; order: { number: string } }
  | { result: 'ignored'; reason: string }
  | { result: 'duplicate' }
  | { result: 'refused'; refusal: Refusal; order?: { number: string } };

type Row = typeof connectorDeliveries.$inferInsert;

/** Records a delivery that changed no order (ignored or refused); false when this delivery id was already recorded. */
async function recordOnly(db: Db, row: Row): Promise<boolean> {
  const inserted = await db.insert(connectorDeliveries).values(row).onConflictDoNothing().returning({ id: connectorDeliveries.id });
  return inserted.length > 0;
}

/** The mapped order checked as a push is: the same strict schema, storable text. */
function checkedOrder(candidate: unknown): PushedOrder {
  const parsed = pushedOrderSchema.safeParse(candidate);
  if (!parsed.success)
    throw new ApiError(400, 'invalid_request', 'The order this delivery describes is not valid.', { fields: fieldsFromZod(parsed.error) });
  const bad = unstorableFields(parsed.data);
  if (Object.keys(bad).length)
    throw new ApiError(400, 'invalid_request', 'The order this delivery describes is not valid.', { fields: bad });
  return parsed.data;
}

const numberOf = (candidate: unknown) => {
  const n = (candidate as { number?: unknown } | null)?.number;
  return typeof n === 'string' ? n.replace(/^#/, '').slice(0, 64) : null;
};

/** Applies the order in one transaction with its delivery row, so a delivery id is applied at most once. */
async function apply(db: Db, row: Row, order: PushedOrder, updatedAt: Date | null, now: Date): Promise<DeliveryAnswer> {
  const total = orderTotal(order);
  return db.transaction(async (tx) => {
    const [recorded] = await tx.insert(connectorDeliveries).values(row).onConflictDoNothing().returning({ id: connectorDeliveries.id });
    if (!recorded) return { result: 'duplicate' };
    const result = await upsertInTransaction(tx, order, total, {
      now,
      via: row.platform as Platform,
      sourceUpdatedAt: updatedAt ?? undefined
    });
    await tx.update(connectorDeliveries).set({ result: result.outcome }).where(eq(connectorDeliveries.id, recorded.id));
    return { result: result.outcome, order: { number: result.number } };
  });
}

/**
 * Takes one verified delivery: maps it, then upserts the order with the push's rules, refusals and
 * audit (the platform named as how it came). A refusal (unreadable payload, schema, or a rule such as
 * a line on a return removed) is recorded with its reasons and answered, never dropped silently.
 */
export async function receiveDelivery(db: Db, delivery: Delivery, now: Date): Promise<DeliveryAnswer> {
  const row: Row = {
    platform: delivery.platform,
    deliveryId: delivery.deliveryId,
    topic: delivery.topic,
    result: 'unchanged',
    receivedAt: now
  };
  let candidate: unknown;
  try {
    const mapped = delivery.map();
    if (mapped.kind === 'ignored') {
      const fresh = await recordOnly(db, {
        ...row,
        orderNumber: mapped.orderNumber ?? null,
        result: 'ignored',
        refusal: { reason: mapped.reason }
      });
      return fresh ? { result: 'ignored', reason: mapped.reason } : { result: 'duplicate' };
    }
    candidate = mapped.order;
    return await apply(db, { ...row, orderNumber: numberOf(candidate) }, checkedOrder(candidate), mapped.updatedAt, now);
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    const orderNumber = numberOf(candidate) ?? (err instanceof UnreadableOrder ? numberOf({ number: err.orderNumber }) : null);
    const fresh = await recordOnly(db, { ...row, orderNumber, result: 'refused', refusal });
    if (!fresh) return { result: 'duplicate' };
    return { result: 'refused', refusal, ...(orderNumber ? { order: { number: orderNumber } } : {}) };
  }
}

/** A refusal to record and answer, or null for an error that is ours (a 5xx: the platform retries). */
function refusalOf(err: unknown): Refusal | null {
  if (err instanceof UnreadableOrder) return { code: 'invalid_request', message: err.message, fields: err.fields };
  if (err instanceof ApiError && err.status < 500)
    return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
  return null;
}
