import { describe, expect, it } from 'vitest';
import { effectsOf, LOCALES, movesFor, REFUND_INSTEAD_STATES, REPLACEMENT_HELD_STATES, RETURN_STATES, stateText } from './states.ts';

describe('state descriptions in two voices', () => {
  it('gives every state a shopper and a staff description in each language, and they differ', () => {
    for (const state of RETURN_STATES) {
      for (const locale of LOCALES) {
        const shopper = stateText(state, locale, 'shopper').description;
        const staff = stateText(state, locale, 'staff').description;
        expect(shopper, `${state}/${locale}`).not.toBe('');
        expect(staff, `${state}/${locale}`).not.toBe('');
        expect(staff, `${state}/${locale}`).not.toBe(shopper);
      }
    }
  });

  it('never addresses staff as the customer (“you”, “your”, “vous”)', () => {
    for (const state of RETURN_STATES) {
      expect(stateText(state, 'en', 'staff').description).not.toMatch(/\byou(r)?\b/i);
      expect(stateText(state, 'fr', 'staff').description).not.toMatch(/\b(vous|votre|vos)\b/i);
    }
    expect(stateText('items_needed', 'en', 'shopper').description).toBe('Your replacement or exchange is on its way to you.');
    expect(stateText('nope', 'fr', 'staff')).toEqual({ label: 'nope', description: '' });
  });

  it('names items_needed for what it is: a replacement on its way, not items asked of the shopper', () => {
    expect(stateText('items_needed', 'en', 'shopper').label).toBe('Replacement being sent');
    expect(stateText('items_needed', 'fr', 'shopper').label).toBe('Remplacement en cours d’envoi');
    for (const locale of LOCALES) expect(stateText('items_needed', locale, 'staff').label).not.toMatch(/needed|requis/i);
  });
});

describe('a cancelled return, for the shopper who may have cancelled it', () => {
  it('says it was cancelled, not that it is “no longer valid”', () => {
    expect(stateText('cancelled', 'en', 'shopper').description).toBe('This return has been cancelled.');
    expect(stateText('cancelled', 'fr', 'shopper').description).toBe('Ce retour a été annulé.');
  });
});

describe('moves', () => {
  it('offers items_needed only when a line has a replacement to send', () => {
    const staff = { type: 'staff', role: 'staff' } as const;
    expect(movesFor('received', staff, { replacement: false }).map((m) => m.state)).toEqual(['credited']);
    expect(movesFor('received', staff, { replacement: true }).map((m) => m.state)).toEqual(['items_needed', 'credited']);
  });
});

describe('what a state move does (effectsOf)', () => {
  it('does nothing when the state stays', () => {
    for (const state of RETURN_STATES) {
      expect(effectsOf(state, state)).toEqual({
        releaseUnits: false,
        retakeUnits: false,
        releaseReplacements: false,
        reserveReplacements: false,
        receipt: false,
        credit: false,
        webhooks: []
      });
    }
  });

  it('gives the units and the replacements back when a return ends rejected or cancelled, and takes the units again when it is reopened', () => {
    expect(effectsOf('approved', 'cancelled')).toMatchObject({ releaseUnits: true, releaseReplacements: true, retakeUnits: false });
    expect(effectsOf('requested', 'rejected')).toMatchObject({ releaseUnits: true, releaseReplacements: true });
    expect(effectsOf('rejected', 'in_progress')).toMatchObject({ releaseUnits: false, retakeUnits: true, reserveReplacements: false });
    expect(effectsOf('credited', 'in_progress')).toMatchObject({ releaseUnits: false, retakeUnits: false });
  });

  it('reserves the replacements on entering approval or later from before it, never again within those states', () => {
    expect(effectsOf('requested', 'approved').reserveReplacements).toBe(true);
    expect(effectsOf('in_progress', 'approved').reserveReplacements).toBe(true);
    expect(effectsOf('approved', 'received').reserveReplacements).toBe(false);
    expect(effectsOf('received', 'items_needed').reserveReplacements).toBe(false);
    expect(REPLACEMENT_HELD_STATES).toEqual(['approved', 'received', 'items_needed', 'credited']);
  });

  it('records the receipt on reaching received, decides the credit on reaching credited, and queues the webhooks of the move', () => {
    expect(effectsOf('approved', 'received')).toMatchObject({ receipt: true, credit: false, webhooks: ['return.state_changed'] });
    expect(effectsOf('received', 'credited')).toMatchObject({ receipt: false, credit: true });
    expect(effectsOf('received', 'items_needed').webhooks).toEqual(['return.state_changed', 'exchange.requested']);
  });

  it('lets staff turn an exchange into a refund only before approval', () => {
    expect(REFUND_INSTEAD_STATES).toEqual(['requested', 'in_progress']);
  });
});
