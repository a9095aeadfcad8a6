import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, notExists, sql } from 'drizzle-orm';
import type { AttachWithdrawalInput, WithdrawalInput } from '#shared/schemas/withdrawals.ts';
import type { Locale } from '#shared/states.ts';
import { writeAudit, type AuditActor, type Changes } from '../audit/write.ts';
import type { Db } from '../db/client.ts';
import { WITHDRAWAL_ACTION, WITHDRAWAL_REASON } from '../db/defaults.ts';
import { TOKEN_SHAPE, oneTimeLink } from '../auth/one-time-link.ts';
import { randomId, tokenHash } from '../auth/tokens.ts';
import {
  customers,
  orderLines,
  orders,
  returnActions,
  returnReasons,
  returns,
  shopSettings,
  withdrawalDecisions,
  withdrawalLinks,
  withdrawals
} from '../db/schema.ts';
import type { Actor, ServiceContext, StaffActor } from '../deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { queueWithdrawalReceived } from '../outbound/webhooks.ts';
import { updateReturn } from '../returns/use-cases/update-return.ts';
import { withdrawalReturn } from '../returns/use-cases/withdrawal-return.ts';
import { returnableQuantity } from '../returns/rules.ts';
import { getSettings, type ShopSettings } from '../settings/views.ts';
import { queueAcknowledgement, queueAttachedNotice, queueClosingNote, queueShopNotice } from './notices.ts';
import { differencesFrom } from './differences.ts';
import { refundDeadline, withinPeriod, type UnmatchedReason } from './rules.ts';

type Statement = typeof withdrawals.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

type Decision = Omit<typeof withdrawalDecisions.$inferInsert, 'withdrawalId' | 'createdAt'>;

/** A decision on statement `s`, with its audit event (the decision's kind as its action, on the return it names). */
async function decide(tx: Db, actor: AuditActor, s: Statement, decision: Decision, changes: Changes, now: Date): Promise<void> {
  await tx.insert(withdrawalDecisions).values({ ...decision, withdrawalId: s.id, createdAt: now });
  await writeAudit(tx, actor, {
    entity: 'withdrawal',
    entityId: s.reference,
    action: decision.kind,
    changes,
    returnId: decision.returnId ?? undefined,
    now
  });
}

/** A reference the consumer can quote: `W-` and 10 random base-32 characters. */
function newReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return `W-${[...randomBytes(10)].map((b) => alphabet[b % 32]).join('')}`;
}

export const refuseWhenOff = (settings: ShopSettings) => {
  if (!settings.withdrawalEnabled) throw new ApiError(404, 'withdrawal_disabled', 'The shop does not offer the withdrawal function here.');
};

type MatchResult =
  { kind: 'matched'; order: OrderRow; returnId: number } | { kind: 'unmatched'; reason: UnmatchedReason; order: OrderRow | null };

type Units = { orderLineId: number; quantity: number }[];

/**
 * Lines and units of the withdrawal's return when it matched by itself, read with the order locked:
 * the signed-in owner's choice (capped to what is still free), or, when the statement named no items,
 * every unit still free on the order. Null when the items were named some other way (free text, or
 * lines sent without the owner's session): staff pick them, the consumer's words never reserve everything.
 */
async function unitsToReturn(tx: Db, order: OrderRow, statement: Statement): Promise<Units | null> {
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const ownerChose = statement.customerId !== null && statement.customerId === order.customerId && statement.lines.length > 0;
  if (!ownerChose && (statement.items !== '' || statement.lines.length > 0)) return null;
  const wanted = ownerChose
    ? statement.lines.map((c) => ({ line: lines.find((l) => l.id === c.orderLineId), quantity: c.quantity }))
    : lines.map((l) => ({ line: l, quantity: l.quantity }));
  return wanted
    .filter((w): w is { line: (typeof lines)[number]; quantity: number } => w.line !== undefined)
    .map((w) => ({ orderLineId: w.line.id, quantity: Math.min(w.quantity, returnableQuantity(w.line)) }))
    .filter((w) => w.quantity > 0);
}

/** The ids of the withdrawal reason and action (rows every shop has, see db/defaults.ts). */
async function withdrawalCatalog(tx: Db) {
  const [reason] = await tx.select({ id: returnReasons.id }).from(returnReasons).where(eq(returnReasons.code, WITHDRAWAL_REASON.code));
  const [action] = await tx.select({ id: returnActions.id }).from(returnActions).where(eq(returnActions.code, WITHDRAWAL_ACTION.code));
  if (!reason || !action) throw new Error('the withdrawal reason and action are missing (ensureDefaults)');
  return { reasonId: reason.id, actionId: action.id };
}

/** The withdrawal's return on `units` of `order`, through withdrawalReturn (the same lock, checks and unit reservation as any return). */
async function makeReturn(tx: Db, actor: Actor, order: OrderRow, statement: Statement, units: Units, ctx: ServiceContext) {
  const { reasonId, actionId } = await withdrawalCatalog(tx);
  return withdrawalReturn(
    tx,
    actor,
    { orderNumber: order.number, lines: units.map((u) => ({ ...u, reasonId, actionId })) },
    ctx,
    statement.id
  );
}

/** The order a statement names, when its email is the order's: otherwise, as if there were none. */
async function orderNamed(tx: Db, statement: Statement): Promise<OrderRow | null> {
  const [order] = await tx.select().from(orders).where(eq(orders.number, statement.orderNumber)).limit(1);
  return order && order.email === statement.email ? order : null;
}

/**
 * Matches a statement by itself: the order of that number and email, within its period, and a return
 * on the units the statement allows (in a savepoint: when it cannot be made, only the return is undone).
 */
async function matchStatement(tx: Db, statement: Statement, settings: ShopSettings, ctx: ServiceContext): Promise<MatchResult> {
  const order = await orderNamed(tx, statement);
  if (!order) return { kind: 'unmatched', reason: 'no_order', order: null };
  const period = withinPeriod(order, settings, statement.submittedAt);
  if (period !== 'within') return { kind: 'unmatched', reason: period, order };
  const returnId = await tx.transaction(async (sp) => {
    // The order's lock first (withdrawalReturn takes it again), so the units read below cannot change.
    await sp.select({ id: orders.id }).from(orders).where(eq(orders.id, order.id)).for('update');
    const units = await unitsToReturn(sp, order, statement);
    if (units === null) return 'items_to_pick' as const;
    if (units.length === 0) return null;
    try {
      return await sp.transaction((inner) => makeReturn(inner, { type: 'customer', id: order.customerId }, order, statement, units, ctx));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) return null;
      throw err;
    }
  });
  if (returnId === 'items_to_pick') return { kind: 'unmatched', reason: 'items_to_pick', order };
  if (returnId === null) return { kind: 'unmatched', reason: 'nothing_returnable', order };
  return { kind: 'matched', order, returnId };
}

async function returnNumberOf(tx: Db, returnId: number | null): Promise<string | null> {
  if (returnId === null) return null;
  const [row] = await tx.select({ number: returns.number }).from(returns).where(eq(returns.id, returnId));
  return row?.number ?? null;
}

/** How long the acknowledgement's link lets the consumer see and cancel the statement. */
export const WITHDRAWAL_LINK_DAYS = 30;

/**
 * Stores a withdrawal statement exactly as submitted and queues its acknowledgement (with its
 * one-time link), in one transaction, and nothing else: the work is the same whatever order number
 * and email it names. Matching it to an order comes after the answer (matchWaitingWithdrawals).
 * Refused (429) once the shop has received SHOP_HOURLY_LIMIT statements in the last hour.
 */
export async function submitWithdrawal(
  db: Db,
  input: WithdrawalInput,
  from: { address: string; customerId: number | null },
  ctx: ServiceContext
): Promise<{ reference: string; submittedAt: string }> {
  return db.transaction(async (tx) => {
    // The settings row's lock serialises statements, so the hourly count below cannot be overrun.
    await tx.select({ id: shopSettings.id }).from(shopSettings).where(eq(shopSettings.id, 1)).for('update');
    const settings = await getSettings(tx);
    refuseWhenOff(settings);
    const load = await shopLoad(tx, ctx.now);
    if (load.reached) {
      throw new ApiError(429, 'too_many_attempts', 'Too many withdrawals sent. Try again later.', {
        headers: { 'Retry-After': String(load.retryAfterSeconds) }
      });
    }
    const [statement] = await tx
      .insert(withdrawals)
      .values({
        reference: newReference(),
        name: input.name,
        email: input.email,
        orderNumber: input.orderNumber,
        items: input.items ?? '',
        // Kept as sent; lines count for matching only when the signed-in owner sent them.
        lines: input.lines ?? [],
        customerId: from.customerId,
        locale: input.locale,
        clientAddress: from.address,
        submittedAt: ctx.now
      })
      .returning();
    const s = statement!;
    const actor: AuditActor = from.customerId === null ? { type: 'system', id: null } : { type: 'customer', id: from.customerId };
    await writeAudit(tx, actor, { entity: 'withdrawal', entityId: s.reference, action: 'submitted', changes: {}, now: ctx.now });

    const link = await newLink(tx, s.id, s.email, ctx);
    const chosen = await chosenByName(tx, s);
    await queueAcknowledgement(tx, { ...s, locale: s.locale as Locale, chosen }, settings, link, ctx.now);
    return { reference: s.reference, submittedAt: s.submittedAt.toISOString() };
  });
}

/** A one-time link to see and cancel statement `withdrawalId`, for the mailbox `email` (only its hash is stored). */
async function newLink(tx: Db, withdrawalId: number, email: string, ctx: ServiceContext): Promise<string> {
  const token = randomId() + randomId();
  await tx.insert(withdrawalLinks).values({
    tokenHash: tokenHash(token),
    withdrawalId,
    email,
    expiresAt: new Date(ctx.now.getTime() + WITHDRAWAL_LINK_DAYS * 86_400_000),
    createdAt: ctx.now
  });
  return oneTimeLink(ctx.publicUrl, '/withdraw/statement', token);
}

/** Statements the matcher takes per pass. */
const MATCH_BATCH = 20;

/**
 * The step after the answer: each stored statement with no decision yet is matched to its order
 * (same number and email, within its period: its return is made) or left for staff with why; the
 * decision, the shop's notice (its refund clock started) and the `withdrawal.received` event are
 * written together. Durable (the statement without a decision is the job: a crash leaves it for
 * the next pass) and idempotent (each statement is taken under its lock and skipped once decided).
 * Answers how many statements it decided.
 */
export async function matchWaitingWithdrawals(db: Db, ctx: ServiceContext): Promise<number> {
  const waiting = await db
    .select({ id: withdrawals.id })
    .from(withdrawals)
    .where(
      notExists(
        db
          .select({ one: sql`1` })
          .from(withdrawalDecisions)
          .where(eq(withdrawalDecisions.withdrawalId, withdrawals.id))
      )
    )
    .orderBy(asc(withdrawals.id))
    .limit(MATCH_BATCH);
  let decided = 0;
  for (const { id } of waiting) if (await matchOne(db, id, ctx)) decided++;
  return decided;
}

async function matchOne(db: Db, id: number, ctx: ServiceContext): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update', { skipLocked: true });
    if (!s) return false;
    const [any] = await tx
      .select({ id: withdrawalDecisions.id })
      .from(withdrawalDecisions)
      .where(eq(withdrawalDecisions.withdrawalId, id))
      .limit(1);
    if (any) return false;
    const settings = await getSettings(tx);
    const match = await matchStatement(tx, s, settings, ctx);
    await decide(
      tx,
      { type: 'system', id: null },
      s,
      {
        kind: match.kind,
        reason: match.kind === 'unmatched' ? match.reason : null,
        orderId: match.order?.id ?? null,
        returnId: match.kind === 'matched' ? match.returnId : null
      },
      match.kind === 'matched' ? { order: match.order.number } : { reason: match.reason },
      ctx.now
    );
    const returnNumber = match.kind === 'matched' ? await returnNumberOf(tx, match.returnId) : null;
    if (settings.contactEmail) {
      await queueShopNotice(
        tx,
        settings.contactEmail,
        {
          reference: s.reference,
          submittedAt: s.submittedAt,
          refundDeadline: refundDeadline(s.submittedAt, settings.timeZone),
          orderNumber: s.orderNumber,
          returnNumber
        },
        settings,
        ctx.publicUrl,
        ctx.now
      );
    }
    if (ctx.webhooks) {
      await queueWithdrawalReceived(
        tx,
        {
          reference: s.reference,
          submittedAt: s.submittedAt.toISOString(),
          statement: { name: s.name, email: s.email, orderNumber: s.orderNumber, items: s.items, lines: s.lines, locale: s.locale },
          matchedOrderNumber: match.kind === 'matched' ? match.order.number : null,
          returnNumber
        },
        ctx.now
      );
    }
    return true;
  });
}

/** Statements the shop takes per hour at most; past it the form answers 429 and staff see it. */
export const SHOP_HOURLY_LIMIT = 60;

/** The statements of the last hour, whether the shop's hourly limit is reached, and when it frees up. */
export async function shopLoad(db: Db, now: Date) {
  const since = new Date(now.getTime() - 3_600_000);
  const recent = await db
    .select({ at: withdrawals.submittedAt })
    .from(withdrawals)
    .where(gt(withdrawals.submittedAt, since))
    .orderBy(desc(withdrawals.submittedAt))
    .limit(SHOP_HOURLY_LIMIT);
  const reached = recent.length >= SHOP_HOURLY_LIMIT;
  // The oldest of the last SHOP_HOURLY_LIMIT leaves the hour first.
  const freesAt = reached ? new Date(recent.at(-1)!.at.getTime() + 3_600_000) : null;
  return {
    reached,
    limit: SHOP_HOURLY_LIMIT,
    lastHour: recent.length,
    freesAt,
    retryAfterSeconds: freesAt ? Math.max(1, Math.ceil((freesAt.getTime() - now.getTime()) / 1000)) : 0
  };
}

/**
 * The chosen lines for the acknowledgement: by product name when the signed-in owner chose lines of
 * their order, else by line number as sent (an order's contents are never mailed to anyone else).
 */
async function chosenByName(tx: Db, s: Statement) {
  if (s.lines.length === 0) return [];
  const [order] =
    s.customerId === null
      ? []
      : await tx
          .select({ id: orders.id })
          .from(orders)
          .where(and(eq(orders.number, s.orderNumber), eq(orders.customerId, s.customerId)));
  const rows = order
    ? await tx
        .select({ id: orderLines.id, name: orderLines.productName })
        .from(orderLines)
        .where(
          and(
            eq(orderLines.orderId, order.id),
            inArray(
              orderLines.id,
              s.lines.map((l) => l.orderLineId)
            )
          )
        )
    : [];
  return s.lines.map((l) => ({ name: rows.find((r) => r.id === l.orderLineId)?.name ?? `#${l.orderLineId}`, quantity: l.quantity }));
}

/** The statement, locked against a second decision, refusing one that already has its final decision or was cancelled. */
async function openStatement(tx: Db, id: number): Promise<Statement> {
  const [s] = await tx.select().from(withdrawals).where(eq(withdrawals.id, id)).for('update');
  if (!s) throw notFound('No such withdrawal.');
  const [final] = await tx
    .select({ kind: withdrawalDecisions.kind })
    .from(withdrawalDecisions)
    .where(
      and(eq(withdrawalDecisions.withdrawalId, id), inArray(withdrawalDecisions.kind, ['matched', 'attached', 'closed', 'cancelled']))
    );
  if (final) throw new ApiError(409, 'withdrawal_decided', 'This withdrawal was already matched, closed or cancelled.');
  return s;
}

/**
 * Staff attach a waiting statement to an order (any order: they judged it is the one, in period or
 * not) on the lines and units they picked. When the statement's email or name is not the order's
 * (differencesFrom), they must confirm it (422 `withdrawal_differs` otherwise); the decision records
 * what they confirmed. Audited with who did it.
 */
export async function attachWithdrawal(db: Db, actor: StaffActor, id: number, input: AttachWithdrawalInput, ctx: ServiceContext) {
  return db.transaction(async (tx) => {
    const s = await openStatement(tx, id);
    const [order] = await tx.select().from(orders).where(eq(orders.number, input.orderNumber)).limit(1);
    if (!order) throw new ApiError(422, 'unknown_order', 'No order has this number.', { fields: { orderNumber: 'unknown_order' } });
    const differences = await differencesFrom(tx, s, order);
    if (differences.length > 0 && input.confirmDifferences !== true) {
      throw new ApiError(
        422,
        'withdrawal_differs',
        `The statement's ${differences.join(' and ')} differ from the order's: confirm to attach it.`,
        {
          fields: Object.fromEntries([['confirmDifferences', 'required'], ...differences.map((d) => [d, 'differs'])])
        }
      );
    }
    const returnId = await tx.transaction((sp) => makeReturn(sp, actor, order, s, input.lines, ctx));
    await decide(
      tx,
      actor,
      s,
      { kind: 'attached', orderId: order.id, returnId, staffId: actor.id, confirmedDifferences: differences },
      { order: order.number, lines: input.lines, ...(differences.length ? { confirmedDifferences: differences } : {}) },
      ctx.now
    );
    const returnNumber = (await returnNumberOf(tx, returnId))!;
    if (differences.includes('email')) {
      // The order's customer did not get the acknowledgement: they are told, with their own link to see or cancel it.
      const [customer] = await tx.select({ locale: customers.locale }).from(customers).where(eq(customers.id, order.customerId));
      const link = await newLink(tx, s.id, order.email, ctx);
      await queueAttachedNotice(
        tx,
        {
          to: order.email,
          locale: customer?.locale === 'fr' ? 'fr' : 'en',
          reference: s.reference,
          orderNumber: order.number,
          returnNumber,
          link
        },
        await getSettings(tx),
        ctx.now
      );
    }
    return { returnNumber };
  });
}

/** Staff close a waiting statement with a note, emailed to the consumer in the statement's language. Audited. */
export async function closeWithdrawal(db: Db, actor: StaffActor, id: number, note: string, ctx: ServiceContext) {
  return db.transaction(async (tx) => {
    const s = await openStatement(tx, id);
    const settings = await getSettings(tx);
    await decide(tx, actor, s, { kind: 'closed', note, staffId: actor.id }, { note }, ctx.now);
    await queueClosingNote(tx, { ...s, locale: s.locale as Locale, note }, settings, ctx.now);
  });
}

/** The statement a live acknowledgement link names (not spent, not expired), or null: the caller cannot tell why. */
export async function statementOfLink(db: Db, token: string, now: Date, lock = false): Promise<(Statement & { linkEmail: string }) | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const query = db
    .select({ s: withdrawals, linkEmail: withdrawalLinks.email })
    .from(withdrawalLinks)
    .innerJoin(withdrawals, eq(withdrawals.id, withdrawalLinks.withdrawalId))
    .where(and(eq(withdrawalLinks.tokenHash, tokenHash(token)), isNull(withdrawalLinks.usedAt), gt(withdrawalLinks.expiresAt, now)));
  const [row] = lock ? await query.for('update', { of: withdrawalLinks }) : await query;
  return row ? { ...row.s, linkEmail: row.linkEmail } : null;
}

/**
 * The consumer cancels a statement from its acknowledgement's link (once: the link is spent). A
 * return made for it is cancelled too, its units released, while it is still only requested (the
 * same move a shopper may make); once the shop has taken it further, the consumer writes to the shop
 * (409 `withdrawal_not_cancellable`). Recorded as a `cancelled` decision and audited.
 */
export async function cancelWithdrawalByLink(db: Db, token: string, ctx: ServiceContext): Promise<{ reference: string }> {
  return db.transaction(async (tx) => {
    const s = await statementOfLink(tx, token, ctx.now, true);
    if (!s) throw new ApiError(400, 'invalid_link', 'This link has expired or is not valid.', { fields: { token: 'invalid_link' } });
    await tx.select({ id: withdrawals.id }).from(withdrawals).where(eq(withdrawals.id, s.id)).for('update');
    const decisions = await tx.select().from(withdrawalDecisions).where(eq(withdrawalDecisions.withdrawalId, s.id));
    if (decisions.some((d) => d.kind === 'closed' || d.kind === 'cancelled')) {
      throw new ApiError(409, 'withdrawal_decided', 'This withdrawal was already closed or cancelled.');
    }
    const made = decisions.find((d) => (d.kind === 'matched' || d.kind === 'attached') && d.returnId !== null);
    const [ret] = made ? await tx.select().from(returns).where(eq(returns.id, made.returnId!)) : [];
    if (ret && ret.state !== 'cancelled') {
      if (ret.state !== 'requested') {
        throw new ApiError(
          409,
          'withdrawal_not_cancellable',
          'The shop is already handling this withdrawal: write to the shop to cancel it.'
        );
      }
      await updateReturn(tx, { type: 'customer', id: ret.customerId }, ret.number, { version: ret.version, state: 'cancelled' }, ctx);
    }
    await tx
      .update(withdrawalLinks)
      .set({ usedAt: ctx.now })
      .where(eq(withdrawalLinks.tokenHash, tokenHash(token)));
    await decide(
      tx,
      { type: 'system', id: null },
      s,
      { kind: 'cancelled', orderId: made?.orderId ?? null, returnId: ret?.id ?? null },
      { by: 'acknowledgement_link' },
      ctx.now
    );
    return { reference: s.reference };
  });
}
