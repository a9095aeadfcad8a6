/** Return states, their labels and descriptions, and the moves between them. Pure: used by server and SPA (README, "Using it"). */
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

export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];

/** Who reads a state's description: the shopper ("your request…") or staff ("the customer…"). */
export type Voice = 'shopper' | 'staff';

/** Each state's name and its description in both voices, in each language. */
export const STATE_TEXT: Record<ReturnState, Record<Locale, { label: string } & Record<Voice, string>>> = {
  requested: {
    en: {
      label: 'New',
      shopper: 'Your request has been sent; nobody has looked at it yet.',
      staff: 'A new request from the customer; nobody has looked at it yet.'
    },
    fr: {
      label: 'Nouveau',
      shopper: 'Votre demande a été envoyée ; personne ne l’a encore examinée.',
      staff: 'Nouvelle demande du client ; personne ne l’a encore examinée.'
    }
  },
  in_progress: {
    en: {
      label: 'In progress',
      shopper: 'A member of the shop’s team is handling this return.',
      staff: 'Someone on the team is handling this return.'
    },
    fr: {
      label: 'En cours de traitement',
      shopper: 'Un membre de l’équipe de la boutique s’occupe de votre retour.',
      staff: 'Un membre de l’équipe traite ce retour.'
    }
  },
  approved: {
    en: {
      label: 'Return approved',
      shopper: 'The shop accepts the return: please send the items back.',
      staff: 'Accepted: the customer is asked to send the items back.'
    },
    fr: {
      label: 'Retour approuvé',
      shopper: 'La boutique accepte votre retour : vous pouvez lui renvoyer les articles.',
      staff: 'Accepté : le client doit renvoyer les articles.'
    }
  },
  received: {
    en: {
      label: 'Items received',
      shopper: 'The parcel has arrived at the shop.',
      staff: 'The parcel has arrived: decide what goes back in stock.'
    },
    fr: {
      label: 'Articles reçus',
      shopper: 'Le colis est arrivé à la boutique.',
      staff: 'Le colis est arrivé : décidez ce qui retourne en stock.'
    }
  },
  // The code stays `items_needed` (API, webhooks, stored rows); its name says a replacement is on its way.
  items_needed: {
    en: {
      label: 'Replacement being sent',
      shopper: 'Your replacement or exchange is on its way to you.',
      staff: 'The replacement or exchange is to be sent to the customer.'
    },
    fr: {
      label: 'Remplacement en cours d’envoi',
      shopper: 'Votre article de remplacement ou d’échange est en route.',
      staff: 'L’article de remplacement ou d’échange est à envoyer au client.'
    }
  },
  credited: {
    en: {
      label: 'Items credited',
      shopper: 'The return is settled: refunded, credited or replaced.',
      staff: 'Settled: refunded, credited or replaced.'
    },
    fr: {
      label: 'Articles crédités',
      shopper: 'Votre retour est réglé : remboursement, avoir ou remplacement.',
      staff: 'Réglé : remboursement, avoir ou remplacement.'
    }
  },
  rejected: {
    en: {
      label: 'Request rejected',
      shopper: 'The request does not meet the shop’s return conditions.',
      staff: 'Refused: the request does not meet the shop’s return conditions.'
    },
    fr: {
      label: 'Demande refusée',
      shopper: 'La demande ne remplit pas les conditions de retour de la boutique.',
      staff: 'Refusé : la demande ne remplit pas les conditions de retour de la boutique.'
    }
  },
  cancelled: {
    en: {
      label: 'Cancelled',
      // Read by the shopper who may have cancelled it themselves: it says what happened, not that it is "no longer valid".
      shopper: 'This return has been cancelled.',
      staff: 'No longer valid: cancelled by the customer or the shop.'
    },
    fr: { label: 'Annulé', shopper: 'Ce retour a été annulé.', staff: 'N’est plus valable : annulé par le client ou la boutique.' }
  }
};

/** A state's name and its description for `voice`, in `locale` (anything but `fr` reads as English). */
export function stateText(state: string, locale: string, voice: Voice): { label: string; description: string } {
  const texts = STATE_TEXT[state as ReturnState];
  if (!texts) return { label: state, description: '' };
  const t = texts[locale === 'fr' ? 'fr' : 'en'];
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
