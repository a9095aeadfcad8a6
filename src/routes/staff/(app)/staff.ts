/** Words of the staff screen only (never imported by shopper routes or shared components). */
import { i18n } from '$lib/i18n.svelte.ts';
import type { Locale } from '$lib/paraglide/runtime.js';
import { m } from '$lib/paraglide/messages.js';
import { stateText } from '$lib/state-text.ts';
import { typedMoney } from '#shared/money.ts';

/**
 * The language on screen: amounts and dates of the staff pages follow it (dates: the long form of
 * format.ts). Pages re-render under {#key i18n.locale}, so reading it while rendering is enough.
 */
export const staffLocale = (): Locale => i18n.locale;

/** The Staff accounts page's list (its `load` depends on it): invalidated after adding, disabling or enabling one. */
export const ACCOUNTS = 'staff:accounts';
/** The Withdrawals page's list: invalidated after one is attached or closed. */
export const WITHDRAWALS = 'staff:withdrawals';

export const stateLabel = (state: string) => stateText(state, i18n.locale).label;
export const stateDescription = (state: string) => stateText(state, i18n.locale, 'staff').description;

/** "restock" → "Restock" / "Remise en stock": the name of a changed field in the history. */
const FIELD_NAMES: Record<string, () => string> = {
  state: m.staff_field_state,
  staffNote: m.staff_field_staff_note,
  customerMessage: m.staff_field_customer_message,
  restock: m.staff_field_restock,
  notified: m.staff_field_notified,
  lines: m.staff_field_lines,
  override: m.staff_field_override,
  reserved: m.staff_field_reserved,
  released: m.staff_field_released,
  refundInstead: m.staff_field_refund_instead,
  exchangesEnabled: m.staff_field_exchanges_enabled,
  returnsAllowed: m.staff_field_returns_allowed,
  windowDays: m.staff_field_window_days,
  inventoryLinkedToPos: m.staff_field_inventory_pos,
  shopName: m.staff_field_shop_name,
  contactEmail: m.staff_field_contact_email,
  locale: m.staff_field_shop_locale,
  contactPhone: m.staff_field_contact_phone,
  primaryColor: m.staff_field_primary_color,
  accentColor: m.staff_field_accent_color
};

const CONDITION_NAMES: Record<string, () => string> = {
  resellable: m.staff_condition_resellable,
  damaged: m.staff_condition_damaged,
  missing: m.staff_condition_missing
};
const METHOD_NAMES: Record<string, () => string> = {
  refund: m.staff_method_refund,
  store_credit: m.staff_method_store_credit,
  replacement: m.staff_method_replacement,
  kept: m.staff_method_kept,
  mixed: m.staff_method_mixed
};
/** The words of the history, lower case as they sit in a sentence ("Credit: store credit, …"). */
const HISTORY_METHODS: Record<string, () => string> = {
  refund: m.staff_change_method_refund,
  store_credit: m.staff_change_method_store_credit,
  replacement: m.staff_change_method_replacement,
  kept: m.staff_change_method_kept,
  mixed: m.staff_change_method_mixed
};
const OVERRIDE_NAMES: Record<string, () => string> = {
  window_passed: m.staff_override_window_passed,
  final_sale: m.staff_override_final_sale
};

/** A receipt condition in words ("damaged" → "Damaged" / "Abîmé"); the code itself if unknown. */
export const conditionText = (code: string) => CONDITION_NAMES[code]?.() ?? code;
/** A credit method in words; the code itself if unknown. */
export const methodText = (code: string) => METHOD_NAMES[code]?.() ?? code;

const AUDIT_ACTIONS: Record<string, () => string> = {
  created: m.staff_audit_created,
  updated: m.staff_audit_updated,
  attached: m.staff_audit_attached,
  closed: m.staff_audit_closed,
  submitted: m.staff_audit_submitted,
  retried: m.staff_audit_retried,
  flagged: m.staff_audit_flagged
};

/** What an audit row did ("updated" / "modifié"); the code itself if unknown. */
export const auditAction = (action: string) => AUDIT_ACTIONS[action]?.() ?? action;

const CUSTOMER_SUFFIX = ' (customer)';

/**
 * Who did an audit row, in the language on screen. The server names them in English
 * ("Alice Martin (customer)", "The customer", "System", "A former staff member"); the customer's own
 * name and a staff member's name are kept as they are.
 */
export function actorName(actor: { type: string; name: string }): string {
  if (actor.type === 'system') return m.staff_actor_system();
  // "Rule “Shoes” (version 3)": the rule's own name is kept as the admin wrote it.
  if (actor.type === 'rule') {
    const named = /^Rule “(.*)” \(version (\d+)\)$/.exec(actor.name);
    return named ? m.staff_actor_rule_named({ name: named[1]!, version: named[2]! }) : m.staff_actor_rule();
  }
  if (actor.type === 'customer') {
    if (actor.name.endsWith(CUSTOMER_SUFFIX)) return m.staff_actor_customer({ name: actor.name.slice(0, -CUSTOMER_SUFFIX.length) });
    return m.staff_actor_the_customer();
  }
  return actor.name === 'A former staff member' ? m.staff_actor_former() : actor.name;
}

/** The rule that decided a return, in an audit row: "Approved by a rule, decided by the rule “Shoes” (version 3)". */
function ruleChange(rule: { name: string; version: number; outcome: string }): string {
  const outcome =
    rule.outcome === 'approve'
      ? m.staff_rule_outcome_approve()
      : rule.outcome === 'keep'
        ? m.staff_rule_outcome_keep()
        : m.staff_rule_outcome_review();
  return m.staff_change_rule({ outcome, name: rule.name, version: rule.version });
}

/** One audit change as words: "State: New → In progress". Amounts are in `currency`, the order's. */
export function describeChange(
  field: string,
  value: unknown,
  currency: string,
  lineNames: Map<number, string> = new Map(),
  orderLineNames: Map<number, string> = new Map()
): string {
  const orderLine = (id: number) => orderLineNames.get(id) ?? m.staff_change_order_line({ id });
  const name = FIELD_NAMES[field]?.() ?? field;
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return m.staff_change_empty();
    if (field === 'state' && typeof v === 'string') return stateLabel(v);
    if (typeof v === 'boolean') return v ? m.staff_change_yes() : m.staff_change_no();
    return typeof v === 'string' ? m.staff_change_quoted({ text: v }) : JSON.stringify(v);
  };
  const is = (text: string) => m.staff_change_is({ name, text });
  if (field === 'restock' && Array.isArray(value) && value[1] && typeof value[1] === 'object') {
    const parts = Object.entries(value[1] as Record<string, boolean>).map(([id, on]) =>
      m.staff_change_is({
        name: lineNames.get(Number(id)) ?? m.staff_change_line({ id }),
        text: on ? m.staff_change_back_in_stock() : m.staff_change_not_restocked()
      })
    );
    return is(parts.join('; '));
  }
  if ((field === 'receipt' || field === 'credit') && Array.isArray(value) && value[1] && typeof value[1] === 'object') {
    return describeSettlement(field, value[1], currency, lineNames);
  }
  if (field === 'override' && Array.isArray(value)) {
    return is(
      value
        .map(
          (o: { orderLineId: number; reason: string }) =>
            `${orderLine(o.orderLineId)} (${OVERRIDE_NAMES[o.reason]?.() ?? o.reason.replace('_', ' ')})`
        )
        .join(', ')
    );
  }
  if ((field === 'reserved' || field === 'released' || field === 'refundInstead') && Array.isArray(value) && Array.isArray(value[1])) {
    return is(
      (value[1] as { returnLineId: number; sku?: string; replacementSku?: string; units?: number }[])
        .map((r) => {
          const sku = r.sku ?? r.replacementSku;
          return `${lineNames.get(r.returnLineId) ?? m.staff_change_line({ id: r.returnLineId })}${sku ? ` (${sku}${r.units ? ` × ${r.units}` : ''})` : ''}`;
        })
        .join(', ')
    );
  }
  if (field === 'lines' && Array.isArray(value)) {
    return is(value.map((l: { quantity: number; orderLineId: number }) => `${l.quantity} × ${orderLine(l.orderLineId)}`).join(', '));
  }
  if (field === 'notified') return m.staff_change_notified();
  if (field === 'rule' && value && typeof value === 'object')
    return ruleChange(value as { name: string; version: number; outcome: string });
  if (field === 'review' && Array.isArray(value))
    return m.staff_change_review({ reasons: value.map((r: { reason: string }) => r.reason).join(' · ') });
  if (field === 'customerMessage' && Array.isArray(value) && value[0] === null) return is(show(value[1]));
  if (Array.isArray(value) && value.length === 2) return is(`${show(value[0])} → ${show(value[1])}`);
  return is(JSON.stringify(value));
}

/** An audit row's receipt (units and condition per line) or credit (method, total, units and amount per line, keep the item). */
function describeSettlement(field: 'receipt' | 'credit', value: object, currency: string, lineNames: Map<number, string>): string {
  /** "12.50" / "12,50" (EUR), "4500" (JPY): an amount without its currency, as the history writes it. */
  const amount = (cents: number) => typedMoney(cents, currency, i18n.locale);
  const line = (id: number | string) => lineNames.get(Number(id)) ?? m.staff_change_line({ id: String(id) });
  if (field === 'receipt') {
    const parts = Object.entries(value as Record<string, { units: number | null; condition: string | null }>).map(([id, r]) =>
      m.staff_change_is({ name: line(id), text: `${r.units ?? '?'}${r.condition ? ` (${conditionText(r.condition).toLowerCase()})` : ''}` })
    );
    return m.staff_change_received({ parts: parts.join('; ') });
  }
  const c = value as {
    method: string;
    totalCents: number;
    lines: {
      returnLineId: number;
      method?: string;
      units: number;
      amountCents: number;
      keepItem: boolean;
      replacementReleased?: boolean;
    }[];
    shippingRefundedCents?: number;
  };
  // Credits decided before each line had its method (one method for the return) name none per line.
  const parts = c.lines.map((l) =>
    m.staff_change_is({
      name: line(l.returnLineId),
      text: `${l.units} × ${amount(l.amountCents)}${l.method && c.method === 'mixed' ? ` (${HISTORY_METHODS[l.method]?.() ?? l.method})` : ''}${
        l.keepItem ? ` ${m.staff_change_keeps_item()}` : ''
      }${l.replacementReleased ? ` ${m.staff_change_replacement_released()}` : ''}`
    })
  );
  if (c.shippingRefundedCents) parts.push(m.staff_change_shipping_refunded({ amount: amount(c.shippingRefundedCents) }));
  return m.staff_change_credit({
    method: HISTORY_METHODS[c.method]?.() ?? c.method.replace('_', ' '),
    total: amount(c.totalCents),
    parts: parts.join('; ')
  });
}
