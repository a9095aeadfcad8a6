import { eq, sql } from 'drizzle-orm';
import { sendByDay, type Slip } from '#shared/slip.ts';
import type { ReturnState } from '#shared/states.ts';
import { localeOf, type Locale } from '#shared/words/index.ts';
import { timelineJson } from '../audit/trail.ts';
import type { Db } from '../db/client.ts';
import { customers, orders, returns } from '../db/schema.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { linesOf } from '../returns/views.ts';
import { getSettings, returnToOf } from '../settings/views.ts';
import { qrOf } from './qr.ts';

/** The states a slip is printed in: approved (the shop waits for the parcel), not before, and not once it arrived. */
const SLIP_STATES: readonly ReturnState[] = ['approved'];

/** A slip asked for in another state: 409 `slip_not_ready`, naming the state. */
export function throwIfNoSlip(state: ReturnState): void {
  if (SLIP_STATES.includes(state)) return;
  throw new ApiError(409, 'slip_not_ready', 'A return slip exists once the return is approved, until its parcel arrives.', {
    fields: { state }
  });
}

/** When the return became approved (its latest move there; a return created approved: its creation). */
function approvedAt(timeline: { state: string; at: string | Date }[], createdAt: Date): Date {
  const last = timeline.filter((s) => s.state === 'approved').at(-1);
  return last ? new Date(last.at) : createdAt;
}

/**
 * The slip of the return whose id is `returnId` (refused unless approved) and its customer's language,
 * the one the slip is written in unless the caller asks for another.
 */
export async function slipOf(db: Db, returnId: number): Promise<{ slip: Slip; customerLocale: Locale }> {
  const [row] = await db
    .select({
      number: returns.number,
      state: returns.state,
      createdAt: returns.createdAt,
      orderNumber: orders.number,
      locale: customers.locale,
      timeline: timelineJson(sql`${returns.id}`)
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .innerJoin(customers, eq(customers.id, returns.customerId))
    .where(eq(returns.id, returnId));
  if (!row) throw notFound('No such return.');
  throwIfNoSlip(row.state as ReturnState);
  const [settings, lines] = await Promise.all([getSettings(db), linesOf(db, returnId)]);
  return {
    customerLocale: localeOf(row.locale),
    slip: {
      shopName: settings.shopName,
      returnNumber: row.number,
      orderNumber: row.orderNumber,
      returnTo: returnToOf(settings),
      contactEmail: settings.contactEmail,
      sendBy: sendByDay(approvedAt(row.timeline, row.createdAt), settings.timeZone),
      lines: lines.map((l) => ({ name: l.name, variant: l.variant, sku: l.sku, quantity: l.quantity })),
      qr: qrOf(row.number)
    }
  };
}
