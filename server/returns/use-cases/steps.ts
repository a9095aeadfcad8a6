import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { isOneSize } from '#shared/exchanges.ts';
import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import type { CreditMethod } from '#shared/settlement.ts';
import { RECEIVED_STATES, REPLACEMENT_HELD_STATES, type ReturnState } from '#shared/states.ts';
import { writeAudit } from '../../audit/write.ts';
import type { Db } from '../../db/client.ts';
import { CLAIM_ACTION, CLAIM_REASONS, WITHDRAWAL_ACTION, WITHDRAWAL_REASON } from '../../db/defaults.ts';
import { orderLines, orders, returnActions, returnLines, returnReasons, returns, variants } from '../../db/schema.ts';
import type { Actor, ServiceContext } from '../../deps.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { queueExchangeRequested, queueReturnCreated } from '../../outbound/webhooks.ts';
import type { ShopSettings } from '../../settings/views.ts';
import { checkReplacements, reserveReplacements, type Replacement } from '../exchanges.ts';
import { applyRestock } from '../restock.ts';
import { checkLines, type LineCheck, type LineRuleTerms } from '../rules.ts';
import { recordReceipt } from '../settlement.ts';
import { lineRefusal } from '../units.ts';
import type { WrittenLine } from '../views.ts';

/**
 * The named steps a new return is made of (docs/architecture.md, "Where each rule of a return is").
 * Each use case (`request-return.ts`, `staff-create-return.ts`, `withdrawal-return.ts`) lists the
 * ones it takes, in this order: lock the order → read what the checks need → check the lines →
 * take the units → write → hold replacements → webhooks → restock → audit → notices. The order
 * lock, the conditional update of units_on_returns and its CHECK are three lines of defence against
 * two requests taking the same units.
 */

export type OrderRow = typeof orders.$inferSelect;
type ReasonRow = typeof returnReasons.$inferSelect;
type ActionRow = typeof returnActions.$inferSelect;
type ReturnRow = typeof returns.$inferSelect;

/** What the checks, the write and the notices need to know: the shop's settings, the order's lines, the reasons and actions a return may use. */
export type ReturnFacts = {
  order: OrderRow;
  settings: ShopSettings;
  /** The order's lines, each with whether its product is made in one size (no size reason nor size exchange). */
  lines: (typeof orderLines.$inferSelect & { oneSize: boolean } & LineRuleTerms)[];
  reasons: ReasonRow[];
  actions: ActionRow[];
};

/** Lock: the order row, locked; every returns writer takes it first, so writers on one order run one after the other. */
export async function lockOrder(tx: Db, actor: Actor, number: string): Promise<OrderRow> {
  const where = actor.type === 'customer' ? and(eq(orders.number, number), eq(orders.customerId, actor.id)) : eq(orders.number, number);
  const [order] = await tx.select().from(orders).where(where).for('update');
  if (!order) throw notFound('No such order.');
  return order;
}

/** Guard: a shopper may not request a return while the shop accepts none. */
export function throwIfReturnsDisabled(settings: ShopSettings): void {
  if (!settings.returnsAllowed) throw new ApiError(403, 'returns_disabled', 'The shop does not accept return requests at the moment.');
}

/**
 * Read: the order's lines and the reasons and actions a return may use: the active ones, with the
 * withdrawal's own reason and action for a withdrawal's return; a claim's own, only, for a claim.
 */
export async function readFacts(
  tx: Db,
  order: OrderRow,
  settings: ShopSettings,
  opts: { withdrawal: boolean; claim?: boolean }
): Promise<ReturnFacts> {
  const usable = (table: typeof returnReasons | typeof returnActions, own: string[]): SQL | undefined =>
    opts.claim
      ? inArray(table.code, own)
      : opts.withdrawal
        ? or(eq(table.active, true), eq(table.code, table === returnReasons ? WITHDRAWAL_REASON.code : WITHDRAWAL_ACTION.code))
        : eq(table.active, true);
  // The three reads go out together: in a transaction postgres.js sends them on one connection without
  // waiting for each answer (PGlite runs them in turn).
  const [rows, reasons, actions] = await Promise.all([
    // Each line with whether its product is made in one size (`isOneSize`: its variants counted, its label).
    tx
      .select({
        line: orderLines,
        variantCount: sql<number>`(select count(*)::int from ${variants} other where other.product_id = ${variants.productId})`,
        catalogueLabel: variants.label
      })
      .from(orderLines)
      .leftJoin(variants, eq(variants.id, orderLines.variantId))
      .where(eq(orderLines.orderId, order.id)),
    tx
      .select()
      .from(returnReasons)
      .where(
        usable(
          returnReasons,
          CLAIM_REASONS.map((r) => r.code)
        )
      ),
    tx
      .select()
      .from(returnActions)
      .where(usable(returnActions, [CLAIM_ACTION.code]))
  ]);
  const lines = rows.map((r) => ({ ...r.line, oneSize: isOneSize(r.variantCount, r.catalogueLabel) }));
  return { order, settings, lines, reasons, actions };
}

/**
 * Check lines: each requested line (rules.ts `checkLines`: 422 `return_not_allowed` naming the
 * line), then each replacement (exchanges.ts). `override` accepts lines past the window or on final
 * sale (recorded in the audit row); `requireChoice` makes a shopper's exchange name its replacement.
 */
export async function checkRequestedLines(
  tx: Db,
  requested: CreateReturnInput['lines'],
  facts: ReturnFacts,
  ctx: ServiceContext,
  opts: { override: boolean; requireChoice: boolean }
): Promise<{ overridden: LineCheck['overridden']; replacements: Map<number, Replacement> }> {
  const check = checkLines(requested, {
    order: facts.order,
    lines: facts.lines,
    reasons: facts.reasons,
    actions: facts.actions,
    windowDays: facts.settings.windowDays,
    timeZone: facts.settings.timeZone,
    now: ctx.now,
    override: opts.override
  });
  if (Object.keys(check.fields).length) throw lineRefusal(check.fields);
  const replacements = await checkReplacements(tx, requested, {
    lines: facts.lines,
    actions: facts.actions,
    exchangesEnabled: facts.settings.exchangesEnabled,
    requireChoice: opts.requireChoice
  });
  return { overridden: check.overridden, replacements };
}

/** A new return as written: its row and its lines, in the order `linesOf` reads them. */
export type WrittenReturn = { ret: ReturnRow; lines: WrittenLine[] };

/** The written line rows as `linesOf` reads them (ordered as the order's lines), from the facts already read. */
function asRead(written: (typeof returnLines.$inferSelect)[], facts: ReturnFacts, replacements: Map<number, Replacement>): WrittenLine[] {
  const { reasons, actions } = facts;
  const lines = written.map((row, i): WrittenLine & { position: number } => {
    const line = facts.lines.find((ol) => ol.id === row.orderLineId)!;
    return {
      position: line.position,
      id: row.id,
      orderLineId: row.orderLineId,
      name: line.productName,
      variant: line.variantLabel,
      sku: line.sku,
      variantId: line.variantId,
      quantity: row.quantity,
      reason: reasons.find((r) => r.id === row.reasonId)!,
      reasonText: row.reasonText,
      action: actions.find((a) => a.id === row.actionId)!,
      restock: row.restock,
      unitsReceived: row.unitsReceived,
      condition: row.condition,
      unitsCredited: row.unitsCredited,
      amountCreditedCents: row.amountCreditedCents,
      creditMethod: row.creditMethod as CreditMethod | null,
      keepItem: row.keepItem,
      replacement: replacements.get(i)?.name ?? null,
      replacementSku: replacements.get(i)?.sku ?? null,
      replacementLabel: replacements.get(i)?.label ?? null,
      replacementUnits: row.replacementUnits,
      priceDifferenceCents: row.priceDifferenceCents
    };
  });
  lines.sort((a, b) => a.position - b.position || a.id - b.id);
  return lines.map(({ position: _, ...l }) => l);
}

/**
 * Write: the return row and its lines; the number counts the order's returns (`R-<order>-<n>`).
 * The lines are answered as `linesOf` would read them, built from the rows the insert returns and
 * the facts already read: the webhook, the emails and the shopper's answer use them, and no step
 * reads them again.
 */
export async function writeReturn(
  tx: Db,
  facts: ReturnFacts,
  fields: {
    state: ReturnState;
    createdByStaffId: number | null;
    comment: string;
    staffNote: string;
    withdrawalId: number | null;
    now: Date;
    /** A claim (docs/decisions.md "Claims"); default a return. */
    kind?: 'return' | 'claim';
  },
  requested: CreateReturnInput['lines'],
  replacements: Map<number, Replacement>
): Promise<WrittenReturn> {
  const { order, reasons } = facts;
  // Counted in the insert itself: the order's lock keeps any other writer of its returns waiting.
  const [created] = await tx
    .insert(returns)
    .values({
      number: sql`${`R-${order.number}-`}::text || ((select count(*) from ${returns} where ${returns.orderId} = ${order.id}) + 1)::text`,
      orderId: order.id,
      customerId: order.customerId,
      state: fields.state,
      createdByStaffId: fields.createdByStaffId,
      customerComment: fields.comment,
      customerCommentBy: fields.createdByStaffId === null ? 'customer' : 'staff',
      staffNote: fields.staffNote,
      withdrawalId: fields.withdrawalId,
      kind: fields.kind ?? 'return',
      createdAt: fields.now,
      updatedAt: fields.now
    })
    .returning();
  const written = await tx
    .insert(returnLines)
    .values(
      requested.map((l, i) => ({
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
  return { ret: created!, lines: asRead(written, facts, replacements) };
}

/** Hold replacements: a return started approved or later (by staff) holds its replacements at once. */
export async function holdReplacements(tx: Db, ret: ReturnRow, now: Date) {
  return REPLACEMENT_HELD_STATES.includes(ret.state as ReturnState) ? reserveReplacements(tx, ret.id, now) : [];
}

/** Webhooks: `exchange.requested` when the return starts at `items_needed`, then `return.created` (only when the shop takes webhooks). */
export async function queueExchangeWebhook(tx: Db, ret: ReturnRow, ctx: ServiceContext): Promise<void> {
  if (ctx.webhooks && ret.state === 'items_needed') await queueExchangeRequested(tx, ret.id, ctx.now);
}

/** The `return.created` webhook (`claim.created` for a claim), with the lines as written (only when the shop takes webhooks). */
export async function queueCreatedWebhook(tx: Db, written: WrittenReturn, ctx: ServiceContext): Promise<void> {
  if (!ctx.webhooks) return;
  await queueReturnCreated(
    tx,
    written.ret.kind === 'claim' ? 'claim.created' : 'return.created',
    written.ret.id,
    ctx.now,
    written.lines.map((l) => ({
      sku: l.sku,
      name: l.name,
      variant: l.variant,
      quantity: l.quantity,
      reason: l.reason.code,
      reasonText: l.reasonText,
      action: l.action.code,
      replacementSku: l.replacementSku
    }))
  );
}

/**
 * Restock: a return that starts at `received` (or later) records that everything asked arrived and
 * applies the restock decisions, which come by order line (`restock`) and are keyed here by return
 * line. Answers the restock for the audit row (undefined when the return starts earlier).
 */
export async function receiveOnCreate(
  tx: Db,
  written: WrittenReturn,
  restock: Record<string, boolean>,
  facts: ReturnFacts,
  ctx: ServiceContext
) {
  if (!RECEIVED_STATES.includes(written.ret.state as ReturnState)) return undefined;
  const byLine = Object.fromEntries(
    written.lines.map((l) => [String(l.id), restock[String(l.orderLineId)]]).filter(([, v]) => v !== undefined)
  ) as Record<string, boolean>;
  await recordReceipt(tx, written.ret.id, {}, byLine);
  return applyRestock(tx, written.ret.id, byLine, { posLinked: facts.settings.inventoryLinkedToPos, now: ctx.now, webhooks: ctx.webhooks });
}

/** Audit: one `created` row with the state, the lines and whatever else this use case did. */
export async function auditCreated(
  tx: Db,
  actor: Actor,
  ret: ReturnRow,
  requested: CreateReturnInput['lines'],
  extra: {
    reserved?: unknown[];
    overridden: LineCheck['overridden'];
    withdrawalId?: number;
    message?: string | null;
    restocked?: unknown;
  },
  now: Date
): Promise<void> {
  await writeAudit(tx, actor, {
    entity: 'return',
    entityId: ret.number,
    returnId: ret.id,
    action: 'created',
    changes: {
      state: [null, ret.state],
      lines: requested.map((l) => ({
        orderLineId: l.orderLineId,
        quantity: l.quantity,
        reasonId: l.reasonId,
        actionId: l.actionId,
        ...(l.replacementVariantId ? { replacementVariantId: l.replacementVariantId } : {})
      })),
      ...(extra.reserved?.length ? { reserved: [null, extra.reserved] } : {}),
      ...(extra.overridden.length ? { override: extra.overridden } : {}),
      ...(extra.withdrawalId !== undefined ? { withdrawal: extra.withdrawalId } : {}),
      ...(extra.message ? { customerMessage: [null, extra.message] } : {}),
      ...(extra.restocked ? { restock: extra.restocked } : {})
    },
    now
  });
}
