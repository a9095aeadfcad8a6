import { eq } from 'drizzle-orm';
import type { CreateClaimInput, CreateReturnInput } from '#shared/schemas/returns.ts';
import { labelIn, localeOf } from '#shared/words/index.ts';
import type { Db } from '../../db/client.ts';
import { CLAIM_ACTION } from '../../db/defaults.ts';
import { customers } from '../../db/schema.ts';
import type { Actor, ServiceContext } from '../../deps.ts';
import { queueClaimReceivedEmail, queueShopNewRequestEmail } from '../../outbound/outbox.ts';
import { getSettings } from '../../settings/views.ts';
import { attachPhotos, throwIfPhotoMissing } from '../photos/store.ts';
import { checkClaimLines } from '../rules.ts';
import { lineRefusal, takeUnits } from '../units.ts';
import type { WrittenLine } from '../views.ts';
import { auditCreated, lockOrder, queueCreatedWebhook, readFacts, writeReturn, type ReturnFacts } from './steps.ts';

/** The claimed lines as a return's lines: each with its claim reason's id and the claim's action ("to be decided by the shop"). */
function asReturnLines(input: CreateClaimInput, facts: ReturnFacts): CreateReturnInput['lines'] {
  const action = facts.actions.find((a) => a.code === CLAIM_ACTION.code)!;
  return input.lines.map((l) => ({
    orderLineId: l.orderLineId,
    quantity: l.quantity,
    reasonId: facts.reasons.find((r) => r.code === l.reason)!.id,
    actionId: action.id,
    ...(l.photos ? { photos: l.photos } : {})
  }));
}

/**
 * A shopper reports a problem with a delivery (`POST /api/claims`; docs/decisions.md "Claims"), in the
 * caller's transaction: lock the order → check the lines (the claim window from delivery, the units
 * still free; a final sale may be claimed; not closed by "returns allowed") → the photo a damaged or
 * wrong item needs → take the units (a claim's units count against what can still be returned or
 * claimed) → write it `requested`, kind `claim` → attach its photos → `claim.created` → audit →
 * "we received your report" to the shopper and the shop's note. No rule of the shop applies, no fee,
 * no slip: nothing comes back. Answers its id and its lines as written.
 */
export async function requestClaim(
  tx: Db,
  actor: Extract<Actor, { type: 'customer' }>,
  input: CreateClaimInput,
  ctx: ServiceContext
): Promise<{ id: number; lines: WrittenLine[] }> {
  const order = await lockOrder(tx, actor, input.orderNumber);
  const settings = await getSettings(tx);
  const facts = await readFacts(tx, order, settings, { withdrawal: false, claim: true });
  const fields = checkClaimLines(input.lines, {
    order,
    lines: facts.lines,
    claimWindowDays: settings.claimWindowDays,
    timeZone: settings.timeZone,
    now: ctx.now
  });
  if (Object.keys(fields).length) throw lineRefusal(fields);
  const lines = asReturnLines(input, facts);
  throwIfPhotoMissing(lines, facts.reasons);
  await takeUnits(tx, lines);
  const written = await writeReturn(
    tx,
    facts,
    {
      state: 'requested',
      kind: 'claim',
      createdByStaffId: null,
      comment: input.comment ?? '',
      staffNote: '',
      withdrawalId: null,
      now: ctx.now
    },
    lines,
    new Map()
  );
  await attachPhotos(tx, actor.id, lines, written.lines);
  await queueCreatedWebhook(tx, written, ctx);
  await auditCreated(tx, actor, written.ret, lines, { overridden: [] }, ctx.now);
  await notifyClaim(tx, written.ret.number, written.lines, facts, ctx, input.comment ?? '');
  return { id: written.ret.id, lines: written.lines };
}

/** "We received your report" to the shopper, in their language; the shop's note to its service address, in the shop's. */
async function notifyClaim(tx: Db, number: string, lines: WrittenLine[], facts: ReturnFacts, ctx: ServiceContext, comment: string) {
  const { order, settings } = facts;
  const [customer] = await tx.select().from(customers).where(eq(customers.id, order.customerId));
  const listed = (locale: string) =>
    lines.map((l) => ({
      name: l.name,
      variant: l.variant,
      quantity: l.quantity,
      reason: labelIn(l.reason, locale),
      action: labelIn(l.action, locale)
    }));
  await queueClaimReceivedEmail(tx, {
    to: order.email,
    locale: customer!.locale,
    firstName: customer!.firstName,
    orderNumber: order.number,
    returnNumber: number,
    items: listed(customer!.locale),
    publicUrl: ctx.publicUrl,
    now: ctx.now
  });
  await queueShopNewRequestEmail(tx, {
    to: settings.contactEmail,
    locale: localeOf(settings.locale),
    returnNumber: number,
    orderNumber: order.number,
    customerEmail: order.email,
    lines: listed(settings.locale),
    comment,
    publicUrl: ctx.publicUrl,
    now: ctx.now
  });
}
