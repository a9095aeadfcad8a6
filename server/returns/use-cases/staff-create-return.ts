import { loadPolicy, termsOf, withTerms } from '../policy/apply.ts';
import { sendsReplacement } from '#shared/exchanges.ts';
import type { CreateReturnInput } from '#shared/schemas/returns.ts';
import { RECEIVED_STATES, type ReturnState } from '#shared/states.ts';
import type { Db } from '../../db/client.ts';
import type { ServiceContext, StaffActor } from '../../deps.ts';
import { getSettings } from '../../settings/views.ts';
import { noReplacement } from '../exchanges.ts';
import { addMessage } from '../messages.ts';
import { notifyCustomer } from '../notices.ts';
import { refuseRestockNow, refuseUnknownRestockLines } from '../restock.ts';
import { takeUnits } from '../units.ts';
import {
  auditCreated,
  checkRequestedLines,
  holdReplacements,
  lockOrder,
  queueCreatedWebhook,
  queueExchangeWebhook,
  readFacts,
  receiveOnCreate,
  writeReturn
} from './steps.ts';

/** 422 `no_replacement`: a return started in "Replacement being sent" needs a line with a replacement or exchange to send. */
function throwIfNoReplacementToSend(
  state: ReturnState,
  lines: CreateReturnInput['lines'],
  actions: { id: number; code: string }[],
  replacements: Map<number, { variantId: number }>
) {
  if (state !== 'items_needed') return;
  const sends = lines.some((l, i) =>
    sendsReplacement({
      actionCode: actions.find((a) => a.id === l.actionId)?.code ?? '',
      replacementVariantId: replacements.get(i)?.variantId ?? null
    })
  );
  if (!sends) throw noReplacement();
}

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

/**
 * Staff create a return for a customer (`POST /api/staff/returns`), in the caller's transaction, in
 * any starting state: lock the order → check the lines (override when asked; returns switched off do
 * not apply) → restock only when it starts received, on its own lines → take the units → write →
 * hold the replacements (approved or later) → webhooks → the first message → restock (received or
 * later) → audit → the state email when `notify`. Answers its id.
 */
export async function staffCreateReturn(
  tx: Db,
  actor: StaffActor,
  input: CreateReturnInput,
  ctx: ServiceContext,
  extras: StaffCreateExtras
): Promise<number> {
  const order = await lockOrder(tx, actor, input.orderNumber);
  const settings = await getSettings(tx);
  // Each line's window as the shop's rules set it, as the staff order page shows it (the rules decide nothing else here).
  const read = await readFacts(tx, order, settings, { withdrawal: false });
  const facts = withTerms(read, termsOf(await loadPolicy(tx), read, ctx.now), { staff: true });
  const { overridden, replacements } = await checkRequestedLines(tx, input.lines, facts, ctx, {
    override: extras.override,
    requireChoice: false
  });
  const { state } = extras;
  throwIfNoReplacementToSend(state, input.lines, facts.actions, replacements);
  const restock = extras.restock ?? {};
  refuseRestockNow(restock, RECEIVED_STATES.includes(state), 'Restock is decided when the return reaches Items received.');
  refuseUnknownRestockLines(
    restock,
    input.lines.map((l) => String(l.orderLineId))
  );
  await takeUnits(tx, input.lines);
  const written = await writeReturn(
    tx,
    facts,
    { state, createdByStaffId: actor.id, comment: input.comment ?? '', staffNote: extras.staffNote, withdrawalId: null, now: ctx.now },
    input.lines,
    replacements
  );
  const { ret } = written;
  const reserved = await holdReplacements(tx, ret, ctx.now);
  await queueExchangeWebhook(tx, ret, ctx);
  const message = await addMessage(tx, ret.id, actor, extras.customerMessage, ctx.now);
  await queueCreatedWebhook(tx, written, ctx);
  const restocked = await receiveOnCreate(tx, written, restock, facts, ctx);
  await auditCreated(tx, actor, ret, input.lines, { reserved, overridden, message, restocked }, ctx.now);
  // The lines as written, unless the receipt has changed them since (then the email reads them).
  if (extras.notify) {
    await notifyCustomer(tx, ret.id, ctx.publicUrl, ctx.now, message ?? '', RECEIVED_STATES.includes(state) ? undefined : written.lines);
  }
  return ret.id;
}
