import { describe, expect, it } from 'vitest';
import { LOCALES, RETURN_STATES, stateText } from './states.ts';

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
    expect(stateText('items_needed', 'en', 'shopper').description).toBe('An exchange or replacement is being sent to you.');
    expect(stateText('nope', 'fr', 'staff')).toEqual({ label: 'nope', description: '' });
  });
});
