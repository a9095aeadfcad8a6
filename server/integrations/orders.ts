import type { PushedOrder } from '#shared/schemas/integrations.ts';
import type { Db } from '../db/client.ts';
import { ApiError } from '../http/errors.ts';
import { runOnce } from '../http/idempotency.ts';
import { upsertInTransaction } from './upsert/use-case.ts';
import type { UpsertOptions, UpsertResult } from './upsert/types.ts';

export type { UpsertOutcome, UpsertResult } from './upsert/types.ts';

/** Largest order total the database holds (a 32-bit integer of cents). */
const MAX_TOTAL_CENTS = 2_147_483_647;

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

/** The order total in minor units, refused (400) past what the database holds. */
export function orderTotal(input: PushedOrder): number {
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
