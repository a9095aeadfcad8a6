/**
 * CSV exports of returns, return lines and credits for a period, with the staff queue's filters
 * (state, search), streamed: each pull of the stream reads the next keyset batch of returns, so a
 * 40,000-return export holds one batch in memory, never the whole answer.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Period } from '#shared/insights.ts';
import { typedMoney } from '#shared/money.ts';
import { wallClock } from '#shared/periods.ts';
import type { ExportKind } from '#shared/schemas/insights.ts';
import type { ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { customers, orderLines, orders, returnActions, returnLines, returnReasons, returns } from '../db/schema.ts';
import { returnsMatching, searchText } from '../staff/search.ts';
import { csvRow, type Cell } from './csv.ts';

/** Returns read per pull of the stream. */
export const EXPORT_BATCH = 500;

export type ExportFilter = { period: Period; state?: ReturnState; q?: string; timeZone: string };
type Key = { at: string; id: number };
/** A batch row: the keyset key of its return, then its cells. */
type Row = { key: Key; cells: Cell[] };

const at = (d: Date | string) => sql`${typeof d === 'string' ? d : d.toISOString()}::timestamptz`;
/** An amount in minor units as a decimal in its currency ("25.00"); empty when unknown. */
const money = (minor: Cell, currency: Cell) =>
  minor === null || minor === undefined ? null : typedMoney(Number(minor), String(currency), 'en');

/** The returns of a batch: in the period by `time`, with the queue's filters, after the key, oldest first. */
function pageOf(f: ExportFilter, time: 'created_at' | 'credit_decided_at', after: Key | undefined): SQL {
  const t = sql.raw(`r.${time}`);
  const text = searchText(f.q);
  return sql`select r.* from ${returns} r where ${t} >= ${at(f.period.start)} and ${t} < ${at(f.period.end)}
    ${f.state ? sql`and r.state = ${f.state}` : sql``} ${text ? sql`and r.id = any(${returnsMatching(text)})` : sql``}
    ${after ? sql`and (${t}, r.id) > (${at(after.at)}, ${after.id})` : sql``}
    order by ${t}, r.id limit ${EXPORT_BATCH}`;
}

type Spec = {
  header: string[];
  /** One JSON array per row: [key time, return id, ...cells' values]. */
  batch: (f: ExportFilter, after: Key | undefined) => SQL<unknown[][] | null>;
  cells: (v: unknown[], f: ExportFilter) => Cell[];
};

const who = sql`cu.email, concat_ws(' ', nullif(cu.first_name, ''), nullif(cu.last_name, ''))`;
const local = (v: unknown, tz: string) => (v ? wallClock(new Date(v as string), tz) : null);

const SPECS: Record<ExportKind, Spec> = {
  returns: {
    header: [
      'return',
      'requested_at',
      'state',
      'order',
      'email',
      'customer',
      'lines',
      'units',
      'currency',
      'credit_method',
      'credited_at',
      'credit_total'
    ],
    batch: (f, after) => sql`(select json_agg(json_build_array(p.created_at, p.id, p.number, p.created_at, p.state, o.number, ${who},
        (select count(*) from ${returnLines} rl where rl.return_id = p.id), (select sum(rl.quantity) from ${returnLines} rl where rl.return_id = p.id),
        o.currency, p.credit_method, p.credit_decided_at, p.credit_total_cents) order by p.created_at, p.id)
      from (${pageOf(f, 'created_at', after)}) p join ${orders} o on o.id = p.order_id join ${customers} cu on cu.id = p.customer_id)`,
    cells: (v, f) => {
      const c = v as Cell[];
      return [c[0], local(c[1], f.timeZone), ...c.slice(2, 10), local(c[10], f.timeZone), money(c[11], c[8])];
    }
  },
  lines: {
    header: [
      'return',
      'requested_at',
      'state',
      'order',
      'sku',
      'product',
      'variant',
      'quantity',
      'unit_price',
      'reason',
      'reason_text',
      'action',
      'units_received',
      'condition',
      'restock',
      'units_credited',
      'amount_credited',
      'credit_method',
      'currency'
    ],
    batch: (
      f,
      after
    ) => sql`(select json_agg(json_build_array(p.created_at, p.id, p.number, p.created_at, p.state, o.number, l.sku, l.product_name,
        l.variant_label, rl.quantity, l.unit_price_cents, rr.code, rl.reason_text, ra.code, rl.units_received, rl.condition, rl.restock,
        rl.units_credited, rl.amount_credited_cents, rl.credit_method, o.currency) order by p.created_at, p.id, rl.id)
      from (${pageOf(f, 'created_at', after)}) p join ${orders} o on o.id = p.order_id join ${returnLines} rl on rl.return_id = p.id
      join ${orderLines} l on l.id = rl.order_line_id join ${returnReasons} rr on rr.id = rl.reason_id join ${returnActions} ra on ra.id = rl.action_id)`,
    cells: (v, f) => {
      const c = v as Cell[];
      const currency = c[18] as string;
      return [
        ...c.slice(0, 1),
        local(c[1], f.timeZone),
        ...c.slice(2, 8),
        money(c[8], currency),
        ...c.slice(9, 16),
        money(c[16], currency),
        c[17],
        currency
      ];
    }
  },
  credits: {
    header: [
      'return',
      'credited_at',
      'order',
      'email',
      'customer',
      'currency',
      'credit_method',
      'credit_total',
      'shipping_deduction',
      'shipping_refunded',
      'state'
    ],
    batch: (
      f,
      after
    ) => sql`(select json_agg(json_build_array(p.credit_decided_at, p.id, p.number, p.credit_decided_at, o.number, ${who}, o.currency,
        p.credit_method, p.credit_total_cents, p.shipping_deduction_cents, p.shipping_refunded_cents, p.state) order by p.credit_decided_at, p.id)
      from (${pageOf(f, 'credit_decided_at', after)}) p join ${orders} o on o.id = p.order_id join ${customers} cu on cu.id = p.customer_id)`,
    cells: (v, f) => {
      const c = v as Cell[];
      return [c[0], local(c[1], f.timeZone), ...c.slice(2, 7), money(c[7], c[5]), money(c[8], c[5]), money(c[9], c[5]), c[10]];
    }
  }
};

async function readBatch(db: Db, spec: Spec, f: ExportFilter, after: Key | undefined): Promise<{ rows: Row[]; returns: number }> {
  const [row] = await db.select({ value: spec.batch(f, after) }).from(sql`(values (1)) as one`);
  const values = row?.value ?? [];
  const rows = values.map((v) => ({ key: { at: String(v[0]), id: Number(v[1]) }, cells: spec.cells(v.slice(2), f) }));
  return { rows, returns: new Set(rows.map((r) => r.key.id)).size };
}

/** The CSV as a stream: a UTF-8 byte order mark and the header row, then one batch of returns per pull. */
export function exportStream(db: Db, kind: ExportKind, filter: ExportFilter): ReadableStream<Uint8Array> {
  const spec = SPECS[kind];
  const encoder = new TextEncoder();
  let after: Key | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(spec.header)}`));
        return;
      }
      const { rows, returns: n } = await readBatch(db, spec, filter, after);
      if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => csvRow(r.cells)).join('')));
      if (n < EXPORT_BATCH) controller.close();
      else after = rows.at(-1)!.key;
    }
  });
}
