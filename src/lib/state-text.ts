import { stateText as sharedStateText, type Voice } from '#shared/states.ts';

/**
 * A return state's label and description in the shopper's voice, or staff's (the raw state if unknown).
 * Apart from format.ts: every state's words in both languages come with it, and a page that only
 * formats dates (My orders, on the first load) should not download them.
 */
export const stateText = (state: string, locale: string, voice: Voice = 'shopper') => sharedStateText(state, locale, voice);
