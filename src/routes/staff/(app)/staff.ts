/** Words of the staff screen only (never imported by shopper routes or shared components). */
import { stateText } from '$lib/format.ts';

/** The staff screen is in English for now: amounts and dates as 'en' (dates: the long form of format.ts). */
export const STAFF_NUMBERS = 'en';
export const STAFF_DATES = 'en';

export const stateLabel = (state: string) => stateText(state, 'en').label;
export const stateDescription = (state: string) => stateText(state, 'en', 'staff').description;

const FIELD_NAMES: Record<string, string> = {
  state: 'State',
  staffNote: 'Staff note',
  customerMessage: 'Message to customer',
  restock: 'Restock',
  notified: 'Customer notified',
  lines: 'Lines',
  override: 'Override',
  returnsAllowed: 'Returns allowed',
  windowDays: 'Return window (days)',
  inventoryLinkedToPos: 'Inventory linked to a point of sale',
  shopName: 'Shop name',
  contactEmail: 'Contact email',
  contactPhone: 'Contact phone',
  primaryColor: 'Main colour',
  accentColor: 'Accent colour'
};

/** One audit change as words: "State: New → In progress". */
export function describeChange(
  field: string,
  value: unknown,
  lineNames: Map<number, string> = new Map(),
  orderLineNames: Map<number, string> = new Map()
): string {
  const orderLine = (id: number) => orderLineNames.get(id) ?? `order line ${id}`;
  const name = FIELD_NAMES[field] ?? field;
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '(empty)';
    if (field === 'state' && typeof v === 'string') return stateLabel(v);
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return typeof v === 'string' ? `“${v}”` : JSON.stringify(v);
  };
  if (field === 'restock' && Array.isArray(value) && value[1] && typeof value[1] === 'object') {
    const parts = Object.entries(value[1] as Record<string, boolean>).map(
      ([id, on]) => `${lineNames.get(Number(id)) ?? `line ${id}`}: ${on ? 'back in stock' : 'not restocked'}`
    );
    return `${name}: ${parts.join('; ')}`;
  }
  if ((field === 'receipt' || field === 'credit') && Array.isArray(value) && value[1] && typeof value[1] === 'object') {
    return describeSettlement(field, value[1], lineNames);
  }
  if (field === 'override' && Array.isArray(value)) {
    return `Override: ${value.map((o: { orderLineId: number; reason: string }) => `${orderLine(o.orderLineId)} (${o.reason.replace('_', ' ')})`).join(', ')}`;
  }
  if (field === 'lines' && Array.isArray(value)) {
    return `Lines: ${value.map((l: { quantity: number; orderLineId: number }) => `${l.quantity} × ${orderLine(l.orderLineId)}`).join(', ')}`;
  }
  if (field === 'notified') return 'Customer notified by email';
  if (field === 'customerMessage' && Array.isArray(value) && value[0] === null) return `Message to customer: ${show(value[1])}`;
  if (Array.isArray(value) && value.length === 2) return `${name}: ${show(value[0])} → ${show(value[1])}`;
  return `${name}: ${JSON.stringify(value)}`;
}

/** An audit row's receipt (units and condition per line) or credit (method, total, units and amount per line, keep the item). */
function describeSettlement(field: 'receipt' | 'credit', value: object, lineNames: Map<number, string>): string {
  const line = (id: number | string) => lineNames.get(Number(id)) ?? `line ${id}`;
  if (field === 'receipt') {
    const parts = Object.entries(value as Record<string, { units: number | null; condition: string | null }>).map(
      ([id, r]) => `${line(id)}: ${r.units ?? '?'}${r.condition ? ` (${r.condition})` : ''}`
    );
    return `Received: ${parts.join('; ')}`;
  }
  const c = value as {
    method: string;
    totalCents: number;
    lines: { returnLineId: number; units: number; amountCents: number; keepItem: boolean }[];
  };
  const parts = c.lines.map(
    (l) => `${line(l.returnLineId)}: ${l.units} × ${(l.amountCents / 100).toFixed(2)}${l.keepItem ? ' (customer keeps the item)' : ''}`
  );
  return `Credit: ${c.method.replace('_', ' ')}, ${(c.totalCents / 100).toFixed(2)} in all; ${parts.join('; ')}`;
}
