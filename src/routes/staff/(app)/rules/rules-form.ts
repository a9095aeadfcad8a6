/**
 * The Rules screen's form (docs/rules.md): a rule as typed on screen and back. The screen edits the
 * common conditions and outcomes; any other condition a rule has (set by an imported file) is kept
 * as it was. Pure: unit-tested in `rules-form.test.ts`.
 */
import { parseAmount, typedAmount } from '#shared/money.ts';
import type { Rule, RuleSet } from '#shared/schemas/rules.ts';

/** Amounts on the Rules screen are typed with two decimals (cents of the order's currency). */
export const RULE_AMOUNT_DIGITS = 2;

export type Decision = '' | 'approve' | 'keep' | 'review';

export type RuleDraft = {
  /** The rule as loaded (its other conditions are kept). */
  base: Rule | null;
  id: string;
  name: string;
  enabled: boolean;
  reasons: string[];
  priceUnder: string;
  skuPrefixes: string;
  tags: string;
  customerOver: string;
  customerDays: string;
  /** Country codes shipped to, comma-separated ("FR, BE"). */
  countries: string;
  /** The customer's return rate over this percentage, over `rateDays` days. */
  rateOver: string;
  rateDays: string;
  blocked: boolean;
  decision: Decision;
  reviewReason: string;
  windowDays: string;
  finalSale: boolean;
  actions: string[];
  fee: string;
};

/** The conditions the screen edits; the others are kept as they are. */
const EDITED = [
  'reasons',
  'unitPriceUnderCents',
  'skuPrefixes',
  'tags',
  'shippingCountries',
  'customerReturnsOver',
  'customerReturnRateOver',
  'blocked'
] as const;

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** How many conditions of `rule` the screen does not show (kept as they are). */
export const hiddenConditions = (rule: Rule | null) =>
  rule ? Object.keys(rule.when).filter((k) => !(EDITED as readonly string[]).includes(k)).length : 0;

export function toDraft(rule: Rule, locale: string): RuleDraft {
  const { when: w, then: t } = rule;
  return {
    base: rule,
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    reasons: w.reasons ?? [],
    priceUnder: w.unitPriceUnderCents === undefined ? '' : typedAmount(w.unitPriceUnderCents, RULE_AMOUNT_DIGITS, locale),
    skuPrefixes: (w.skuPrefixes ?? []).join(', '),
    tags: (w.tags ?? []).join(', '),
    customerOver: w.customerReturnsOver ? String(w.customerReturnsOver.count) : '',
    customerDays: w.customerReturnsOver ? String(w.customerReturnsOver.days) : '90',
    countries: (w.shippingCountries ?? []).join(', '),
    rateOver: w.customerReturnRateOver ? String(w.customerReturnRateOver.percent) : '',
    rateDays: w.customerReturnRateOver ? String(w.customerReturnRateOver.days) : '90',
    blocked: w.blocked === true,
    decision: t.approve ? 'approve' : t.keepItem ? 'keep' : t.review ? 'review' : '',
    reviewReason: t.review ?? '',
    windowDays: t.windowDays === undefined ? '' : String(t.windowDays),
    finalSale: t.finalSale === true,
    actions: t.actions ?? [],
    fee: t.restockingFeePercent === undefined ? '' : String(t.restockingFeePercent)
  };
}

/** A new, empty rule with an id no other rule has. */
export function newDraft(taken: string[]): RuleDraft {
  let n = taken.length + 1;
  while (taken.includes(`rule-${n}`)) n += 1;
  return {
    base: null,
    id: `rule-${n}`,
    name: '',
    enabled: true,
    reasons: [],
    priceUnder: '',
    skuPrefixes: '',
    tags: '',
    customerOver: '',
    customerDays: '90',
    countries: '',
    rateOver: '',
    rateDays: '90',
    blocked: false,
    decision: '',
    reviewReason: '',
    windowDays: '',
    finalSale: false,
    actions: [],
    fee: ''
  };
}

/** A typed number, or the text itself when it is not one (the server refuses it and names the field). */
const num = (text: string): number => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : (text as unknown as number));

function conditions(d: RuleDraft): Rule['when'] {
  const kept = Object.fromEntries(Object.entries(d.base?.when ?? {}).filter(([k]) => !(EDITED as readonly string[]).includes(k)));
  const price = d.priceUnder.trim() ? (parseAmount(d.priceUnder, RULE_AMOUNT_DIGITS) ?? (d.priceUnder as unknown as number)) : undefined;
  return {
    ...kept,
    ...(d.reasons.length ? { reasons: d.reasons } : {}),
    ...(price !== undefined ? { unitPriceUnderCents: price } : {}),
    ...(list(d.skuPrefixes).length ? { skuPrefixes: list(d.skuPrefixes) } : {}),
    ...(list(d.tags).length ? { tags: list(d.tags) } : {}),
    ...(list(d.countries).length ? { shippingCountries: list(d.countries.toUpperCase()) } : {}),
    ...(d.customerOver.trim() ? { customerReturnsOver: { count: num(d.customerOver), days: num(d.customerDays || '90') } } : {}),
    ...(d.rateOver.trim() ? { customerReturnRateOver: { percent: num(d.rateOver), days: num(d.rateDays || '90') } } : {}),
    ...(d.blocked ? { blocked: true } : {})
  };
}

function outcomes(d: RuleDraft): Rule['then'] {
  return {
    ...(d.decision === 'approve' ? { approve: true as const } : {}),
    ...(d.decision === 'keep' ? { keepItem: true as const } : {}),
    ...(d.decision === 'review' ? { review: d.reviewReason.trim() || d.name.trim() } : {}),
    ...(d.windowDays.trim() ? { windowDays: num(d.windowDays) } : {}),
    ...(d.finalSale ? { finalSale: true as const } : {}),
    ...(d.actions.length ? { actions: d.actions } : {}),
    ...(d.fee.trim() ? { restockingFeePercent: num(d.fee) } : {})
  };
}

export function fromDraft(d: RuleDraft): Rule {
  return { id: d.id, name: d.name.trim(), enabled: d.enabled, when: conditions(d), then: outcomes(d) };
}

/** The rule set the page holds, as the API takes it. */
export function ruleSetOf(enabled: boolean, drafts: RuleDraft[], blockList: string): RuleSet {
  return {
    enabled,
    rules: drafts.map(fromDraft),
    blockList: blockList
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
  };
}
