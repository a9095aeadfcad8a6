import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex
} from 'drizzle-orm/pg-core';
import type { RuleDecisionRecord, RuleSet } from '#shared/schemas/rules.ts';
import { foldedFullName, foldedLastName, loweredNumber } from './search.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => new Uint8Array(v)
});
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const created = () => ts('created_at').notNull().defaultNow();
const id = () => integer('id').primaryKey().generatedAlwaysAsIdentity();

export const customers = pgTable(
  'customers',
  {
    id: id(),
    email: text('email').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    passwordHash: text('password_hash'),
    locale: text('locale').notNull().default('en'),
    emailVerifiedAt: ts('email_verified_at'),
    createdAt: created()
  },
  (t) => [
    uniqueIndex('customers_email_uq').on(t.email),
    // The staff search matches an email by its beginning (LIKE 'x%'): needs pattern ops under a non-C collation.
    index('customers_email_prefix_idx').on(t.email.op('text_pattern_ops')),
    // The staff search finds a customer by the beginning of their name, accents and case ignored
    // ("chloe" finds "Chloé Petit", "petit" too): the folded full name and last name (db/search.ts).
    index('customers_name_prefix_idx').using('btree', sql`${foldedFullName(t.firstName, t.lastName)} text_pattern_ops`),
    index('customers_last_name_prefix_idx').using('btree', sql`${foldedLastName(t.lastName)} text_pattern_ops`),
    check('customers_email_lower', sql`${t.email} = lower(${t.email})`),
    check('customers_locale', sql`${t.locale} in ('en','fr')`)
  ]
);

export const staffUsers = pgTable(
  'staff_users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    disabledAt: ts('disabled_at'),
    /** The language of the staff screen, remembered per account. */
    locale: text('locale').notNull().default('en'),
    createdAt: created()
  },
  (t) => [
    uniqueIndex('staff_users_email_uq').on(t.email),
    check('staff_users_locale', sql`${t.locale} in ('en','fr')`),
    check('staff_users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('staff_users_role', sql`${t.role} in ('staff','admin')`)
  ]
);

/**
 * A session's own columns, the same in each kind's table (the owner's column is the table's): only
 * SHA-256 of the secret is stored. Shopper and staff sessions live in separate tables, so one kind can
 * never be read as the other.
 */
const sessionColumns = () => ({
  id: text('id').primaryKey(),
  secretHash: bytea('secret_hash').notNull(),
  createdAt: created(),
  lastActiveAt: ts('last_active_at').notNull().defaultNow()
});

export const customerSessions = pgTable(
  'customer_sessions',
  {
    ...sessionColumns(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' })
  },
  (t) => [index('customer_sessions_customer_idx').on(t.customerId)]
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    ...sessionColumns(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' })
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)]
);

/**
 * Order-scoped sessions, opened by a signed portal link (or an order-lookup link): like the
 * shopper's, only SHA-256 of the secret is stored, but they reach one order and its returns.
 */
export const orderSessions = pgTable(
  'order_sessions',
  {
    ...sessionColumns(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' })
  },
  (t) => [index('order_sessions_order_idx').on(t.orderId)]
);

/** Failed sign-in counters, per account and per client address (shared by every instance). */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: ts('window_started_at').notNull().defaultNow()
});

export const products = pgTable(
  'products',
  {
    id: id(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    imageUrl: text('image_url'),
    finalSale: boolean('final_sale').notNull().default(false),
    createdAt: created()
  },
  (t) => [uniqueIndex('products_sku_uq').on(t.sku)]
);

export const variants = pgTable(
  'variants',
  {
    id: id(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    label: text('label'),
    priceCents: integer('price_cents').notNull(),
    stockOnHand: integer('stock_on_hand').notNull().default(0)
  },
  (t) => [
    uniqueIndex('variants_sku_uq').on(t.sku),
    index('variants_product_idx').on(t.productId),
    check('variants_price', sql`${t.priceCents} >= 0`),
    // Reserving an exchange's replacement takes units off stock: never below none (oversell refused).
    check('variants_stock', sql`${t.stockOnHand} >= 0`)
  ]
);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: text('number').notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    email: text('email').notNull(),
    status: text('status').notNull().default('placed'),
    currency: text('currency').notNull().default('EUR'),
    totalCents: integer('total_cents').notNull(),
    placedAt: ts('placed_at').notNull(),
    deliveredAt: ts('delivered_at'),
    /** The shipping the shopper paid, in the order's minor units, as the push says (null: unknown). */
    shippingCents: integer('shipping_cents'),
    /** The country shipped to, ISO 3166-1 alpha-2 in upper case ("FR"), as the push says (null: unknown); return rules may match it. */
    shippingCountry: text('shipping_country'),
    /** Units bought: the sum of its lines' quantities, kept by triggers on order_lines (migration 0027_order_units); the return rate reads it. */
    units: integer('units').notNull().default(0),
    /** Shipping refunded over all the order's returns: kept by a trigger on returns (migration 0012_shipping_refund_invariant). */
    shippingRefundedCents: integer('shipping_refunded_cents').notNull().default(0),
    /** The platform's own `updated_at` of the last connector delivery applied (an older one changes nothing); null for pushes. */
    sourceUpdatedAt: ts('source_updated_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow()
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    // Newest-first indexes are DESC NULLS FIRST, the order of `ORDER BY … DESC`: drizzle's `.desc()`
    // alone writes NULLS LAST, which the planner cannot use for that order (it sorted instead).
    index('orders_customer_recent_idx').on(t.customerId, t.placedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_email_idx').on(t.email),
    // The staff Orders page lists the newest orders before any search; the search matches a number by its beginning, any case.
    index('orders_recent_idx').on(t.placedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_number_prefix_idx').using('btree', sql`${loweredNumber(t.number)} text_pattern_ops`),
    check('orders_status', sql`${t.status} in ('placed','shipped','delivered','cancelled')`),
    check('orders_total', sql`${t.totalCents} >= 0`),
    check('orders_currency', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('orders_shipping', sql`${t.shippingCents} >= 0`),
    check('orders_shipping_country', sql`${t.shippingCountry} ~ '^[A-Z]{2}$'`),
    check('orders_units', sql`${t.units} >= 0`),
    // Never more shipping refunded, over all the order's returns, than the order's shipping (none when it is unknown).
    check(
      'orders_shipping_refunded',
      sql`${t.shippingRefundedCents} >= 0 and ${t.shippingRefundedCents} <= coalesce(${t.shippingCents}, 0)`
    )
  ]
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id').references(() => variants.id),
    position: integer('position').notNull().default(0),
    productName: text('product_name').notNull(),
    variantLabel: text('variant_label'),
    sku: text('sku').notNull(),
    imageUrl: text('image_url'),
    unitPriceCents: integer('unit_price_cents').notNull(),
    quantity: integer('quantity').notNull(),
    finalSale: boolean('final_sale').notNull().default(false),
    /** Units on this order's returns that are not rejected/cancelled; kept by the returns service. */
    unitsOnReturns: integer('units_on_returns').notNull().default(0),
    /** Units and money credited on all this line's returns: kept by a trigger on return_lines (migration 0006_settlement_invariants). */
    unitsCredited: integer('units_credited').notNull().default(0),
    amountCreditedCents: bigint('amount_credited_cents', { mode: 'number' }).notNull().default(0),
    /**
     * The order's currency and delivery, copied onto each line by triggers (migration 0022_insights) in the
     * writer's transaction, so the Insights' units sold in a period are one index range (no join of orders).
     */
    orderCurrency: text('order_currency'),
    orderDeliveredAt: ts('order_delivered_at'),
    /** The product's tags as the push says (rules match them: docs/rules.md). */
    tags: jsonb('tags').$type<string[]>().notNull().default([])
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.position),
    // Insights: units sold and on returns per variant for a currency and a delivery period, read from the index alone.
    index('order_lines_sold_idx')
      .on(t.orderCurrency, t.orderDeliveredAt, t.sku, t.productName, t.variantLabel, t.quantity, t.unitsOnReturns, t.id)
      .where(sql`${t.orderDeliveredAt} is not null`),
    check('order_lines_quantity', sql`${t.quantity} > 0`),
    check('order_lines_tags', sql`jsonb_typeof(${t.tags}) = 'array'`),
    check('order_lines_price', sql`${t.unitPriceCents} >= 0`),
    // Backstop for the concurrency rule: never more units on returns than were bought.
    check('order_lines_units_on_returns', sql`${t.unitsOnReturns} >= 0 and ${t.unitsOnReturns} <= ${t.quantity}`),
    // Never more units credited, nor more money, than were bought and paid on this line, over all its returns.
    check('order_lines_units_credited', sql`${t.unitsCredited} >= 0 and ${t.unitsCredited} <= ${t.quantity}`),
    check(
      'order_lines_amount_credited',
      sql`${t.amountCreditedCents} >= 0 and ${t.amountCreditedCents} <= ${t.unitPriceCents}::bigint * ${t.quantity}`
    )
  ]
);

export const returnReasons = pgTable(
  'return_reasons',
  {
    id: id(),
    code: text('code').notNull(),
    labelEn: text('label_en').notNull(),
    labelFr: text('label_fr').notNull(),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    restockDefault: boolean('restock_default').notNull().default(true),
    /** The "Other" reason: the shopper writes their own text. */
    needsText: boolean('needs_text').notNull().default(false),
    /** Percentage of the paid amount kept when a line with this reason is credited (0 to 100). */
    restockingFeePercent: integer('restocking_fee_percent').notNull().default(0),
    /** A line with this reason needs at least one photo from the shopper; the hint tells them what to show (EN/FR). */
    requiresPhoto: boolean('requires_photo').notNull().default(false),
    photoHintEn: text('photo_hint_en').notNull().default(''),
    photoHintFr: text('photo_hint_fr').notNull().default('')
  },
  (t) => [uniqueIndex('return_reasons_code_uq').on(t.code), check('return_reasons_fee', sql`${t.restockingFeePercent} between 0 and 100`)]
);

export const returnActions = pgTable(
  'return_actions',
  {
    id: id(),
    code: text('code').notNull(),
    labelEn: text('label_en').notNull(),
    labelFr: text('label_fr').notNull(),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0)
  },
  (t) => [uniqueIndex('return_actions_code_uq').on(t.code)]
);

export const returns = pgTable(
  'returns',
  {
    id: id(),
    number: text('number').notNull(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    state: text('state').notNull().default('requested'),
    /** A return (the items come back) or a claim (item missing, arrived damaged or wrong; nothing comes back: docs/decisions.md "Claims"). */
    kind: text('kind').notNull().default('return'),
    version: integer('version').notNull().default(1),
    createdByStaffId: integer('created_by_staff_id').references(() => staffUsers.id),
    customerComment: text('customer_comment').notNull().default(''),
    /** Who typed the comment: the shopper's own is shown to them; one entered by staff is staff-only. */
    customerCommentBy: text('customer_comment_by').notNull().default('customer'),
    staffNote: text('staff_note').notNull().default(''),
    /** No longer used: the shop's messages are rows of `return_messages` (copied there by migration 0009_copy_customer_message). */
    customerMessage: text('customer_message').notNull().default(''),
    /** The withdrawal statement this return was made for (EU withdrawal function), if any. */
    withdrawalId: integer('withdrawal_id').references((): AnyPgColumn => withdrawals.id),
    /**
     * How the credit is given; set once, with creditedAt, when the credit is decided: the lines' one
     * method, or `mixed` when they differ (each line has its own, `return_lines.credit_method`).
     */
    creditMethod: text('credit_method'),
    /** When the credit was decided: set once, never changed (a trigger refuses it, migration 0006_settlement_invariants). */
    creditDecidedAt: ts('credit_decided_at'),
    /** The return-shipping deduction taken from this return's credit. */
    shippingDeductionCents: integer('shipping_deduction_cents'),
    /** The sum to give back: the lines' credited amounts minus the shipping deduction (null: unknown or not decided). */
    creditTotalCents: bigint('credit_total_cents', { mode: 'number' }),
    /** The order's shipping refunded with this return's credit (staff's choice; null: not decided, or credited before it was kept). */
    shippingRefundedCents: integer('shipping_refunded_cents'),
    /** When the return entered its current state: kept by a trigger (migration 0022_insights), for the Insights' "waiting for more than N days". */
    stateChangedAt: ts('state_changed_at').notNull().defaultNow(),
    /** What the shop's rules decided when it was requested (approve, keep, review), by which rule of which version; null: no rule decided. */
    ruleDecision: jsonb('rule_decision').$type<RuleDecisionRecord>(),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow()
  },
  (t) => [
    uniqueIndex('returns_number_uq').on(t.number),
    index('returns_state_changed_idx').on(t.state, t.stateChangedAt),
    index('returns_credit_decided_idx')
      .on(t.creditDecidedAt)
      .where(sql`${t.creditDecidedAt} is not null`),
    uniqueIndex('returns_withdrawal_uq').on(t.withdrawalId),
    check('returns_kind', sql`${t.kind} in ('return','claim')`),
    // The staff queue's "Claims" filter, newest first.
    index('returns_claims_idx')
      .on(t.createdAt)
      .where(sql`${t.kind} = 'claim'`),
    // The staff search matches a return number by its beginning, any case ("r-1020" finds R-1020-1).
    index('returns_number_prefix_idx').using('btree', sql`${loweredNumber(t.number)} text_pattern_ops`),
    check('returns_credit_method', sql`${t.creditMethod} in ('refund','store_credit','replacement','kept','mixed')`),
    // Nothing of a credit without its decision; a decided credit may have an unknown total (credited before amounts were kept).
    check(
      'returns_credit_decided',
      sql`${t.creditDecidedAt} is not null or (${t.creditMethod} is null and ${t.creditTotalCents} is null and ${t.shippingDeductionCents} is null)`
    ),
    check('returns_credit_amounts', sql`${t.shippingDeductionCents} >= 0 and ${t.creditTotalCents} >= 0`),
    check(
      'returns_shipping_refunded',
      sql`${t.shippingRefundedCents} >= 0 and (${t.shippingRefundedCents} = 0 or ${t.creditDecidedAt} is not null)`
    ),
    index('returns_state_recent_idx').on(t.state, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('returns_recent_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('returns_order_idx').on(t.orderId),
    index('returns_customer_recent_idx').on(t.customerId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The risk signals' count of a customer's returns in the period, cancelled ones left out
    // (policy/risk.ts): read from the index alone, where the index above needs each return's row.
    index('returns_customer_counted_idx')
      .on(t.customerId, t.createdAt)
      .where(sql`${t.state} <> 'cancelled'`),
    check(
      'returns_state',
      sql`${t.state} in ('requested','in_progress','approved','received','items_needed','credited','rejected','cancelled')`
    ),
    check('returns_version', sql`${t.version} > 0`),
    check('returns_comment_by', sql`${t.customerCommentBy} in ('customer','staff')`)
  ]
);

/**
 * The shop's messages to the customer of a return, every one kept: shown to the shopper (timeline)
 * and to staff (history), and the newest one carried by the email sent with it.
 */
export const returnMessages = pgTable(
  'return_messages',
  {
    id: id(),
    returnId: integer('return_id')
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** The role of the staff member who wrote it when they wrote it. */
    authorRole: text('author_role').notNull(),
    authorStaffId: integer('author_staff_id').references(() => staffUsers.id),
    createdAt: created()
  },
  (t) => [
    index('return_messages_return_idx').on(t.returnId, t.createdAt, t.id),
    check('return_messages_author_role', sql`${t.authorRole} in ('staff','admin')`),
    check('return_messages_body', sql`length(${t.body}) > 0`)
  ]
);

/**
 * Returns per state, for the staff queue's counts without counting the table: kept by a trigger on
 * `returns` (migration 0001), in the writer's transaction. Each state's count is spread over a few
 * slots (by database connection), so concurrent writers rarely wait for the same row.
 */
export const returnStateCounts = pgTable(
  'return_state_counts',
  {
    state: text('state').notNull(),
    slot: integer('slot').notNull(),
    n: integer('n').notNull().default(0)
  },
  (t) => [primaryKey({ columns: [t.state, t.slot] })]
);

export const returnLines = pgTable(
  'return_lines',
  {
    id: id(),
    returnId: integer('return_id')
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderLineId: integer('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    quantity: integer('quantity').notNull(),
    reasonId: integer('reason_id')
      .notNull()
      .references(() => returnReasons.id),
    reasonText: text('reason_text'),
    actionId: integer('action_id')
      .notNull()
      .references(() => returnActions.id),
    restock: boolean('restock'),
    /** Units that arrived (null: not received yet); `missing` exactly when none did; a null condition was not recorded (before 0006_settlement_invariants). */
    unitsReceived: integer('units_received'),
    condition: text('condition'),
    /** Units and amount credited (null: not credited, or credited before amounts were recorded: unknown). */
    unitsCredited: integer('units_credited'),
    amountCreditedCents: bigint('amount_credited_cents', { mode: 'number' }),
    /** Staff credited units that did not arrive: the shopper keeps the item (audited). */
    keepItem: boolean('keep_item').notNull().default(false),
    /**
     * How this line is credited (decided with the credit, once): refund, store credit, replacement, or
     * kept (nothing credited). Null: not credited, or credited before the method was recorded (unknown).
     * Anything but a replacement while the line's replacement is reserved is refused by a trigger
     * (migration 0017_line_credit_invariants).
     */
    creditMethod: text('credit_method'),
    /**
     * An exchange: the variant sent instead (same product, held by a trigger, migration 0014_exchange_invariants), its
     * units, and the price difference (replacement price − unit price paid) × units: positive, the
     * shopper owes it; negative, the shop does (docs/decisions.md "Exchanges").
     */
    replacementVariantId: integer('replacement_variant_id').references(() => variants.id),
    replacementUnits: integer('replacement_units'),
    priceDifferenceCents: bigint('price_difference_cents', { mode: 'number' }),
    /** A rule's restocking fee for this line, instead of its reason's (null: the reason's). */
    restockingFeePercent: integer('restocking_fee_percent')
  },
  (t) => [
    uniqueIndex('return_lines_line_uq').on(t.returnId, t.orderLineId),
    index('return_lines_order_line_idx').on(t.orderLineId),
    // The risk signals' "kept" count (policy/risk.ts): lines kept are few, so a customer's count probes
    // this small index instead of each of their return lines (the staff queue counts it per customer).
    index('return_lines_kept_idx')
      .on(t.returnId)
      .where(sql`${t.keepItem}`),
    check('return_lines_quantity', sql`${t.quantity} > 0`),
    check('return_lines_fee', sql`${t.restockingFeePercent} between 0 and 100`),
    check('return_lines_received', sql`${t.unitsReceived} between 0 and ${t.quantity}`),
    check(
      'return_lines_condition',
      sql`(${t.unitsReceived} is null and ${t.condition} is null) or (${t.unitsReceived} = 0 and ${t.condition} = 'missing') or (${t.unitsReceived} > 0 and (${t.condition} is null or ${t.condition} in ('resellable','damaged')))`
    ),
    check('return_lines_credited', sql`(${t.unitsCredited} is null) = (${t.amountCreditedCents} is null)`),
    check('return_lines_units_credited', sql`${t.unitsCredited} between 0 and ${t.quantity}`),
    check('return_lines_amount_credited', sql`${t.amountCreditedCents} >= 0`),
    // Without "keep the item", only units that arrived are credited.
    check('return_lines_credit_received', sql`${t.keepItem} or ${t.unitsCredited} <= coalesce(${t.unitsReceived}, 0)`),
    // A line's method comes with its credit; a line kept is credited nothing.
    check(
      'return_lines_credit_method',
      sql`${t.creditMethod} is null or (${t.unitsCredited} is not null and ${t.creditMethod} in ('refund','store_credit','replacement','kept'))`
    ),
    check('return_lines_kept', sql`${t.creditMethod} is distinct from 'kept' or (${t.unitsCredited} = 0 and ${t.amountCreditedCents} = 0)`),
    check(
      'return_lines_replacement',
      sql`(${t.replacementVariantId} is null and ${t.replacementUnits} is null and ${t.priceDifferenceCents} is null) or (${t.replacementVariantId} is not null and ${t.replacementUnits} between 1 and ${t.quantity} and ${t.priceDifferenceCents} is not null)`
    )
  ]
);

/**
 * A shopper's photo, stored in the database (docs/decisions.md "Photos in the database"): uploaded
 * first (`return_line_id` null, kept a day), then attached to one line of the return it was sent with,
 * in the return's transaction. Only the re-encoded image (no EXIF) and its thumbnail are kept, never
 * the bytes that came; `upload_key` (the client's, per file) makes a retried upload answer the same row.
 */
export const returnPhotos = pgTable(
  'return_photos',
  {
    id: id(),
    /** The id in URLs: random, so a photo's address says nothing about others. */
    publicId: text('public_id').notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    uploadKey: text('upload_key').notNull(),
    /** SHA-256 of the bytes that came: the same key with other bytes is a reused key, not a retry. */
    sourceHash: text('source_hash').notNull(),
    returnLineId: integer('return_line_id').references(() => returnLines.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    /** What the bytes were (sniffed: jpeg, png, webp, heic); what is kept is always a JPEG. */
    sourceType: text('source_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    image: bytea('image').notNull(),
    thumbnail: bytea('thumbnail').notNull(),
    createdAt: created()
  },
  (t) => [
    uniqueIndex('return_photos_public_uq').on(t.publicId),
    uniqueIndex('return_photos_upload_uq').on(t.customerId, t.uploadKey),
    index('return_photos_line_idx').on(t.returnLineId, t.position),
    index('return_photos_unattached_idx')
      .on(t.createdAt)
      .where(sql`${t.returnLineId} is null`),
    check('return_photos_source_type', sql`${t.sourceType} in ('jpeg','png','webp','heic')`),
    check('return_photos_size', sql`${t.width} > 0 and ${t.height} > 0 and ${t.position} >= 0`)
  ]
);

/** One row per restocked return line (unique), so stock is never raised twice. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: id(),
    returnLineId: integer('return_line_id')
      .notNull()
      .references(() => returnLines.id),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    createdAt: created()
  },
  (t) => [uniqueIndex('stock_movements_return_line_uq').on(t.returnLineId), check('stock_movements_quantity', sql`${t.quantity} > 0`)]
);

/**
 * Units of an exchange's replacement held for its return line: written when the return is approved,
 * released (once: `released_at` set, never cleared) when it ends rejected or cancelled. At most one
 * held reservation per line (partial unique index); a trigger (migration 0014_exchange_invariants)
 * takes the units off the variant's stock on insert and gives them back on release, in the same
 * transaction, and refuses any other change.
 */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: id(),
    returnLineId: integer('return_line_id')
      .notNull()
      .references(() => returnLines.id),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    units: integer('units').notNull(),
    createdAt: created(),
    releasedAt: ts('released_at')
  },
  (t) => [
    uniqueIndex('stock_reservations_held_uq')
      .on(t.returnLineId)
      .where(sql`${t.releasedAt} is null`),
    index('stock_reservations_return_line_idx').on(t.returnLineId),
    check('stock_reservations_units', sql`${t.units} > 0`)
  ]
);

/** The single row of shop settings (id = 1). */
export const shopSettings = pgTable(
  'shop_settings',
  {
    id: integer('id').primaryKey().default(1),
    shopName: text('shop_name').notNull().default('Reprise demo shop'),
    contactEmail: text('contact_email').notNull().default('help@shop.example'),
    contactPhone: text('contact_phone').notNull().default(''),
    primaryColor: text('primary_color').notNull().default('#1f4e79'),
    accentColor: text('accent_color').notNull().default('#e8f0f8'),
    returnsAllowed: boolean('returns_allowed').notNull().default(true),
    windowDays: integer('window_days').notNull().default(30),
    /** Days after delivery in which a shopper may report a problem (a claim: item missing, arrived damaged, wrong item). */
    claimWindowDays: integer('claim_window_days').notNull().default(30),
    inventoryLinkedToPos: boolean('inventory_linked_to_pos').notNull().default(false),
    /** The EU withdrawal function ("Withdraw from contract here"), on unless the shop turns it off. */
    withdrawalEnabled: boolean('withdrawal_enabled').notNull().default(true),
    /** The withdrawal period in days after delivery (the law's minimum is 14). */
    withdrawalDays: integer('withdrawal_days').notNull().default(14),
    /** The trader's legal identity, shown in the withdrawal acknowledgement. */
    legalName: text('legal_name').notNull().default(''),
    legalAddress: text('legal_address').notNull().default(''),
    /** IANA time zone in which periods counted in days end (at the end of their last day). */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Return shipping taken from each credited return: 0 is free, else a flat amount in the order's minor units. */
    returnShippingCents: integer('return_shipping_cents').notNull().default(0),
    /** Shoppers asking for an exchange pick the replacement variant (docs/decisions.md "Exchanges"); off unless the shop turns it on. */
    exchangesEnabled: boolean('exchanges_enabled').notNull().default(false),
    /** Where and how shoppers send the items back: shown on an approved return's page and in the approval email ('' = not set). */
    returnAddress: text('return_address').notNull().default(''),
    returnInstructionsEn: text('return_instructions_en').notNull().default(''),
    returnInstructionsFr: text('return_instructions_fr').notNull().default(''),
    /** The shop's own language: the emails to its own address (a new request, a withdrawal's notice) are written in it. */
    locale: text('locale').notNull().default('en'),
    updatedAt: ts('updated_at').notNull().defaultNow()
  },
  (t) => [
    check('shop_settings_singleton', sql`${t.id} = 1`),
    check('shop_settings_window', sql`${t.windowDays} between 1 and 365`),
    check('shop_settings_claim_window', sql`${t.claimWindowDays} between 1 and 365`),
    check('shop_settings_withdrawal_days', sql`${t.withdrawalDays} between 14 and 365`),
    check('shop_settings_return_shipping', sql`${t.returnShippingCents} >= 0`),
    check('shop_settings_locale', sql`${t.locale} in ('en','fr')`),
    check('shop_settings_colors', sql`${t.primaryColor} ~ '^#[0-9a-fA-F]{6}$' and ${t.accentColor} ~ '^#[0-9a-fA-F]{6}$'`)
  ]
);

/** Notification texts per state and language, editable by admins. */
export const emailTemplates = pgTable(
  'email_templates',
  {
    state: text('state').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull()
  },
  (t) => [primaryKey({ columns: [t.state, t.locale] })]
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    returnId: integer('return_id').references(() => returns.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: integer('actor_id'),
    changes: jsonb('changes').notNull().default({}),
    createdAt: created()
  },
  (t) => [
    index('audit_events_return_idx').on(t.returnId, t.createdAt),
    index('audit_events_entity_idx').on(t.entity, t.entityId, t.createdAt),
    check('audit_events_actor', sql`${t.actorType} in ('customer','staff','system','rule')`)
  ]
);

/** Emails and webhooks written in the same transaction as the change that causes them. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    topic: text('topic').notNull(),
    recipient: text('recipient'),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: created(),
    sentAt: ts('sent_at')
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_recent_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    check('outbox_kind', sql`${t.kind} in ('email','webhook')`),
    // withheld: an email written only so that a request for an address with no account does the same
    // work as one for a customer (sign-in link, forgot password, order lookup); never sent, never listed.
    check('outbox_status', sql`${t.status} in ('pending','sent','failed','withheld')`)
  ]
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    body: jsonb('body'),
    createdAt: created()
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)]
);

/**
 * What each platform connector received (`POST /api/integrations/<platform>`), one row per signed
 * delivery: its id (unique per platform, so a redelivery changes nothing), topic, order and result;
 * a refusal keeps its code and field reasons for the Connections screen. Unsigned requests leave no row.
 */
export const connectorDeliveries = pgTable(
  'connector_deliveries',
  {
    id: id(),
    platform: text('platform').notNull(),
    deliveryId: text('delivery_id').notNull(),
    topic: text('topic').notNull(),
    orderNumber: text('order_number'),
    result: text('result').notNull(),
    refusal: jsonb('refusal'),
    receivedAt: ts('received_at').notNull()
  },
  (t) => [
    uniqueIndex('connector_deliveries_uq').on(t.platform, t.deliveryId),
    index('connector_deliveries_recent_idx').on(t.platform, t.receivedAt.desc().nullsFirst()),
    check('connector_deliveries_platform', sql`${t.platform} in ('shopify','woocommerce','shopware','lightspeed')`),
    check('connector_deliveries_result', sql`${t.result} in ('created','updated','unchanged','stale','ignored','refused')`)
  ]
);

/** Emailed one-time links (sign-in, verify, reset, order access); only the hash is stored. */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose').notNull(),
    email: text('email').notNull(),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    orderId: integer('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: created()
  },
  (t) => [
    index('one_time_tokens_expiry_idx').on(t.expiresAt),
    check('one_time_tokens_purpose', sql`${t.purpose} in ('sign_in','verify_email','reset_password','order_access')`)
  ]
);

/**
 * Withdrawal statements (EU withdrawal function), exactly as submitted: append-only. The code has no
 * update or delete path and a trigger (migration 0004_withdrawal_append_only) refuses UPDATE and DELETE. The order number
 * and email are the consumer's words, not a link to an order: matching is recorded separately.
 */
export const withdrawals = pgTable(
  'withdrawals',
  {
    id: id(),
    /** The reference the consumer gets (random, the same shape whether or not an order matched). */
    reference: text('reference').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    orderNumber: text('order_number').notNull(),
    /** Which items, in the consumer's words (empty: everything delivered on the order). */
    items: text('items').notNull().default(''),
    /** Lines chosen by the signed-in owner of the order: `[{ orderLineId, quantity }]`, empty for all. */
    lines: jsonb('lines').$type<{ orderLineId: number; quantity: number }[]>().notNull().default([]),
    /** The signed-in shopper who submitted it, if any. */
    customerId: integer('customer_id').references(() => customers.id),
    locale: text('locale').notNull(),
    clientAddress: text('client_address').notNull(),
    submittedAt: ts('submitted_at').notNull()
  },
  (t) => [
    uniqueIndex('withdrawals_reference_uq').on(t.reference),
    index('withdrawals_submitted_idx').on(t.submittedAt, t.id),
    check('withdrawals_locale', sql`${t.locale} in ('en','fr')`)
  ]
);

/**
 * What became of a statement, one row per decision, also append-only (same trigger): `matched` (by
 * the system, to an order within its period), `attached` (by staff), `closed` (by staff, with the
 * note emailed to the consumer), `unmatched` (by the system, with why). At most one final decision.
 */
export const withdrawalDecisions = pgTable(
  'withdrawal_decisions',
  {
    id: id(),
    withdrawalId: integer('withdrawal_id')
      .notNull()
      .references(() => withdrawals.id),
    kind: text('kind').notNull(),
    /** For `unmatched`: no_order, out_of_period, not_delivered, nothing_returnable, items_to_pick (free-text items: staff pick the lines). */
    reason: text('reason'),
    orderId: integer('order_id').references(() => orders.id),
    returnId: integer('return_id').references(() => returns.id),
    note: text('note').notNull().default(''),
    staffId: integer('staff_id').references(() => staffUsers.id),
    /** For `attached`: what differed between the statement and the order (`email`, `name`), confirmed by the staff member. */
    confirmedDifferences: jsonb('confirmed_differences').$type<string[]>().notNull().default([]),
    createdAt: created()
  },
  (t) => [
    index('withdrawal_decisions_withdrawal_idx').on(t.withdrawalId),
    uniqueIndex('withdrawal_decisions_final_uq')
      .on(t.withdrawalId)
      .where(sql`${t.kind} in ('matched','attached','closed')`),
    // The consumer's cancel (from the acknowledgement's link) comes once, after any other decision.
    uniqueIndex('withdrawal_decisions_cancelled_uq')
      .on(t.withdrawalId)
      .where(sql`${t.kind} = 'cancelled'`),
    check('withdrawal_decisions_kind', sql`${t.kind} in ('matched','attached','closed','unmatched','cancelled')`)
  ]
);

/**
 * The one-time links of a statement: the acknowledgement's (written for every statement, whatever the
 * matching finds) and, when staff attach it to an order whose customer's email is another, the one
 * sent to that customer. The mailbox may see the statement and cancel it (only the hash is stored;
 * the link is built by auth/one-time-link.ts, so staff see it masked).
 */
export const withdrawalLinks = pgTable(
  'withdrawal_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    withdrawalId: integer('withdrawal_id')
      .notNull()
      .references(() => withdrawals.id),
    /** The address the link was sent to: the statement's, or the order's customer's when staff attached it to their order. */
    email: text('email').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** When the link was spent (the statement cancelled). */
    usedAt: ts('used_at'),
    createdAt: created()
  },
  (t) => [index('withdrawal_links_withdrawal_idx').on(t.withdrawalId)]
);

/**
 * The shop's return rules (docs/rules.md), versioned: each save is a new row with the next version and
 * who saved it; the newest is in force. Never updated nor deleted (the audit trail and the returns'
 * `rule_decision` name versions).
 */
export const ruleSets = pgTable(
  'rule_sets',
  {
    version: integer('version').primaryKey(),
    document: jsonb('document').$type<RuleSet>().notNull(),
    savedByStaffId: integer('saved_by_staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    savedAt: ts('saved_at').notNull().defaultNow()
  },
  (t) => [check('rule_sets_version', sql`${t.version} > 0`)]
);
