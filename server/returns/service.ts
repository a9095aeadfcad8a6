import { and, eq, or, sql } from 'drizzle-orm';
import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import type { CreditInput, ReceiptInput } from '#shared/schemas/staff.ts';
import { moveOf, RECEIVED_STATES, RELEASED_STATES, type ReturnState } from '#shared/states.ts';
import { diff, writeAudit } from '../audit/write.ts';
import type { Db } from '../db/client.ts';
import { WITHDRAWAL_ACTION, WITHDRAWAL_REASON } from '../db/defaults.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns } from '../db/schema.ts';
import type { Actor, ServiceContext } from '../deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { queueExchangeRequested, queueReturnCreated, queueReturnStateChanged } from '../outbound/webhooks.ts';
import { getSettings } from '../settings/views.ts';
import { REPLACEMENT_HELD_STATES, sendsReplacement } from '#shared/exchanges.ts';
import {
  checkReplacements,
  hasReplacement,
  noReplacement,
  releaseReplacements,
  reserveReplacements,
  switchToRefund,
  type Replacement
} from './exchanges.ts';
import { addMessage } from './messages.ts';
import { notifyCustomer, notifyNewRequest } from './notices.ts';
import { applyRestock, refuseRestockNow, refuseUnknownRestockLines } from './restock.ts';
import { decideCredit, recordReceipt, refuseSettlementNow } from './settlement.ts';
import { checkLines, type LineRequest } from './rules.ts';
import { lineRefusal, moveUnits, reserveUnits } from './units.ts';

/** What only staff may add when creating a return for a customer. */
export type StaffCreateExtras = {
  state: ReturnState;
  /** Accept lines outside the window or on final sale; recorded in the audit trail. */
  override: boolean;
  staffNote: string;
  /** A first message to the customer (kept in the thread, carried by the email when `notify`). */
  customerMessage?: string;
  notify: boolean;
  /** Per order-line restock decision, used when the return starts at `received`. */
  restock?: Record<string, boolean>;
};

/** A return made for a withdrawal statement (EU withdrawal function): its reason and action, any order state of the shop. */
export type WithdrawalExtras = { withdrawalId: number };

type OrderRow = typeof orders.$inferSelect;
type ReasonRow = typeof returnReasons.$inferSelect;

/** The order row, locked: every returns writer takes it first, so writers on one order run one after the other. */
async function lockOrder(tx: Db, actor: Actor, number: string): Promise<OrderRow> {
  const where = actor.type === 'customer' ? and(eq(orders.number, number), eq(orders.customerId, actor.id)) : eq(orders.number, number);
  const [order] = await tx.select().from(orders).where(where).for('update');
  if (!order) throw notFound('No such order.');
  return order;
}

/** The return row and its lines; the number counts the order's returns (`R-<order>-<n>`). */
async function writeReturn(
  tx: Db,
  order: OrderRow,
  fields: {
    state: ReturnState;
    createdByStaffId: number | null;
    comment: string;
    staffNote: string;
    withdrawalId: number | null;
    now: Date;
  },
  lines: LineRequest[],
  reasons: ReasonRow[],
  replacements: Map<number, Replacement>
) {
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
      state: fields.state,
      createdByStaffId: fields.createdByStaffId,
      customerComment: fields.comment,
      customerCommentBy: fields.createdByStaffId === null ? 'customer' : 'staff',
      staffNote: fields.staffNote,
      withdrawalId: fields.withdrawalId,
      createdAt: fields.now,
      updatedAt: fields.now
    })
    .returning();
  const written = await tx
    .insert(returnLines)
    .values(
      lines.map((l, i) => ({
        returnId: created!.id,
        orderLineId: l.orderLineId,
        quantity: l.quantity,
        reasonId: l.reasonId,
        reasonText: reasons.find((r) => r.id === l.reasonId)?.needsText ? (l.reasonText ?? null) : null,
        actionId: l.actionId,
        replacementVariantId: replacements.get(i)?.variantId ?? null,
        replacementUnits: replacements.get(i)?.units ?? null,
        priceDifferenceCents: replacements.get(i)?.priceDifferenceCents ?? null
      }))
    )
    .returning();
  return { ret: created!, lines: written };
}

/**
 * Creates a return in the caller's transaction and answers its id, step by step: lock the order →
 * check the lines (rules.ts) → reserve the units → write the return → restock (when it starts at
 * `received`) → audit → queue the webhook and emails. The order lock, the conditional update of
 * units_on_returns and its CHECK are three lines of defence against two requests taking the same units.
 * A withdrawal's return (`withdrawal`) is not a request the shop may refuse: the withdrawal service has
 * checked the legal period, so it goes through when returns are switched off and past the return
 * window or a final sale (recorded as overridden); it uses the withdrawal reason and action.
 */
export async function createReturn(
  tx: Db,
  actor: Actor,
  input: CreateReturnInput,
  ctx: ServiceContext,
  staff?: StaffCreateExtras,
  withdrawal?: WithdrawalExtras
): Promise<number> {
  const order = await lockOrder(tx, actor, input.orderNumber);
  const settings = await getSettings(tx);
  if (actor.type === 'customer' && !settings.returnsAllowed && !withdrawal) {
    throw new ApiError(403, 'returns_disabled', 'The shop does not accept return requests at the moment.');
  }
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const reasons = await tx
    .select()
    .from(returnReasons)
    .where(
      withdrawal ? or(eq(returnReasons.active, true), eq(returnReasons.code, WITHDRAWAL_REASON.code)) : eq(returnReasons.active, true)
    );
  const actions = await tx
    .select({ id: returnActions.id, code: returnActions.code, labelEn: returnActions.labelEn })
    .from(returnActions)
    .where(
      withdrawal ? or(eq(returnActions.active, true), eq(returnActions.code, WITHDRAWAL_ACTION.code)) : eq(returnActions.active, true)
    );

  const check = checkLines(input.lines, {
    order,
    lines,
    reasons,
    actionIds: actions.map((a) => a.id),
    windowDays: settings.windowDays,
    timeZone: settings.timeZone,
    now: ctx.now,
    override: Boolean(withdrawal) || (actor.type === 'staff' && (staff?.override ?? false))
  });
  if (Object.keys(check.fields).length) throw lineRefusal(check.fields);
  const replacements = await checkReplacements(tx, input.lines, {
    lines,
    actions,
    exchangesEnabled: settings.exchangesEnabled,
    requireChoice: actor.type === 'customer'
  });
  const state: ReturnState = staff?.state ?? 'requested';
  if (
    state === 'items_needed' &&
    !input.lines.some((l, i) =>
      sendsReplacement({
        actionCode: actions.find((a) => a.id === l.actionId)?.code ?? '',
        replacementVariantId: replacements.get(i)?.variantId ?? null
      })
    )
  ) {
    throw noReplacement();
  }
  const restock = staff?.restock ?? {};
  refuseRestockNow(restock, RECEIVED_STATES.includes(state), 'Restock is decided when the return reaches Items received.');
  refuseUnknownRestockLines(
    restock,
    input.lines.map((l) => String(l.orderLineId))
  );

  await reserveUnits(tx, input.lines);
  const written = await writeReturn(
    tx,
    order,
    {
      state,
      createdByStaffId: actor.type === 'staff' ? actor.id : null,
      comment: input.comment ?? '',
      staffNote: staff?.staffNote ?? '',
      withdrawalId: withdrawal?.withdrawalId ?? null,
      now: ctx.now
    },
    input.lines,
    reasons,
    replacements
  );
  const { ret } = written;
  // A return started approved or later by staff holds its replacements at once.
  const reserved = REPLACEMENT_HELD_STATES.includes(state) ? await reserveReplacements(tx, ret.id, ctx.now) : [];
  if (ctx.webhooks && state === 'items_needed') await queueExchangeRequested(tx, ret.id, ctx.now);
  const message = actor.type === 'staff' ? await addMessage(tx, ret.id, actor, staff?.customerMessage, ctx.now) : null;
  if (ctx.webhooks) await queueReturnCreated(tx, ret.id, ctx.now);

  // Decisions come by order line; the receipt and restock steps key them by return line. Everything asked arrived.
  const byLine = Object.fromEntries(
    written.lines.map((l) => [String(l.id), restock[String(l.orderLineId)]]).filter(([, v]) => v !== undefined)
  ) as Record<string, boolean>;
  if (RECEIVED_STATES.includes(state)) await recordReceipt(tx, ret.id, {}, byLine);
  const restocked = RECEIVED_STATES.includes(state)
    ? await applyRestock(tx, ret.id, byLine, { posLinked: settings.inventoryLinkedToPos, now: ctx.now, webhooks: ctx.webhooks })
    : undefined;

  await writeAudit(tx, actor, {
    entity: 'return',
    entityId: ret.number,
    returnId: ret.id,
    action: 'created',
    changes: {
      state: [null, state],
      lines: input.lines.map((l) => ({
        orderLineId: l.orderLineId,
        quantity: l.quantity,
        reasonId: l.reasonId,
        actionId: l.actionId,
        ...(l.replacementVariantId ? { replacementVariantId: l.replacementVariantId } : {})
      })),
      ...(reserved.length ? { reserved: [null, reserved] } : {}),
      ...(check.overridden.length ? { override: check.overridden } : {}),
      ...(withdrawal ? { withdrawal: withdrawal.withdrawalId } : {}),
      ...(message ? { customerMessage: [null, message] } : {}),
      ...(restocked ? { restock: restocked } : {})
    },
    now: ctx.now
  });

  if (staff?.notify) await notifyCustomer(tx, ret.id, ctx.publicUrl, ctx.now, message ?? '');
  // A withdrawal's consumer gets the withdrawal acknowledgement instead of the "request received" email.
  if (actor.type === 'customer' && !withdrawal) {
    await notifyNewRequest(
      tx,
      ret,
      {
        shopEmail: settings.contactEmail,
        order,
        lines: input.lines.map((l, i) => {
          const line = lines.find((ol) => ol.id === l.orderLineId)!;
          const replacement = replacements.get(i);
          return {
            name: line.productName,
            variant: line.variantLabel,
            quantity: l.quantity,
            reason: reasons.find((r) => r.id === l.reasonId)!.labelEn + (l.reasonText ? `: ${l.reasonText}` : ''),
            action: actions.find((a) => a.id === l.actionId)!.labelEn + (replacement ? ` (${replacement.name})` : '')
          };
        }),
        comment: input.comment ?? ''
      },
      ctx
    );
  }
  return ret.id;
}

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
