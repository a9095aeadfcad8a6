import { and, eq, isNull } from 'drizzle-orm';
import type { ClaimDecisionInput } from '#shared/schemas/staff.ts';
import type { CreditInput } from '#shared/schemas/staff.ts';
import { CLAIM_DECIDABLE_STATES, type ReturnState } from '#shared/states.ts';
import { writeAudit } from '../../audit/write.ts';
import type { Db } from '../../db/client.ts';
import { orderLines, returnLines } from '../../db/schema.ts';
import type { ServiceContext, StaffActor } from '../../deps.ts';
import { ApiError, type FieldErrors } from '../../http/errors.ts';
import { queueExchangeRequested } from '../../outbound/webhooks.ts';
import { refuseUnknownLines } from '../credit-rules.ts';
import { addMessage } from '../messages.ts';
import { notifyCustomer } from '../notices.ts';
import { applyMove } from './state-move.ts';
import { checkVersion, lockReturn, writeUpdate } from './update-return.ts';

type ClaimLine = { id: number; orderLineId: number; quantity: number; variantId: number | null; replacementVariantId: number | null };
type Decided = ClaimDecisionInput['lines'];

/**
 * Refusals of a claim's decision, before anything is written: a claim still to decide
 * (`CLAIM_DECIDABLE_STATES`, else 422 `illegal_transition`), every line decided once and no other
 * (400 `invalid_request`, `lines.<id>`), an amount only on a refund, a reshipment only of an item in
 * the catalogue (422 `replacement_not_allowed`), a message when a line is rejected (400 `invalid_request`, `message: required`).
 */
function refuseDecision(current: { kind: string; state: string }, lines: ClaimLine[], input: ClaimDecisionInput): void {
  if (current.kind !== 'claim' || !CLAIM_DECIDABLE_STATES.includes(current.state as ReturnState)) {
    throw new ApiError(422, 'illegal_transition', 'Only a claim still to decide (new or in progress) is decided per line.', {
      fields: { state: current.kind === 'claim' ? `${current.state}->decided` : 'not_a_claim' }
    });
  }
  refuseUnknownLines(
    input.lines,
    lines.map((l) => l.id),
    'lines'
  );
  const missing: FieldErrors = {};
  const notReshippable: FieldErrors = {};
  for (const line of lines) {
    const d = input.lines[String(line.id)];
    if (!d) missing[`lines.${line.id}.decision`] = 'required';
    else if (d.amountCents !== undefined && d.decision !== 'refund') missing[`lines.${line.id}.amountCents`] = 'refund_only';
    else if (d.decision === 'reship' && line.variantId === null) notReshippable[`lines.${line.id}.decision`] = 'not_in_catalogue';
  }
  if (Object.keys(missing).length) throw new ApiError(400, 'invalid_request', 'Decide every line of the claim.', { fields: missing });
  if (Object.keys(notReshippable).length) {
    throw new ApiError(422, 'replacement_not_allowed', 'This item is not in the catalogue: it cannot be sent again.', {
      fields: notReshippable
    });
  }
  if (Object.values(input.lines).some((d) => d.decision === 'reject') && !input.message?.trim()) {
    throw new ApiError(400, 'invalid_request', 'Tell the shopper why a line is rejected.', { fields: { message: 'required' } });
  }
}

/**
 * The credit of a claim as the credit rules take it (credit-rules.ts, so the database still caps money
 * at what was paid): nothing comes back, so every credited unit is "kept" by the shopper: a reshipped
 * line is credited as its replacement, a refunded one in money (the amount staff give, default what
 * was paid for the units), a rejected one nothing; no return-shipping deduction.
 */
function claimCredit(decided: Decided): CreditInput {
  const lines: NonNullable<CreditInput['lines']> = {};
  for (const [id, d] of Object.entries(decided)) {
    lines[id] =
      d.decision === 'reject'
        ? { method: 'kept' }
        : {
            method: d.decision === 'reship' ? 'replacement' : 'refund',
            keepItem: true,
            ...(d.amountCents !== undefined ? { amountCents: d.amountCents } : {})
          };
  }
  return { lines, deductShipping: false };
}

/** A reshipped line's replacement: the very variant bought, its units, no price difference (held by the trigger of 0028_claims). */
async function setReshipments(tx: Db, lines: ClaimLine[], decided: Decided): Promise<number[]> {
  const reship = lines.filter((l) => decided[String(l.id)]!.decision === 'reship');
  for (const line of reship.filter((l) => l.replacementVariantId === null)) {
    await tx
      .update(returnLines)
      .set({ replacementVariantId: line.variantId, replacementUnits: line.quantity, priceDifferenceCents: 0 })
      .where(and(eq(returnLines.id, line.id), isNull(returnLines.replacementVariantId)));
  }
  return reship.map((l) => l.id);
}

/**
 * Staff decide a claim (`POST /api/staff/returns/{number}/claim-decision`; docs/decisions.md
 * "Claims"), in one transaction: lock the claim → check its version and the decisions → set the
 * reshipped lines' replacement → the move (`applyMove`): to `rejected` when every line is (its units
 * go back), else to `credited`, which reserves the reshipments and decides the credit → for a
 * reshipment `exchange.requested` (the warehouse ships it, as an exchange's) → the message → write →
 * audit → the state email with the message.
 */
export async function decideClaim(db: Db, actor: StaffActor, number: string, input: ClaimDecisionInput, ctx: ServiceContext) {
  return db.transaction(async (tx) => {
    const current = await lockReturn(tx, actor, number);
    checkVersion(current, input.version);
    const lines = await tx
      .select({
        id: returnLines.id,
        orderLineId: returnLines.orderLineId,
        quantity: returnLines.quantity,
        variantId: orderLines.variantId,
        replacementVariantId: returnLines.replacementVariantId
      })
      .from(returnLines)
      .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
      .where(eq(returnLines.returnId, current.id));
    refuseDecision(current, lines, input);
    const rejectAll = Object.values(input.lines).every((d) => d.decision === 'reject');
    const reshipped = rejectAll ? [] : await setReshipments(tx, lines, input.lines);
    const to: ReturnState = rejectAll ? 'rejected' : 'credited';
    const changes = await applyMove(tx, current, to, rejectAll ? {} : { credit: claimCredit(input.lines) }, ctx);
    if (reshipped.length && ctx.webhooks) await queueExchangeRequested(tx, current.id, ctx.now);
    const message = await addMessage(tx, current.id, actor, input.message, ctx.now);
    await writeUpdate(tx, current, to, undefined, ctx.now);
    const decisions = Object.fromEntries(Object.entries(input.lines).map(([id, d]) => [id, d.decision]));
    await writeAudit(tx, actor, {
      entity: 'return',
      entityId: current.number,
      returnId: current.id,
      action: 'updated',
      changes: { ...changes, claimDecision: [null, decisions], ...(message ? { customerMessage: [null, message] } : {}) },
      now: ctx.now
    });
    await notifyCustomer(tx, current.id, ctx.publicUrl, ctx.now, message ?? '');
    return { id: current.id };
  });
}
