import { and, eq } from 'drizzle-orm';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import { moveOf, REFUND_INSTEAD_STATES, type ReturnState } from '#shared/states.ts';
import { diff, writeAudit } from '../../audit/write.ts';
import type { Db } from '../../db/client.ts';
import { returns } from '../../db/schema.ts';
import type { Actor, ServiceContext } from '../../deps.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { hasReplacement, noReplacement, switchToRefund } from '../exchanges.ts';
import { addMessage } from '../messages.ts';
import { notifyCustomer } from '../notices.ts';
import { applyMove } from './state-move.ts';

/**
 * Saving a return: a staff member's changes, or a shopper's cancel (docs/architecture.md, "Where
 * each rule of a return is"). The steps, in order: lock the return → check its version → turn
 * exchange lines into refunds → check the move → apply the move (`state-move.ts`: units,
 * replacements, webhooks, receipt, restock, credit) → note and message → write → audit → notice.
 */

type ReturnRow = typeof returns.$inferSelect;
type Changes = Record<string, [unknown, unknown]>;

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

/** Lock: the return row, locked; a shopper reaches only their own (else 404). */
export async function lockReturn(tx: Db, actor: Actor, number: string): Promise<ReturnRow> {
  const where = actor.type === 'customer' ? and(eq(returns.number, number), eq(returns.customerId, actor.id)) : eq(returns.number, number);
  const [current] = await tx.select().from(returns).where(where).for('update');
  if (!current) throw notFound('No such return.');
  return current;
}

/** Optimistic locking: 409 `stale_return` when someone saved the return after this caller opened it. */
export function checkVersion(current: ReturnRow, version: number): void {
  if (current.version !== version) {
    throw new ApiError(409, 'stale_return', 'Someone else saved this return after you opened it.', {
      fields: { version: String(current.version) }
    });
  }
}

/** Refund instead: staff turn exchange lines into refunds, before approval only (`REFUND_INSTEAD_STATES`). */
async function refundInstead(tx: Db, actor: Actor, current: ReturnRow, lineIds: string[]): Promise<Changes> {
  if (!lineIds.length) return {};
  if (actor.type !== 'staff') throw notFound('No such return.');
  if (!REFUND_INSTEAD_STATES.includes(current.state as ReturnState)) {
    throw new ApiError(422, 'refund_instead_not_allowed', 'An exchange becomes a refund before the return is approved.', {
      fields: { refundInstead: 'not_now' }
    });
  }
  return { refundInstead: [null, await switchToRefund(tx, current.id, lineIds)] };
}

/** Check the move: one `moveOf` allows (422 `no_replacement` or `illegal_transition`). Answers whether it reopens the return. */
async function checkMove(tx: Db, actor: Actor, current: ReturnRow, to: ReturnState): Promise<{ reopen: boolean }> {
  const from = current.state as ReturnState;
  if (to === from) return { reopen: false };
  const facts = { replacement: to === 'items_needed' && (await hasReplacement(tx, current.id)), claim: current.kind === 'claim' };
  const move = moveOf(from, to, actor, facts);
  if (!move && to === 'items_needed' && moveOf(from, to, actor, { replacement: true })) throw noReplacement();
  if (!move) {
    throw new ApiError(422, 'illegal_transition', `A return cannot move from ${from} to ${to}.`, { fields: { state: `${from}->${to}` } });
  }
  return { reopen: move.reopen };
}

/** Write: the state, the note, the next version. */
export async function writeUpdate(tx: Db, current: ReturnRow, to: ReturnState, staffNote: string | undefined, now: Date): Promise<void> {
  await tx
    .update(returns)
    .set({ state: to, staffNote: staffNote ?? current.staffNote, version: current.version + 1, updatedAt: now })
    .where(eq(returns.id, current.id));
}

/**
 * Saves a staff member's changes to a return, or a shopper's cancel: optimistic locking on
 * `version`, only the moves `moveOf` allows and what they do (`applyMove`), a new message added to
 * the thread, one audit row with before/after, the email when asked. A save that changes nothing
 * writes nothing.
 */
export async function updateReturn(db: Db, actor: Actor, number: string, input: UpdateInput, ctx: ServiceContext): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const current = await lockReturn(tx, actor, number);
    checkVersion(current, input.version);
    const to = input.state ?? (current.state as ReturnState);
    const changes: Changes = await refundInstead(tx, actor, current, input.refundInstead ?? []);
    const { reopen } = await checkMove(tx, actor, current, to);
    Object.assign(changes, await applyMove(tx, current, to, input, ctx));
    Object.assign(changes, diff({ staffNote: current.staffNote }, { staffNote: input.staffNote }));
    const message = actor.type === 'staff' ? await addMessage(tx, current.id, actor, input.customerMessage, ctx.now) : null;
    if (message) changes.customerMessage = [null, message];
    if (Object.keys(changes).length === 0 && !input.notify) return { id: current.id };

    await writeUpdate(tx, current, to, input.staffNote, ctx.now);
    await writeAudit(tx, actor, {
      entity: 'return',
      entityId: current.number,
      returnId: current.id,
      action: reopen ? 'reopened' : 'updated',
      changes: { ...changes, ...(input.notify ? { notified: [false, true] } : {}) },
      now: ctx.now
    });
    // The email carries only the message written with it, never an older one.
    if (input.notify) await notifyCustomer(tx, current.id, ctx.publicUrl, ctx.now, message ?? '');
    return { id: current.id };
  });
}
