import { eq } from 'drizzle-orm';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import { effectsOf, type ReturnState } from '#shared/states.ts';
import type { Db } from '../../db/client.ts';
import { orders, returns } from '../../db/schema.ts';
import type { ServiceContext } from '../../deps.ts';
import { queueExchangeRequested, queueReturnStateChanged } from '../../outbound/webhooks.ts';
import { getSettings } from '../../settings/views.ts';
import { releaseReplacements, reserveReplacements } from '../exchanges.ts';
import { applyRestock, refuseRestockNow } from '../restock.ts';
import { decideCredit, recordReceipt } from '../settlement.ts';
import { refuseSettlementNow } from '../credit-rules.ts';
import { moveUnits } from '../units.ts';

/**
 * What a state move does (docs/architecture.md, "Where each rule of a return is"): which effects is
 * `effectsOf` in `shared/states.ts`; this file applies them, in this order: the order's lock (when
 * units move) → units released or taken again → replacements released or reserved → webhooks →
 * receipt and restock (reaching `received`) → credit (reaching `credited`). Each step answers what it
 * changed, for the audit row. Who may make the move is checked before (`moveOf`).
 */

type ReturnRow = typeof returns.$inferSelect;
type Changes = Record<string, [unknown, unknown]>;

/** What a save may decide with a move: restock and receipt on reaching `received`, the credit on reaching `credited`. */
export type MoveDecisions = { restock?: Record<string, boolean>; receipt?: ReceiptInput; credit?: CreditInput };

/** Units and replacements: released when the return ends rejected or cancelled, taken again or reserved when it comes back. */
async function moveStock(tx: Db, current: ReturnRow, from: ReturnState, to: ReturnState, now: Date): Promise<Changes> {
  const effects = effectsOf(from, to);
  const changes: Changes = {};
  // Units move: take the order's lock first, as creating a return does (same lock order everywhere).
  if (effects.releaseUnits || effects.retakeUnits) {
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, current.orderId)).for('update');
  }
  if (effects.releaseUnits) await moveUnits(tx, current.id, 'release');
  if (effects.retakeUnits) await moveUnits(tx, current.id, 'take');
  if (effects.releaseReplacements) {
    const released = await releaseReplacements(tx, current.id, now);
    if (released.length) changes.released = [null, released];
  }
  if (effects.reserveReplacements) {
    const reserved = await reserveReplacements(tx, current.id, now);
    if (reserved.length) changes.reserved = [null, reserved];
  }
  return changes;
}

/** Webhooks of a move (only when the shop takes webhooks). */
async function queueMoveWebhooks(tx: Db, returnId: number, from: ReturnState, to: ReturnState, ctx: ServiceContext): Promise<void> {
  if (!ctx.webhooks) return;
  for (const hook of effectsOf(from, to).webhooks) {
    if (hook === 'return.state_changed') await queueReturnStateChanged(tx, returnId, from, to, ctx.now);
    else await queueExchangeRequested(tx, returnId, ctx.now);
  }
}

/**
 * Receipt, restock and credit: decided on their move only (else 422 `restock_not_now`,
 * `receipt_not_now`, `credit_not_now`); reaching `received` records what arrived then restocks,
 * reaching `credited` decides the credit (settlement.ts).
 */
async function settle(
  tx: Db,
  current: ReturnRow,
  from: ReturnState,
  to: ReturnState,
  decisions: MoveDecisions,
  ctx: ServiceContext
): Promise<Changes> {
  const { receipt: arrives, credit: credits } = effectsOf(from, to);
  refuseRestockNow(decisions.restock, arrives, 'Restock is decided when the return moves to Items received.');
  refuseSettlementNow(decisions, arrives, credits);
  if (!arrives && !credits) return {};
  const settings = await getSettings(tx);
  const changes: Changes = {};
  if (arrives) {
    changes.receipt = [null, await recordReceipt(tx, current.id, decisions.receipt ?? {}, decisions.restock ?? {})];
    const restockCtx = { posLinked: settings.inventoryLinkedToPos, now: ctx.now, webhooks: ctx.webhooks };
    changes.restock = [null, await applyRestock(tx, current.id, decisions.restock ?? {}, restockCtx)];
  }
  if (credits) {
    const credit = await decideCredit(tx, current, decisions.credit, { returnShippingCents: settings.returnShippingCents, ...ctx });
    if (credit) changes.credit = [null, credit];
  }
  return changes;
}

/** Applies everything a move from `from` to `to` does (nothing but the refusals of `settle` when the state stays). Answers the changes for the audit row. */
export async function applyMove(
  tx: Db,
  current: ReturnRow,
  to: ReturnState,
  decisions: MoveDecisions,
  ctx: ServiceContext
): Promise<Changes> {
  const from = current.state as ReturnState;
  const changes: Changes = {};
  if (to !== from) {
    Object.assign(changes, await moveStock(tx, current, from, to, ctx.now));
    changes.state = [from, to];
    await queueMoveWebhooks(tx, current.id, from, to, ctx);
  }
  return { ...changes, ...(await settle(tx, current, from, to, decisions, ctx)) };
}
