/** Return states, their labels and descriptions, and the moves between them. Pure: used by server and SPA (README, "Using it"). */
import { LOCALES, localeOf, STATE_WORDS, type Locale } from './words/index.ts';

export const RETURN_STATES = [
  'requested',
  'in_progress',
  'approved',
  'received',
  'items_needed',
  'credited',
  'rejected',
  'cancelled'
] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

export const FINAL_STATES: readonly ReturnState[] = ['credited', 'rejected', 'cancelled'];

/** States whose units no longer count against an order line's returnable quantity. */
export const RELEASED_STATES: readonly ReturnState[] = ['rejected', 'cancelled'];

/** States at or past the parcel's arrival: a return created in one decides restock at creation. */
export const RECEIVED_STATES: readonly ReturnState[] = ['received', 'items_needed'];

/**
 * States in which an exchange's replacement units are held for the return (a `stock_reservations`
 * row): from approval on. A return entering one of them from elsewhere reserves them; one ending
 * rejected or cancelled releases them (`effectsOf`).
 */
export const REPLACEMENT_HELD_STATES: readonly ReturnState[] = ['approved', 'received', 'items_needed', 'credited'];

/** States before approval, the only ones in which staff may turn an exchange line into a refund (`refundInstead`). */
export const REFUND_INSTEAD_STATES: readonly ReturnState[] = RETURN_STATES.filter(
  (s) => !REPLACEMENT_HELD_STATES.includes(s) && !RELEASED_STATES.includes(s)
);

/** The moves staff may make; admins may also reopen a final return, see movesFor. */
export const ALLOWED_MOVES: Record<ReturnState, readonly ReturnState[]> = {
  requested: ['in_progress', 'approved', 'rejected', 'cancelled'],
  in_progress: ['approved', 'rejected', 'cancelled'],
  approved: ['received', 'cancelled'],
  received: ['items_needed', 'credited'],
  items_needed: ['credited'],
  credited: [],
  rejected: [],
  cancelled: []
};

export { LOCALES, type Locale } from './words/index.ts';

/** Who reads a state's description: the shopper ("your request…") or staff ("the customer…"). */
export type Voice = 'shopper' | 'staff';

/** Each state's name and its description in both voices, in each language (shared/words/: the one home of the words). */
export const STATE_TEXT: Record<ReturnState, Record<Locale, { label: string } & Record<Voice, string>>> = Object.fromEntries(
  RETURN_STATES.map((state) => [state, Object.fromEntries(LOCALES.map((locale) => [locale, STATE_WORDS[locale][state]]))])
) as Record<ReturnState, Record<Locale, { label: string } & Record<Voice, string>>>;

/** A state's name and its description for `voice`, in `locale` (anything but `fr` reads as English). */
export function stateText(state: string, locale: string, voice: Voice): { label: string; description: string } {
  const texts = STATE_TEXT[state as ReturnState];
  if (!texts) return { label: state, description: '' };
  const t = texts[localeOf(locale)];
  return { label: t.label, description: t[voice] };
}

export function isFinal(state: ReturnState): boolean {
  return FINAL_STATES.includes(state);
}

/** Who asks to move a return: the shopper who owns it, or a staff member with their role. */
export type Mover = { type: 'customer' } | { type: 'staff'; role: 'staff' | 'admin' };

/** One move a return may make next; `reopen` when it leaves a final state. */
export type Move = { state: ReturnState; reopen: boolean };

/**
 * What the moves depend on besides the state: whether a line has a replacement to send
 * (`sendsReplacement`), whether the return is a claim (nothing comes back: staff decide it per line,
 * `CLAIM_DECIDABLE_STATES`, never approve it for a parcel).
 */
export type MoveFacts = { replacement: boolean; claim?: boolean };

/** States in which staff decide a claim per line (reship, refund, reject): it then ends credited, or rejected when every line is. */
export const CLAIM_DECIDABLE_STATES: readonly ReturnState[] = ['requested', 'in_progress'];

/**
 * Every move the actor may make from `from`, the one home of who moves a return where: staff follow
 * ALLOWED_MOVES, an admin may also reopen a final return to `in_progress`, a shopper may only cancel
 * a return nobody has handled yet (`requested`). `items_needed` (a replacement being sent) only when a
 * line has a replacement: without facts it is left out.
 */
export function movesFor(from: ReturnState, actor: Mover, facts: MoveFacts = { replacement: false }): Move[] {
  if (actor.type === 'customer') return from === 'requested' ? [{ state: 'cancelled', reopen: false }] : [];
  const moves: Move[] = ALLOWED_MOVES[from]
    .filter((state) => state !== 'items_needed' || facts.replacement)
    .filter((state) => !(facts.claim && state === 'approved'))
    .map((state) => ({ state, reopen: false }));
  if (actor.role === 'admin' && isFinal(from)) moves.push({ state: 'in_progress', reopen: true });
  return moves;
}

/** The move from `from` to `to` if the actor may make it. */
export function moveOf(from: ReturnState, to: ReturnState, actor: Mover, facts?: MoveFacts): Move | undefined {
  return movesFor(from, actor, facts).find((m) => m.state === to);
}

/**
 * What a move from `from` to `to` does besides changing the state, the one home of it (the server
 * applies it in `server/returns/use-cases/state-move.ts`). Nothing when the state stays.
 */
export type MoveEffects = {
  /** The return ends rejected or cancelled: its units go back to the order lines. */
  releaseUnits: boolean;
  /** A rejected or cancelled return is reopened: its units are taken from the order lines again. */
  retakeUnits: boolean;
  /** The return ends rejected or cancelled: its held replacements go back to stock, once. */
  releaseReplacements: boolean;
  /** The return enters a state that holds replacements (`REPLACEMENT_HELD_STATES`) from one that does not: they are reserved. */
  reserveReplacements: boolean;
  /** The parcel arrives (to `received`): what arrived is recorded and restock decided. */
  receipt: boolean;
  /** The return is credited (to `credited`): the credit is decided, once. */
  credit: boolean;
  /** Webhooks queued: `return.state_changed` on every move, `exchange.requested` on reaching `items_needed`. */
  webhooks: ('return.state_changed' | 'exchange.requested')[];
};

export function effectsOf(from: ReturnState, to: ReturnState): MoveEffects {
  const moves = from !== to;
  const enters = (states: readonly ReturnState[]) => moves && states.includes(to) && !states.includes(from);
  return {
    releaseUnits: moves && RELEASED_STATES.includes(to),
    retakeUnits: moves && RELEASED_STATES.includes(from),
    releaseReplacements: moves && RELEASED_STATES.includes(to),
    reserveReplacements: enters(REPLACEMENT_HELD_STATES),
    receipt: moves && to === 'received',
    credit: moves && to === 'credited',
    webhooks: !moves ? [] : to === 'items_needed' ? ['return.state_changed', 'exchange.requested'] : ['return.state_changed']
  };
}
