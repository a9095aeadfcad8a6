/**
 * The return slip (issue 20): what the shopper prints and puts in the parcel, the same words on the
 * print page (SPA) and in the PDF (server/slips/pdf.ts). Pure: the server builds a `Slip`, both
 * renderers turn it into `SlipText` with `slipText`, so the page and the PDF cannot say different things.
 */
import { instructionsIn, type ReturnTo } from './return-to.ts';
import { localDate } from './periods.ts';
import { SLIP_WORDS, type Locale } from './words/index.ts';

/** Days the shopper has to send the parcel, counted from the day after approval in the shop's time zone. */
export const SEND_BACK_DAYS = 14;

/** A return's slip as the server answers it (`GET /api/returns/:number/slip`). */
export type Slip = {
  shopName: string;
  returnNumber: string;
  orderNumber: string;
  /** Where and how to send the items (the shop's settings; '' when not set). */
  returnTo: ReturnTo;
  /** The shop's contact address: said instead of the address when the shop has set none. */
  contactEmail: string;
  /** The calendar day (YYYY-MM-DD, the shop's time zone) by which the parcel should be sent. */
  sendBy: string;
  /** What goes in the parcel, in the order's order. */
  lines: { name: string; variant: string | null; sku: string | null; quantity: number }[];
  /** The QR code of the return number: `size` modules square (quiet zone included), dark modules as an SVG path in module units. */
  qr: { size: number; path: string };
};

/** The calendar day `days` days after the local day of `approvedAt` in `timeZone`, as YYYY-MM-DD. */
export function sendByDay(approvedAt: Date, timeZone: string, days = SEND_BACK_DAYS): string {
  const d = localDate(approvedAt, timeZone);
  return new Date(Date.UTC(d.year, d.month - 1, d.day + days)).toISOString().slice(0, 10);
}

/** Every sentence of a slip in one language, in reading order; both renderers print exactly these. */
export type SlipText = {
  shopName: string;
  title: string;
  numberLabel: string;
  returnNumber: string;
  order: string;
  sendBy: string;
  sendToTitle: string;
  /** The address, one entry per line; or the sentence telling to ask the shop for it. */
  address: string[];
  itemsTitle: string;
  /** One entry per line: "2 × Linen shirt — M (SKU LS-M)". */
  items: string[];
  unitsTotal: string;
  instructionsTitle: string;
  /** The shop's instructions (its paragraphs), then the slip's own steps. */
  instructions: string[];
  qrLabel: string;
};

/** A calendar day (YYYY-MM-DD) written out in `locale`: "21 December 2026" / "21 décembre 2026". */
export function longDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`)
  );
}

/** The slip's sentences in `locale`. */
export function slipText(slip: Slip, locale: Locale): SlipText {
  const w = SLIP_WORDS[locale];
  const address = slip.returnTo.address
    .trim()
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const own = instructionsIn(slip.returnTo, locale);
  const units = slip.lines.reduce((sum, l) => sum + l.quantity, 0);
  return {
    shopName: slip.shopName,
    title: w.title,
    numberLabel: w.numberLabel,
    returnNumber: slip.returnNumber,
    order: w.order(slip.orderNumber),
    sendBy: w.sendBy(longDay(slip.sendBy, locale)),
    sendToTitle: w.sendToTitle,
    address: address.length ? address : [w.noAddress(slip.contactEmail)],
    itemsTitle: w.itemsTitle,
    items: slip.lines.map((l) => `${l.quantity} × ${l.name}${l.variant ? ` — ${l.variant}` : ''}${l.sku ? ` (${w.sku} ${l.sku})` : ''}`),
    unitsTotal: w.unitsTotal(units),
    instructionsTitle: w.instructionsTitle,
    instructions: [
      ...own
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
      ...w.steps
    ],
    qrLabel: w.qrLabel
  };
}
