/**
 * The Insights' answers, shaped from the rows views.ts reads: rates per product and variant with
 * their top reasons, weeks, handling times and withdrawals. Money stays per currency (one per answer).
 */
import { percent, type Period } from '#shared/insights.ts';
import { refundDeadline } from '../withdrawals/rules.ts';
import type { Activity, Handling, ReasonLabel, ReasonRow, SoldRow, Spread, WithdrawalRow } from './views.ts';

export const DEFAULT_MIN_UNITS = 5;
export const DEFAULT_WAIT_DAYS = 7;
const TOP_REASONS = 3;

type Counted = { sold: number; returned: number; rate: number | null };
const counted = (sold: number, returned: number): Counted => ({ sold, returned, rate: percent(returned, sold) });

export type ReasonShare = { code: string; labelEn: string; labelFr: string; units: number; share: number | null };

function shares(units: Map<number, number>, labels: Map<number, ReasonLabel>, limit = Infinity): ReasonShare[] {
  const total = [...units.values()].reduce((a, b) => a + b, 0);
  return [...units.entries()]
    .map(([id, n]) => {
      const l = labels.get(id);
      return { code: l?.code ?? String(id), labelEn: l?.labelEn ?? '', labelFr: l?.labelFr ?? '', units: n, share: percent(n, total) };
    })
    .sort((a, b) => b.units - a.units || a.code.localeCompare(b.code))
    .slice(0, limit);
}

/** Highest rate first, then most returned, then by name: the order the page opens with. */
const byRate = <T extends Counted & { name: string }>(a: T, b: T) =>
  (b.rate ?? -1) - (a.rate ?? -1) || b.returned - a.returned || a.name.localeCompare(b.name);

/** Rates per variant and product (those with at least `minUnits` sold), reasons overall and each product's top ones. */
export function ratesAnswer(rows: { sold: SoldRow[]; reasons: ReasonRow[] }, labels: ReasonLabel[], minUnits: number) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const products = new Map<string, { sold: number; returned: number; reasons: Map<number, number> }>();
  for (const [, product, , sold, returned] of rows.sold) {
    const p = products.get(product) ?? { sold: 0, returned: 0, reasons: new Map() };
    p.sold += Number(sold);
    p.returned += Number(returned);
    products.set(product, p);
  }
  const overall = new Map<number, number>();
  for (const [product, reasonId, units] of rows.reasons) {
    overall.set(reasonId, (overall.get(reasonId) ?? 0) + Number(units));
    const p = products.get(product);
    if (p) p.reasons.set(reasonId, (p.reasons.get(reasonId) ?? 0) + Number(units));
  }
  const variants = rows.sold
    .filter(([, , , sold]) => Number(sold) >= minUnits)
    .map(([sku, product, variant, sold, returned]) => ({
      sku,
      product,
      variant,
      name: product,
      ...counted(Number(sold), Number(returned))
    }))
    .sort(byRate)
    .map(({ name: _name, ...v }) => v);
  const productRows = [...products.entries()]
    .filter(([, p]) => p.sold >= minUnits)
    .map(([name, p]) => ({ name, ...counted(p.sold, p.returned), topReasons: shares(p.reasons, byId, TOP_REASONS) }))
    .sort(byRate)
    .map(({ name, ...p }) => ({ product: name, ...p }));
  const sold = rows.sold.reduce((a, r) => a + Number(r[3]), 0);
  const returned = rows.sold.reduce((a, r) => a + Number(r[4]), 0);
  return { minUnits, totals: counted(sold, returned), products: productRows, variants, reasons: shares(overall, byId) };
}

/** Each Monday (YYYY-MM-DD, local) from the period's first week to its last. */
export function weeksOf(period: Period): string[] {
  const first = new Date(`${period.from}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  const weeks: string[] = [];
  for (const d = first; d.toISOString().slice(0, 10) <= period.to; d.setUTCDate(d.getUTCDate() + 7))
    weeks.push(d.toISOString().slice(0, 10));
  return weeks;
}

export const OUTCOMES = ['refund', 'store_credit', 'replacement', 'kept', 'rejected'] as const;

/** Every week of the period with its returns requested and credits (count, money, how many of unknown amount), and the outcomes. */
export function activityAnswer(rows: Activity, period: Period) {
  const requested = new Map(rows.requested);
  const credited = new Map(rows.credited.map(([w, n, total, unknown]) => [w, { n, total: Number(total), unknown }]));
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, rows.outcomes[o] ?? 0])) as Record<(typeof OUTCOMES)[number], number>;
  return {
    weeks: weeksOf(period).map((week) => {
      const c = credited.get(week);
      return {
        week,
        requested: requested.get(week) ?? 0,
        credited: c?.n ?? 0,
        creditedCents: c?.total ?? 0,
        unknownAmounts: c?.unknown ?? 0
      };
    }),
    /** Return lines per outcome; `unknown`: credited before the method was recorded. */
    outcomes: { ...outcomes, unknown: rows.outcomes.unknown ?? 0 }
  };
}

const spread = ([median, p90, count]: Spread) => ({
  medianSeconds: median === null ? null : Number(median),
  p90Seconds: p90 === null ? null : Number(p90),
  count: Number(count)
});

export function handlingAnswer(rows: Handling, waitDays: number) {
  return { approval: spread(rows.approval), receipt: spread(rows.receipt), credit: spread(rows.credit), waitDays, waiting: rows.waiting };
}

/**
 * Statements received in the period: how many were matched (by the system or attached by staff),
 * closed, cancelled by the consumer; and of those with a return, the refund deadline (14 days,
 * withdrawals/rules.ts) met (credit decided by it), missed (decided after it, or still open past it)
 * or still to come. A return rejected or cancelled owes no refund.
 */
export function withdrawalsAnswer(rows: WithdrawalRow[], timeZone: string, now: Date) {
  const out = { received: rows.length, matched: 0, closed: 0, cancelled: 0, deadlines: { met: 0, missed: 0, pending: 0 } };
  for (const [submitted, decision, cancelled, state, creditAt] of rows) {
    if (decision === 'matched' || decision === 'attached') out.matched++;
    if (decision === 'closed') out.closed++;
    if (cancelled) out.cancelled++;
    if (!state || state === 'rejected' || state === 'cancelled') continue;
    const deadline = refundDeadline(new Date(submitted), timeZone).getTime();
    if (creditAt) out.deadlines[new Date(creditAt).getTime() < deadline ? 'met' : 'missed']++;
    else out.deadlines[now.getTime() >= deadline ? 'missed' : 'pending']++;
  }
  return out;
}
