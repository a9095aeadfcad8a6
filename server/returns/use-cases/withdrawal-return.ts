import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import type { Db } from '../../db/client.ts';
import type { Actor, ServiceContext } from '../../deps.ts';
import { getSettings } from '../../settings/views.ts';
import { takeUnits } from '../units.ts';
import { auditCreated, checkRequestedLines, lockOrder, queueCreatedWebhook, readFacts, writeReturn } from './steps.ts';

/**
 * The return of a withdrawal statement (EU withdrawal function), matched by itself (`actor`: the
 * order's customer) or attached by staff, in the caller's transaction. Not a request the shop may
 * refuse: the withdrawal service has checked the legal period, so it goes through when returns are
 * switched off and past the return window or a final sale (recorded as overridden); it may use the
 * withdrawal reason and action. Lock the order → check the lines → take the units → write it
 * `requested` with its statement → `return.created` → audit. No "request received" email: the
 * consumer got the withdrawal acknowledgement. Answers its id.
 */
export async function withdrawalReturn(
  tx: Db,
  actor: Actor,
  input: CreateReturnInput,
  ctx: ServiceContext,
  withdrawalId: number
): Promise<number> {
  const order = await lockOrder(tx, actor, input.orderNumber);
  const settings = await getSettings(tx);
  const facts = await readFacts(tx, order, settings, { withdrawal: true });
  const { overridden, replacements } = await checkRequestedLines(tx, input.lines, facts, ctx, {
    override: true,
    requireChoice: actor.type === 'customer'
  });
  await takeUnits(tx, input.lines);
  const written = await writeReturn(
    tx,
    facts,
    {
      state: 'requested',
      createdByStaffId: actor.type === 'staff' ? actor.id : null,
      comment: input.comment ?? '',
      staffNote: '',
      withdrawalId,
      now: ctx.now
    },
    input.lines,
    replacements
  );
  const { ret } = written;
  await queueCreatedWebhook(tx, written, ctx);
  await auditCreated(tx, actor, ret, input.lines, { overridden, withdrawalId }, ctx.now);
  return ret.id;
}
