import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import type { Actor, ServiceContext } from '../../deps.ts';
import { getSettings } from '../../settings/views.ts';
import { labelIn, localeOf } from '#shared/words/index.ts';
import { notifyNewRequest } from '../notices.ts';
import { takeUnits } from '../units.ts';
import { attachPhotos, throwIfPhotoMissing } from '../photos/store.ts';
import {
  auditCreated,
  checkRequestedLines,
  lockOrder,
  queueCreatedWebhook,
  readFacts,
  throwIfReturnsDisabled,
  writeReturn
} from './steps.ts';
import type { WrittenLine } from '../views.ts';
import type { Db } from '../../db/client.ts';
import { applyDecision, decideRequest, loadPolicy, termsOf, withTerms, writeFees } from '../policy/apply.ts';

/**
 * A shopper requests a return (`POST /api/returns`), in the caller's transaction: lock the order →
 * refuse when the shop accepts no returns → check the lines (no override; an exchange names its
 * replacement) → take the units → write it `requested` → attach its photos → `return.created` → audit → "request
 * received" to the shopper and the shop's note. The shop's rules (`policy/apply.ts`) set each line's
 * window and offered actions before the check, and decide (approve, keep, review) after the write;
 * the shopper's email then says the state it ends in. Answers its id and its lines as written (the answer
 * is built from them: the lines are read once).
 */
export async function requestReturn(
  tx: Db,
  actor: Extract<Actor, { type: 'customer' }>,
  input: CreateReturnInput,
  ctx: ServiceContext
): Promise<{ id: number; lines: WrittenLine[] }> {
  const order = await lockOrder(tx, actor, input.orderNumber);
  const settings = await getSettings(tx);
  throwIfReturnsDisabled(settings);
  const policy = await loadPolicy(tx);
  const read = await readFacts(tx, order, settings, { withdrawal: false });
  const terms = termsOf(policy, read, ctx.now);
  const facts = withTerms(read, terms);
  const { overridden, replacements } = await checkRequestedLines(tx, input.lines, facts, ctx, { override: false, requireChoice: true });
  throwIfPhotoMissing(input.lines, facts.reasons);
  const decision = await decideRequest(tx, policy, facts, input.lines, ctx.now);
  await takeUnits(tx, input.lines);
  const requested = await writeReturn(
    tx,
    facts,
    { state: 'requested', createdByStaffId: null, comment: input.comment ?? '', staffNote: '', withdrawalId: null, now: ctx.now },
    input.lines,
    replacements
  );
  await attachPhotos(tx, actor.id, input.lines, requested.lines);
  await writeFees(tx, requested, terms);
  await queueCreatedWebhook(tx, requested, ctx);
  await auditCreated(tx, actor, requested.ret, input.lines, { overridden }, ctx.now);
  const written = await applyDecision(tx, policy, decision, requested, ctx);
  const { ret } = written;
  await notifyNewRequest(
    tx,
    { id: ret.id, number: ret.number, lines: written.lines },
    {
      shopEmail: settings.contactEmail,
      shopLocale: localeOf(settings.locale),
      order,
      lines: input.lines.map((l, i) => {
        const line = facts.lines.find((ol) => ol.id === l.orderLineId)!;
        const replacement = replacements.get(i);
        return {
          name: line.productName,
          variant: line.variantLabel,
          quantity: l.quantity,
          reason:
            labelIn(
              facts.reasons.find((r) => r.id === l.reasonId)!,
              settings.locale
            ) + (l.reasonText ? `: ${l.reasonText}` : ''),
          action:
            labelIn(
              facts.actions.find((a) => a.id === l.actionId)!,
              settings.locale
            ) + (replacement ? ` (${replacement.name})` : '')
        };
      }),
      comment: input.comment ?? ''
    },
    ctx
  );
  return { id: ret.id, lines: written.lines };
}
