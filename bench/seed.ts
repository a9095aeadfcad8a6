/**
 * A shop at scale, written with set-based SQL (generate_series): at scale 1, 20,000 customers
 * (customer g: first name one of ten, last name N<g>),
 * 203,000 orders (one shopper with 3,000), ~506,000 order lines, 40,000 returns.
 * The first SHOPPERS customers get a known session each (their cookies rotate under load).
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';

export const SHOPPERS = 50;
export const BIG_SHOPPER_ORDERS = 3000;

/** A session token `id.secret` whose row the seed writes; both halves are 24 base32 characters. */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
const token = (kind: 's' | 't', n: number) => ({
  id: `bench${kind}${letters(n)}`.padEnd(24, 'x'),
  secret: `secret${kind}${letters(n)}`.padEnd(24, 'z')
});
const sha256 = (s: string) => createHash('sha256').update(s).digest();

export type Seeded = {
  shopperCookies: string[];
  staffCookie: string;
  /** Per shopper: an order number of theirs to read, a return number of theirs, a line they can return now. */
  targets: { order: string; ret: string; returnable: { orderNumber: string; lineId: number } }[];
  counts: Record<string, number>;
  reasonId: number;
  actionId: number;
};

export async function seed(sql: postgres.Sql, scale: number): Promise<void> {
  const customersN = Math.max(SHOPPERS + 1, Math.round(20_000 * scale));
  const otherOrders = Math.round(200_000 * scale);
  const returnsN = Math.round(40_000 * scale);
  await sql.begin(async (tx) => {
    // Ten first names, accented as customers' are (the staff search ignores accents), and a last name per customer.
    await tx`insert into customers (email, first_name, last_name)
      select 'shopper' || g || '@bench.example',
             (array['Chloé','Léa','Zoë','Hélène','Noémie','Jérôme','François','Anaïs','Bjørn','Mathis'])[1 + g % 10], 'N' || g
      from generate_series(1, ${customersN}) g`;
    // Customer 1 has 3,000 orders an hour apart; the rest are spread over the other customers and a year.
    await tx`insert into orders (number, customer_id, email, status, total_cents, placed_at, delivered_at, shipping_country)
      select 'B' || lpad(g::text, 7, '0'), 1, 'shopper1@bench.example', 'delivered', 5000,
             now() - (g || ' hours')::interval, now() - (g || ' hours')::interval + interval '2 days', 'FR'
      from generate_series(1, ${BIG_SHOPPER_ORDERS}) g`;
    // Shipped to four countries, and one order in five to a country the shop did not say.
    await tx`insert into orders (number, customer_id, email, status, total_cents, placed_at, delivered_at, shipping_country)
      select 'C' || lpad(g::text, 7, '0'), c, 'shopper' || c || '@bench.example', 'delivered', 1000 + g % 9000,
             now() - ((g * 7919) % 8760 || ' hours')::interval - interval '3 days',
             now() - ((g * 7919) % 8760 || ' hours')::interval,
             (array['FR', 'DE', 'BE', 'NL', null])[1 + g % 5]
      from generate_series(1, ${otherOrders}) g, lateral (select 2 + g % ${customersN - 1} as c) x`;
    // 2 or 3 lines an order (~2.5); big quantities so the POST load never runs out of returnable units.
    await tx`insert into order_lines (order_id, position, product_name, variant_label, sku, unit_price_cents, quantity)
      select o.id, p, 'Product ' || (o.id * 31 + p) % 500, 'Size ' || p, 'SKU-' || (o.id * 31 + p) % 500, 1500 + p * 100, 1000
      from orders o, generate_series(0, 1 + o.id % 2) p`;
    // Each return takes one unit of its order's first line; states spread over all eight.
    await tx`with picked as (
        select o.id as order_id, o.customer_id, o.number, o.placed_at, row_number() over (order by o.id) as k
        from orders o where o.id % 5 = 0 order by o.id limit ${returnsN})
      insert into returns (number, order_id, customer_id, state, created_at, updated_at)
      select 'R-' || number || '-1', order_id, customer_id,
             (array['requested','in_progress','approved','received','items_needed','credited','rejected','cancelled'])[1 + k % 8],
             placed_at + interval '4 days', placed_at + interval '4 days'
      from picked`;
    // Credited returns were refunded six days after their request (the Insights' money per week).
    await tx`update returns set credit_method = 'refund', credit_decided_at = created_at + interval '6 days',
      credit_total_cents = 1500, shipping_deduction_cents = 0 where state = 'credited'`;
    // Reasons spread over the shop's active ones (not "Other", which needs a text); credited lines arrived and were refunded.
    await tx`insert into return_lines (return_id, order_line_id, quantity, reason_id, action_id, units_received, condition, units_credited, amount_credited_cents, credit_method)
      select r.id, l.id, 1, (select array_agg(id order by id) from return_reasons where not needs_text)[1 + r.id % 5], (select min(id) from return_actions),
             c.units, case when c.units is null then null else 'resellable' end, c.units, c.units * 1500, case when c.units is null then null else 'refund' end
      from returns r join order_lines l on l.order_id = r.order_id and l.position = 0,
      lateral (select case when r.state = 'credited' then 1 end as units) c`;
    await tx`update order_lines l set units_on_returns = 1 from return_lines rl join returns r on r.id = rl.return_id
      where rl.order_line_id = l.id and r.state not in ('rejected', 'cancelled')`;
    await tx`insert into audit_events (entity, entity_id, return_id, action, actor_type, actor_id, changes, created_at)
      select 'return', r.number, r.id, 'created', 'customer', r.customer_id, jsonb_build_object('state', jsonb_build_array(null, 'requested')), r.created_at
      from returns r`;
    // The moves each return made to reach its state (the Insights' handling times read the trail).
    await tx`insert into audit_events (entity, entity_id, return_id, action, actor_type, actor_id, changes, created_at)
      select 'return', r.number, r.id, 'updated', 'staff', null, jsonb_build_object('state', jsonb_build_array(m.from_state, m.to_state)),
             r.created_at + m.after
      from returns r join (values
        ('in_progress', 'requested', 'in_progress', interval '12 hours'),
        ('rejected', 'requested', 'rejected', interval '1 day'), ('cancelled', 'requested', 'cancelled', interval '12 hours'),
        ('approved', 'requested', 'approved', interval '1 day'), ('received', 'requested', 'approved', interval '1 day'),
        ('items_needed', 'requested', 'approved', interval '1 day'), ('credited', 'requested', 'approved', interval '1 day'),
        ('received', 'approved', 'received', interval '4 days'), ('items_needed', 'approved', 'received', interval '4 days'),
        ('credited', 'approved', 'received', interval '4 days'), ('items_needed', 'received', 'items_needed', interval '5 days'),
        ('credited', 'received', 'credited', interval '6 days')) as m(state, from_state, to_state, after) on m.state = r.state`;
    // Every bench shopper has a return and a recent delivered order to return from.
    await tx`with newest as (select distinct on (customer_id) id from orders where customer_id <= ${SHOPPERS} order by customer_id, placed_at desc, id desc)
      update orders set placed_at = now() - interval '3 days', delivered_at = now() - interval '1 day' where id in (select id from newest)`;
    await tx`insert into returns (number, order_id, customer_id, state, created_at, updated_at)
      select 'R-' || o.number || '-x', o.id, o.customer_id, 'requested', now() - interval '1 day', now() - interval '1 day'
      from (select distinct on (customer_id) * from orders where customer_id <= ${SHOPPERS} order by customer_id, placed_at desc, id desc) o
      where not exists (select 1 from returns r where r.order_id = o.id)`;
    await tx`insert into return_lines (return_id, order_line_id, quantity, reason_id, action_id)
      select r.id, l.id, 1, (select min(id) from return_reasons), (select min(id) from return_actions)
      from returns r join order_lines l on l.order_id = r.order_id and l.position = 0 where r.number like 'R-%-x'`;
    const sessions = Array.from({ length: SHOPPERS }, (_, i) => token('s', i + 1));
    for (const [i, t] of sessions.entries()) {
      await tx`insert into customer_sessions (id, secret_hash, customer_id) values (${t.id}, ${sha256(t.secret)}, ${i + 1})`;
    }
    const staff = token('t', 1);
    const [admin] =
      await tx`insert into staff_users (email, name, role, password_hash) values ('bench-admin@bench.example', 'Bench Admin', 'admin', 'x') returning id`;
    await tx`insert into staff_sessions (id, secret_hash, staff_id) values (${staff.id}, ${sha256(staff.secret)}, ${admin!.id})`;
  });
  await sql`vacuum analyze`;
}

/** What the load needs from a seeded database: cookies and, per shopper, the rows it reads and writes. */
export async function seeded(sql: postgres.Sql): Promise<Seeded> {
  const shopperCookies = Array.from({ length: SHOPPERS }, (_, i) => {
    const t = token('s', i + 1);
    return `reprise_session=${t.id}.${t.secret}`;
  });
  const staff = token('t', 1);
  // Each shopper reads its second newest order and writes returns on its newest one, so the returns
  // the POST load piles up (hundreds per order) never weigh on the order page a later run reads.
  const rows = await sql<{ customer_id: number; order_number: string; read_number: string; line_id: number; ret: string }[]>`
    select o.customer_id, o.number as order_number, r2.number as read_number, l.id as line_id,
           (select number from returns r where r.customer_id = o.customer_id order by created_at desc, id desc limit 1) as ret
    from (select customer_id, id, number, row_number() over (partition by customer_id order by placed_at desc, id desc) as rn
          from orders where customer_id <= ${SHOPPERS}) o
    join (select customer_id, number, row_number() over (partition by customer_id order by placed_at desc, id desc) as rn
          from orders where customer_id <= ${SHOPPERS}) r2 on r2.customer_id = o.customer_id and r2.rn = 2
    join order_lines l on l.order_id = o.id and l.position = 1
    where o.rn = 1
    order by o.customer_id`;
  const [counts] = await sql`select (select count(*)::int from customers) as customers, (select count(*)::int from orders) as orders,
    (select count(*)::int from order_lines) as order_lines, (select count(*)::int from returns) as returns`;
  const [ids] =
    await sql`select (select min(id) from return_reasons where not needs_text) as reason, (select min(id) from return_actions) as action`;
  return {
    reasonId: ids!.reason,
    actionId: ids!.action,
    shopperCookies,
    staffCookie: `reprise_staff=${staff.id}.${staff.secret}`,
    targets: rows.map((r) => ({ order: r.read_number, ret: r.ret, returnable: { orderNumber: r.order_number, lineId: r.line_id } })),
    counts: counts as Record<string, number>
  };
}
