/**
 * The shop's return rules as data (docs/rules.md): what a rule set looks like on the wire, in the
 * database (`rule_sets.document`) and in an exported JSON file. Pure and shared: the server
 * validates with it, the staff Rules screen builds and explains rule sets with the same types.
 *
 * A rule has conditions (`when`, all must hold; an absent condition holds) and outcomes (`then`);
 * rules are read top to bottom (the list's order is their priority) and, for each line and each
 * kind of outcome, the first rule that matches and sets it decides.
 */
import { z } from 'zod';

const code = z.string().trim().min(1).max(64);
const cents = z.number().int().min(0).max(100_000_000);
const days = z.number().int().min(1).max(365);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(100);

/** Conditions on the line, the request, the order and the customer (amounts in the order's minor units). */
export const ruleConditionsSchema = z.strictObject({
  skus: list(z.string().trim().min(1).max(100)).optional(),
  skuPrefixes: list(z.string().trim().min(1).max(100)).optional(),
  /** The product name contains this text (any case). */
  productName: z.string().trim().min(1).max(200).optional(),
  /** The variant label contains this text (any case). */
  variant: z.string().trim().min(1).max(100).optional(),
  /** The unit price paid is strictly under / at least this. */
  unitPriceUnderCents: cents.optional(),
  unitPriceAtLeastCents: cents.optional(),
  finalSale: z.boolean().optional(),
  /** The line's product has any of these tags (pushed with the order). */
  tags: list(z.string().trim().min(1).max(50)).optional(),
  /** Reason codes and action codes asked (a condition that only the request can answer). */
  reasons: list(code).optional(),
  actions: list(code).optional(),
  orderTotalUnderCents: cents.optional(),
  orderTotalAtLeastCents: cents.optional(),
  currencies: list(z.string().regex(/^[A-Z]{3}$/)).optional(),
  /** The order was shipped to one of these countries (ISO 3166-1 alpha-2); an order whose country is unknown does not match. */
  shippingCountries: list(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR')).optional(),
  /** Days since delivery (or the order date when the delivery is unknown) at least / under. */
  daysSinceDeliveryAtLeast: z.number().int().min(0).max(3650).optional(),
  daysSinceDeliveryUnder: z.number().int().min(1).max(3650).optional(),
  /** The customer had more than `count` returns in the last `days` days (this one not counted). */
  customerReturnsOver: z.strictObject({ count: z.number().int().min(0).max(10_000), days }).optional(),
  /** The customer was credited more than `cents` (in the order's currency) in the last `days` days. */
  customerCreditedOver: z.strictObject({ cents, days }).optional(),
  /**
   * The customer's return rate over the last `days` days is over `percent` %: units on their returns (not
   * rejected nor cancelled, this request's included) over units bought in those days. None bought: no match.
   */
  customerReturnRateOver: z.strictObject({ percent: z.number().int().min(0).max(100), days }).optional(),
  /** The customer's email or its domain is (true) or is not (false) on the shop's block list. */
  blocked: z.boolean().optional()
});
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

/** What a rule decides for the lines it matches. */
export const ruleOutcomesSchema = z.strictObject({
  /** The return window of the matching lines, in days from delivery (instead of the shop's). */
  windowDays: days.optional(),
  /** The matching lines are final sale: shoppers cannot return them. */
  finalSale: z.literal(true).optional(),
  /** The return is approved at once (when every line of it is approved or kept). */
  approve: z.literal(true).optional(),
  /** A returnless refund: the shopper keeps the item, the line is credited at once (every line kept). */
  keepItem: z.literal(true).optional(),
  /** The return waits for staff with this flag, whatever other rules say. */
  review: z.string().trim().min(1).max(200).optional(),
  /** Only these action codes may be asked on the matching lines. */
  actions: list(code).optional(),
  /** The restocking fee of the matching lines, instead of the reason's. */
  restockingFeePercent: z.number().int().min(0).max(100).optional()
});
export type RuleOutcomes = z.infer<typeof ruleOutcomesSchema>;

export const ruleSchema = z
  .strictObject({
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and "-", at most 40'),
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean().default(true),
    when: ruleConditionsSchema.default({}),
    then: ruleOutcomesSchema
  })
  .refine((r) => Object.keys(r.then).length > 0, { message: 'no_outcome', path: ['then'] })
  .refine((r) => !(r.then.approve && r.then.keepItem), { message: 'approve_or_keep', path: ['then', 'keepItem'] })
  .refine((r) => !(r.then.windowDays && r.then.finalSale), { message: 'window_or_final_sale', path: ['then', 'finalSale'] });
export type Rule = z.infer<typeof ruleSchema>;

/** One block-list entry: a whole email, or a domain written `@domain` or `domain`. */
const blockEntry = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([^\s@]+@)?@?[a-z0-9.-]+\.[a-z]{2,}$/, 'an email or a domain');

export const ruleSetSchema = z
  .strictObject({
    /** Off: no rule applies (the shop behaves as if it had none). */
    enabled: z.boolean().default(true),
    rules: z.array(ruleSchema).max(200),
    blockList: z.array(blockEntry).max(10_000).default([])
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', message: 'duplicate_id', path: ['rules', i, 'id'] });
      seen.add(r.id);
    });
  });
export type RuleSet = z.infer<typeof ruleSetSchema>;

/** An imported file: a rule set, optionally wrapped as exported (`{ format, version, ruleSet }`). */
export const RULES_FILE_FORMAT = 'reprise-rules/1';
export const ruleFileSchema = z.strictObject({
  format: z.literal(RULES_FILE_FORMAT),
  version: z.number().int().min(0).optional(),
  savedAt: z.string().optional(),
  ruleSet: ruleSetSchema
});

/** `PUT /api/staff/rules`: the set to save and the version it was based on (0: none saved yet). */
export const saveRulesSchema = z.strictObject({ version: z.number().int().min(0), ruleSet: ruleSetSchema });
/** `POST /api/staff/rules/import`: an exported file and the version it replaces. */
export const importRulesSchema = z.strictObject({ version: z.number().int().min(0), file: ruleFileSchema });
/** `POST /api/staff/rules/dry-run`: a set (saved or not) replayed over the returns of the last `days` days. */
export const dryRunSchema = z.strictObject({ ruleSet: ruleSetSchema, days: z.number().int().min(1).max(365).default(90) });

/** What the rules decided for one return, kept on it (`returns.rule_decision`) and shown to staff. */
export type RuleDecisionRecord = {
  outcome: 'approve' | 'keep' | 'review';
  ruleId: string;
  ruleName: string;
  version: number;
  /** The review flags (rule name → why), when the outcome is review. */
  review?: { ruleId: string; ruleName: string; reason: string }[];
};

export const EMPTY_RULE_SET: RuleSet = { enabled: true, rules: [], blockList: [] };
