import { and, eq } from 'drizzle-orm';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import { moveOf, RELEASED_STATES, type ReturnState } from '#shared/states.ts';
import { diff, writeAudit } from '../audit/write.ts';
import type { Db } from '../db/client.ts';
import { orders, returns } from '../db/schema.ts';
import type { Actor, ServiceContext } from '../deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { queueExchangeRequested, queueReturnStateChanged } from '../outbound/webhooks.ts';
import { getSettings } from '../settings/views.ts';
import { REPLACEMENT_HELD_STATES } from '#shared/exchanges.ts';
import { hasReplacement, noReplacement, releaseReplacements, reserveReplacements, switchToRefund } from './exchanges.ts';
import { addMessage } from './messages.ts';
import { notifyCustomer } from './notices.ts';
import { applyRestock, refuseRestockNow } from './restock.ts';
import { decideCredit, recordReceipt, refuseSettlementNow } from './settlement.ts';
import { moveUnits } from './units.ts';

// Creating a return: one use case per caller in `use-cases/` (request, staff create, withdrawal), built from the named steps of `use-cases/steps.ts`.

export type UpdateInput = {
  version: number;
  state?: ReturnState;
  staffNote?: string;
  /** A new message to the customer, added to the return's thread (blank: none). */
  customerMessage?: string;
  /** Per return-line restock decision; only when the return moves to `received`. */
  restock?: Record<string, boolean>;
  /** Per return line: units received and condition; only when the return moves to `received` (settlement.ts). */
  receipt?: ReceiptInput;
  /** The credit; only when the return moves to `credited` (settlement.ts). */
  credit?: CreditInput;
  /** Return line ids whose exchange becomes a refund (exchanges.ts switchToRefund), before any move. */
  refundInstead?: string[];
  notify?: boolean;
};

/**
 * Saves a staff member's changes to a return, or a shopper's cancel: optimistic locking on
 * `version`, only the moves movesFor allows, a new message added to the thread, restock when reaching `received`, units released when a
 * return ends rejected/cancelled, one audit row with before/after, the email when asked.
 */
export async function updateReturn(db: Db, actor: Actor, number: string, input: UpdateInput, ctx: ServiceContext): Promise<{ id: number }> {
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
    let reopened = false;
    if (input.refundInstead?.length) {
      if (actor.type !== 'staff') throw notFound('No such return.');
      if (REPLACEMENT_HELD_STATES.includes(from) || RELEASED_STATES.includes(from)) {
        throw new ApiError(422, 'refund_instead_not_allowed', 'An exchange becomes a refund before the return is approved.', {
          fields: { refundInstead: 'not_now' }
        });
      }
      changes.refundInstead = [null, await switchToRefund(tx, current.id, input.refundInstead)];
    }
    if (to !== from) {
      const facts = { replacement: to === 'items_needed' && (await hasReplacement(tx, current.id)) };
      const move = moveOf(from, to, actor, facts);
      if (!move && to === 'items_needed' && moveOf(from, to, actor, { replacement: true })) throw noReplacement();
      if (!move) {
        throw new ApiError(422, 'illegal_transition', `A return cannot move from ${from} to ${to}.`, {
          fields: { state: `${from}->${to}` }
        });
      }
      reopened = move.reopen;
      if (RELEASED_STATES.includes(to) || RELEASED_STATES.includes(from)) {
        // Units move: take the order's lock first, as creating a return does (same lock order everywhere).
        await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, current.orderId)).for('update');
      }
      if (RELEASED_STATES.includes(to)) await moveUnits(tx, current.id, 'release');
      if (RELEASED_STATES.includes(from)) await moveUnits(tx, current.id, 'reserve');
      // An exchange's replacement: held from approval on, given back (once) when the return ends rejected or cancelled.
      if (RELEASED_STATES.includes(to)) {
        const released = await releaseReplacements(tx, current.id, ctx.now);
        if (released.length) changes.released = [null, released];
      }
      if (REPLACEMENT_HELD_STATES.includes(to) && !REPLACEMENT_HELD_STATES.includes(from)) {
        const reserved = await reserveReplacements(tx, current.id, ctx.now);
        if (reserved.length) changes.reserved = [null, reserved];
      }
      changes.state = [from, to];
      if (ctx.webhooks) await queueReturnStateChanged(tx, current.id, from, to, ctx.now);
      if (ctx.webhooks && to === 'items_needed') await queueExchangeRequested(tx, current.id, ctx.now);
    }
    const arrives = to === 'received' && from !== 'received';
    const credits = to === 'credited' && from !== 'credited';
    refuseRestockNow(input.restock, arrives, 'Restock is decided when the return moves to Items received.');
    refuseSettlementNow(input, arrives, credits);
    const settings = arrives || credits ? await getSettings(tx) : undefined;
    if (arrives && settings) {
      changes.receipt = [null, await recordReceipt(tx, current.id, input.receipt ?? {}, input.restock ?? {})];
      changes.restock = [
        null,
        await applyRestock(tx, current.id, input.restock ?? {}, {
          posLinked: settings.inventoryLinkedToPos,
          now: ctx.now,
          webhooks: ctx.webhooks
        })
      ];
    }
    if (credits && settings) {
      const credit = await decideCredit(tx, current, input.credit, { returnShippingCents: settings.returnShippingCents, ...ctx });
      if (credit) changes.credit = [null, credit];
    }
    Object.assign(changes, diff({ staffNote: current.staffNote }, { staffNote: input.staffNote }));
    const message = actor.type === 'staff' ? await addMessage(tx, current.id, actor, input.customerMessage, ctx.now) : null;
    if (message) changes.customerMessage = [null, message];
    if (Object.keys(changes).length === 0 && !input.notify) return { id: current.id };

    await tx
      .update(returns)
      .set({
        state: to,
        staffNote: input.staffNote ?? current.staffNote,
        version: current.version + 1,
        updatedAt: ctx.now
      })
      .where(eq(returns.id, current.id));
    await writeAudit(tx, actor, {
      entity: 'return',
      entityId: current.number,
      returnId: current.id,
      action: reopened ? 'reopened' : 'updated',
      changes: { ...changes, ...(input.notify ? { notified: [false, true] } : {}) },
      now: ctx.now
    });
    // The email carries only the message written with it, never an older one.
    if (input.notify) await notifyCustomer(tx, current.id, ctx.publicUrl, ctx.now, message ?? '');
    return { id: current.id };
  });
}
