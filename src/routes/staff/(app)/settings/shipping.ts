import { typedAmount } from '#shared/money.ts';
import { staffLocale } from '../staff.ts';

/**
 * The return-shipping deduction is typed ("4.95" / "4,95"); the server keeps minor units. It is taken in
 * each order's own minor units and the shop has no one currency, so it is typed with 2 decimals.
 */
export const SHIPPING_DIGITS = 2;

/** The deduction as the field shows it, in the language on screen. */
export const typedShipping = (cents: number) => typedAmount(cents, SHIPPING_DIGITS, staffLocale());
