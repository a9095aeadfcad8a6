import { formatMoney } from '#shared/money.ts';
import type { CreditMethod, CreditTotals, ReturnCreditMethod } from '#shared/settlement.ts';
import { instructionsIn, type ReturnTo } from '#shared/return-to.ts';
import type { ReturnState } from '#shared/states.ts';
import { labelIn, wordsIn, type Locale } from '#shared/words/index.ts';
import { defaultLabels } from '../db/defaults.ts';
import { creditSentence } from './credit-words.ts';
import { fillHtml, fillText, type TemplateVars } from './render.ts';

/** What a return's state email says about the return; the same facts fill real emails and previews. */
export type ReturnEmailValues = {
  locale: Locale;
  firstName: string;
  orderNumber: string;
  returnNumber: string;
  state: ReturnState;
  /** What the return asks for, line by line (labels in both languages; the customer's are used). */
  items: RequestedItem[];
  /** The customer's own comment (never one typed by staff). */
  comment: string;
  message: string;
  publicUrl: URL;
  /** Where and how to send the items back (the shop's settings); none: the variables are empty. */
  returnTo?: ReturnTo;
  /** The decided credit (null: none yet); a null total or method is unknown (credited before amounts were kept). */
  credit?: {
    method: ReturnCreditMethod | null;
    totalCents: number | null;
    /** The total split by method (null: unknown). */
    totals: CreditTotals | null;
    currency: string;
    /** Each line's outcome: its method (null: unknown), units and amount, and the replacement sent (label or sku). */
    lines: { name: string; method: CreditMethod | null; units: number | null; amountCents: number | null; replacement?: string | null }[];
    /** The order's shipping refunded with this credit (0 or null: none, or not recorded). */
    shippingRefundedCents?: number | null;
  } | null;
};

type Labels = { labelEn: string; labelFr: string };
export type RequestedItem = {
  name: string;
  variant: string | null;
  quantity: number;
  reason: Labels;
  reasonText: string | null;
  action: Labels;
  /** An exchange: the size or colour sent instead. */
  replacement?: string | null;
};

/** One line per requested item: "- 2 × Linen shirt, M — reason: Too small — you asked for: Refund". */
export function itemLines(items: RequestedItem[], locale: Locale): string {
  const pick = (l: Labels) => labelIn(l, locale);
  const sep = wordsIn(locale).punctuation.labelSeparator;
  const words = wordsIn(locale).templates.item;
  return items
    .map((i) => {
      const what = `${i.quantity} × ${i.name}${i.variant ? `, ${i.variant}` : ''}`;
      const reason = i.reasonText ? `${pick(i.reason)} (${i.reasonText})` : pick(i.reason);
      const asked = `${pick(i.action)}${i.replacement ? ` (${i.replacement})` : ''}`;
      return `- ${what} — ${words.reason}${sep}${reason} — ${words.action}${sep}${asked}`;
    })
    .join('\n');
}

/** The `[[variables]]` of a return's state email. The link is built from the configured public URL. */
export function returnEmailVars(v: ReturnEmailValues): TemplateVars {
  return {
    firstname: v.firstName,
    order_number: v.orderNumber,
    return_number: v.returnNumber,
    state: wordsIn(v.locale).states[v.state].label,
    items: itemLines(v.items, v.locale),
    comment: v.comment,
    message: v.message,
    return_url: new URL(`/returns/${encodeURIComponent(v.returnNumber)}`, v.publicUrl).toString(),
    slip_url: new URL(`/returns/${encodeURIComponent(v.returnNumber)}/slip`, v.publicUrl).toString(),
    return_address: v.returnTo?.address.trim() ?? '',
    return_instructions: v.returnTo ? instructionsIn(v.returnTo, v.locale) : '',
    ...creditVars(v)
  };
}

function creditVars(v: ReturnEmailValues): TemplateVars {
  const c = v.credit;
  if (!c) return { credit_amount: '', credit_method: '', credit_summary: '', credit_lines: '' };
  const words = wordsIn(v.locale);
  const money = (cents: number | null) => (cents === null ? words.settlement.unknownAmount : formatMoney(cents, c.currency, v.locale));
  const sep = words.punctuation.labelSeparator;
  const methods = [...new Set(c.lines.map((l) => l.method).filter((m): m is CreditMethod => m !== null))];
  return {
    credit_amount: money(c.totalCents),
    credit_method: methods.map((m) => words.settlement.method[m]).join(words.punctuation.listSeparator),
    credit_summary: creditSentence(c.totalCents === null ? null : c.totals, money, v.locale),
    // Each line's outcome: a line credited nothing is told only when the shopper keeps it.
    credit_lines: [
      ...c.lines
        .filter((l) => l.units !== 0 || l.method === 'kept')
        .map((l) => `- ${l.units ?? '?'} × ${l.name}${sep}${lineOutcome(l, money, v.locale)}`),
      ...(c.shippingRefundedCents ? [`- ${words.settlement.shipping}${sep}${money(c.shippingRefundedCents)}`] : [])
    ].join('\n')
  };
}

/** One line's outcome: "€20.00, refund to your original payment method", "€20.00, replacement (L)", "kept by you, nothing credited". */
function lineOutcome(
  l: NonNullable<ReturnEmailValues['credit']>['lines'][number],
  money: (cents: number | null) => string,
  locale: Locale
): string {
  if (l.method === null) return money(l.amountCents);
  const how = wordsIn(locale).settlement.method[l.method];
  if (l.method === 'kept') return how;
  return `${money(l.amountCents)}, ${how}${l.method === 'replacement' && l.replacement ? ` (${l.replacement})` : ''}`;
}

/** Subject, plain text and HTML of one email text filled with values (every value escaped in the HTML). */
export function renderEmail(
  template: { subject: string; body: string },
  vars: TemplateVars
): { subject: string; text: string; html: string } {
  return { subject: fillText(template.subject, vars), text: fillText(template.body, vars), html: fillHtml(template.body, vars) };
}

/** The sample return the staff preview is filled with (its comment and message: `templates.sample` in the catalogue). */
export const SAMPLE_RETURN = {
  firstName: 'Camille',
  orderNumber: '1042',
  returnNumber: 'R-1042-1',
  items: [
    {
      name: 'Linen shirt',
      variant: 'M',
      quantity: 1,
      reason: defaultLabels('reasons', 'wrong_size'),
      reasonText: null,
      action: defaultLabels('actions', 'exchange_size'),
      replacement: 'L'
    },
    {
      name: 'Canvas tote',
      variant: null,
      quantity: 1,
      reason: defaultLabels('reasons', 'changed_mind'),
      reasonText: null,
      action: defaultLabels('actions', 'refund')
    }
  ] as RequestedItem[],
  credit: {
    method: 'mixed' as const,
    totalCents: 6500,
    totals: { refund: 2000, store_credit: 0, replacement: 4500 },
    currency: 'EUR',
    lines: [
      { name: 'Linen shirt', method: 'replacement' as const, units: 1, amountCents: 4500, replacement: 'L' },
      { name: 'Canvas tote', method: 'refund' as const, units: 1, amountCents: 2000 }
    ]
  }
} as const;

/** An email text as the customer would get it, for a sample return in the given state and language (the shop's own return address). */
export function previewReturnEmail(
  template: { subject: string; body: string },
  state: ReturnState,
  locale: Locale,
  publicUrl: URL,
  returnTo?: ReturnTo
) {
  return renderEmail(
    template,
    returnEmailVars({
      locale,
      state,
      publicUrl,
      firstName: SAMPLE_RETURN.firstName,
      orderNumber: SAMPLE_RETURN.orderNumber,
      returnNumber: SAMPLE_RETURN.returnNumber,
      items: SAMPLE_RETURN.items,
      comment: wordsIn(locale).templates.sample.comment,
      message: wordsIn(locale).templates.sample.message,
      returnTo,
      credit:
        state === 'credited'
          ? { ...SAMPLE_RETURN.credit, totals: { ...SAMPLE_RETURN.credit.totals }, lines: [...SAMPLE_RETURN.credit.lines] }
          : null
    })
  );
}
