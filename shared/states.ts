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

/** What the moves depend on besides the state: whether a line has a replacement to send (`sendsReplacement`). */
export type MoveFacts = { replacement: boolean };

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
    .map((state) => ({ state, reopen: false }));
  if (actor.role === 'admin' && isFinal(from)) moves.push({ state: 'in_progress', reopen: true });
  return moves;
}

/** The move from `from` to `to` if the actor may make it. */
export function moveOf(from: ReturnState, to: ReturnState, actor: Mover, facts?: MoveFacts): Move | undefined {
  return movesFor(from, actor, facts).find((m) => m.state === to);
}
