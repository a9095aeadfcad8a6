/**
 * The bare baseline: Hono + postgres.js and nothing else, doing the same session lookup and the
 * same SQL as Reprise's shopper endpoints and answering the same bytes (the bench compares them).
 * What Reprise costs above this is the price of its framework code. Run: node bench/baseline.ts
 * with DATABASE_URL and PORT.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import postgres from 'postgres';
import { blockedReason, claimBlockedReason, returnableQuantity, windowClosesAt } from '../server/returns/rules.ts';
import { withdrawalClosesAt } from '../server/withdrawals/rules.ts';
import { isOneSize } from '../shared/exchanges.ts';
import { creditTotals } from '../shared/settlement.ts';

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const DAY = 86_400_000;

type Customer = { id: number; email: string; first_name: string; locale: string };

/** The session rule of server/auth/sessions.ts, written out: id finds the row, SHA-256(secret) must match. */
async function customerOf(c: Context): Promise<Customer | null> {
  const [id, secret, ...rest] = (getCookie(c, 'reprise_session') ?? '').split('.');
  if (!id || !secret || rest.length || !/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null;
  const [row] = await sql`select s.secret_hash, s.created_at, s.last_active_at, c.id, c.email, c.first_name, c.locale
    from customer_sessions s join customers c on c.id = s.customer_id where s.id = ${id}`;
  if (!row) return null;
  const hash = createHash('sha256').update(secret).digest();
  if (hash.length !== row.secret_hash.length || !timingSafeEqual(hash, row.secret_hash)) return null;
  const t = Date.now();
  if (t - row.last_active_at.getTime() >= 7 * DAY || t - row.created_at.getTime() >= 30 * DAY) return null;
  if (t - row.last_active_at.getTime() >= 60_000) await sql`update customer_sessions set last_active_at = ${new Date(t)} where id = ${id}`;
  return { id: row.id, email: row.email, first_name: row.first_name, locale: row.locale };
}

const unauthenticated = (c: Context) => c.json({ error: { code: 'unauthenticated', message: 'Please sign in.' } }, 401);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const isoText = (s: string) => new Date(s).toISOString();
/** What the list and the page say of an order alike (the total with its shipping). */
const orderHead = (o: postgres.Row) => ({
  number: o.number,
  status: o.status,
  placedAt: o.placed_at.toISOString(),
  deliveredAt: iso(o.delivered_at),
  currency: o.currency,
  totalCents: o.total_cents + (o.shipping_cents ?? 0)
});

const app = new Hono();

app.get('/api/orders', async (c) => {
  const customer = await customerOf(c);
  if (!customer) return unauthenticated(c);
  const raw = c.req.query('cursor');
  const [at, cid] = raw ? Buffer.from(raw, 'base64url').toString().split('|') : [];
  const rows = await sql`select o.id, o.number, o.status, o.placed_at, o.delivered_at, o.currency, o.total_cents, o.shipping_cents,
      (select coalesce(json_agg(json_build_object('name', l.product_name, 'variant', l.variant_label, 'quantity', l.quantity)
        order by l.position, l.id), '[]') from order_lines l where l.order_id = o.id) as items
    from orders o where o.customer_id = ${customer.id} ${at ? sql`and (o.placed_at, o.id) < (${at}::timestamptz, ${Number(cid)})` : sql``}
    order by o.placed_at desc, o.id desc limit 11`;
  const page = rows.slice(0, 10);
  const last = page.at(-1);
  return c.json({
    orders: page.map((o) => ({
      ...orderHead(o),
      itemCount: o.items.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0),
      items: o.items
    })),
    nextCursor: rows.length > 10 && last ? Buffer.from(`${last.placed_at.toISOString()}|${last.id}`).toString('base64url') : null
  });
});

app.get('/api/orders/:number', async (c) => {
  const customer = await customerOf(c);
  if (!customer) return unauthenticated(c);
  const [o] = await sql`select id, number, status, placed_at, delivered_at, currency, total_cents, shipping_cents from orders
    where number = ${c.req.param('number')} and customer_id = ${customer.id} limit 1`;
  if (!o) return c.json({ error: { code: 'not_found', message: 'No such order.' } }, 404);
  const [parts] =
    await sql`select s.window_days, s.claim_window_days, s.returns_allowed, s.time_zone, s.withdrawal_enabled, s.withdrawal_days, s.exchanges_enabled,
      (select coalesce(json_agg(json_build_object('l', l, 'variantCount', (select count(*) from variants v join variants other on other.product_id = v.product_id where v.id = l.variant_id),
        'catalogueLabel', (select v.label from variants v where v.id = l.variant_id)) order by l.position, l.id), '[]') from order_lines l where l.order_id = ${o.id}) as lines,
      (select coalesce(json_agg(json_build_object('number', r.number, 'state', r.state, 'kind', r.kind, 'createdAt', r.created_at)
        order by r.created_at desc, r.id desc), '[]') from returns r where r.order_id = ${o.id}) as returns
    from shop_settings s where s.id = 1`;
  // The bench's shop does not offer exchanges (their options cost Reprise one more statement when on).
  if (parts!.exchanges_enabled) throw new Error('the baseline answers orders of a shop without exchanges only');
  const order = { status: o.status, placedAt: o.placed_at, deliveredAt: o.delivered_at };
  const tz = parts!.time_zone;
  const closes = windowClosesAt(order, parts!.window_days, tz);
  const now = new Date();
  const claimCloses = windowClosesAt(order, parts!.claim_window_days, tz);
  const withdrawal = parts!.withdrawal_enabled ? withdrawalClosesAt(order, { withdrawalDays: parts!.withdrawal_days, timeZone: tz }) : null;
  return c.json({
    order: {
      ...orderHead(o),
      shippingCents: o.shipping_cents,
      lines: parts!.lines.map(
        ({ l, variantCount, catalogueLabel }: { l: Record<string, never>; variantCount: number; catalogueLabel: string | null }) => {
          const facts = { quantity: l.quantity, unitsOnReturns: l.units_on_returns, finalSale: l.final_sale };
          const blocked = blockedReason(order, facts, parts!.window_days, now, tz);
          return {
            id: l.id,
            name: l.product_name,
            variant: l.variant_label,
            sku: l.sku,
            imageUrl: l.image_url,
            unitPriceCents: l.unit_price_cents,
            quantity: l.quantity,
            returnableQuantity: blocked ? 0 : returnableQuantity(facts),
            windowClosesAt: iso(closes),
            blockedReason: blocked,
            offeredActions: null,
            exchangeOptions: [],
            oneSize: isOneSize(variantCount, catalogueLabel),
            claimableQuantity: claimBlockedReason(order, facts, parts!.claim_window_days, now, tz) ? 0 : returnableQuantity(facts)
          };
        }
      ),
      returns: parts!.returns.map((r: { number: string; state: string; kind: string; createdAt: string }) => ({
        ...r,
        createdAt: isoText(r.createdAt)
      }))
    },
    returnsAllowed: parts!.returns_allowed,
    exchangesEnabled: false,
    withdrawalUntil: withdrawal && now < withdrawal ? withdrawal.toISOString() : null,
    claimUntil: claimCloses && now < claimCloses ? claimCloses.toISOString() : null
  });
});

type Sql = postgres.Sql | postgres.TransactionSql;

async function returnView(db: Sql, id: number) {
  const [r] = await db`select r.*, o.number as order_number, o.currency,
      (select json_build_object('address', s.return_address, 'instructions', json_build_object('en', s.return_instructions_en, 'fr', s.return_instructions_fr))
        from shop_settings s where s.id = 1 and r.state = 'approved') as send_to,
      (select coalesce(json_agg(json_build_object('orderLineId', rl.order_line_id, 'name', ol.product_name, 'variant', ol.variant_label,
          'quantity', rl.quantity, 'reason', json_build_object('code', rr.code, 'labelEn', rr.label_en, 'labelFr', rr.label_fr),
          'reasonText', rl.reason_text, 'action', json_build_object('code', ra.code, 'labelEn', ra.label_en, 'labelFr', ra.label_fr),
          'unitsReceived', rl.units_received, 'condition', rl.condition, 'unitsCredited', rl.units_credited,
          'amountCreditedCents', rl.amount_credited_cents, 'creditMethod', rl.credit_method, 'replacement', (select json_build_object('sku', v.sku, 'label', v.label,
            'units', rl.replacement_units, 'priceDifferenceCents', rl.price_difference_cents) from variants v
            where v.id = rl.replacement_variant_id)) order by ol.position, rl.id), '[]')
        from return_lines rl join order_lines ol on ol.id = rl.order_line_id
        join return_reasons rr on rr.id = rl.reason_id join return_actions ra on ra.id = rl.action_id
        where rl.return_id = r.id) as lines,
      (select coalesce(json_agg(json_build_object('body', m.body, 'at', m.created_at, 'authorRole', m.author_role)
        order by m.created_at, m.id), '[]') from return_messages m where m.return_id = r.id) as messages,
      (select coalesce(json_agg(json_build_object('state', a.changes -> 'state' ->> 1, 'at', a.created_at)
        order by a.created_at, a.id), '[]') from audit_events a
        where a.return_id = r.id and jsonb_typeof(a.changes -> 'state') = 'array') as timeline,
      (select coalesce(json_agg(json_build_object('id', p.public_id, 'orderLineId', rl.order_line_id, 'width', p.width, 'height', p.height)
        order by rl.order_line_id, p.position, p.id), '[]')
        from return_photos p join return_lines rl on rl.id = p.return_line_id where rl.return_id = r.id) as photos
    from returns r join orders o on o.id = r.order_id where r.id = ${id}`;
  const at = (rows: { at: string }[]) => rows.map((x) => ({ ...x, at: isoText(x.at) }));
  return {
    return: {
      number: r!.number,
      orderNumber: r!.order_number,
      state: r!.state,
      kind: r!.kind,
      createdAt: r!.created_at.toISOString(),
      updatedAt: r!.updated_at.toISOString(),
      version: r!.version,
      customerComment: r!.customer_comment_by === 'customer' ? r!.customer_comment : '',
      messages: at(r!.messages),
      canCancel: r!.state === 'requested',
      lines: r!.lines,
      currency: r!.currency,
      credit: r!.credit_decided_at
        ? {
            method: r!.credit_method,
            currency: r!.currency,
            totalCents: r!.credit_total_cents,
            totals:
              r!.credit_total_cents !== null &&
              r!.lines.every(
                (l: { creditMethod: string | null; amountCreditedCents: number | null }) =>
                  l.creditMethod !== null || l.amountCreditedCents === null
              )
                ? creditTotals(
                    r!.lines.map((l: { creditMethod: never; amountCreditedCents: number | null }) => ({
                      method: l.creditMethod,
                      amountCents: l.amountCreditedCents
                    })),
                    r!.shipping_deduction_cents ?? 0,
                    r!.shipping_refunded_cents ?? 0
                  )
                : null,
            shippingDeductionCents: r!.shipping_deduction_cents,
            shippingRefundedCents: r!.shipping_refunded_cents,
            decidedAt: r!.credit_decided_at.toISOString()
          }
        : null,
      sendTo: r!.send_to,
      timeline: at(r!.timeline),
      photos: r!.photos
    }
  };
}

app.get('/api/returns/:number', async (c) => {
  const customer = await customerOf(c);
  if (!customer) return unauthenticated(c);
  const [found] = await sql`select id from returns where number = ${c.req.param('number')} and customer_id = ${customer.id}`;
  if (!found) return c.json({ error: { code: 'not_found', message: 'No such return.' } }, 404);
  return c.json(await returnView(sql, found.id));
});

/** The statements Reprise's createReturn runs for a shopper's one-line return, in one transaction. */
app.post('/api/returns', async (c) => {
  const customer = await customerOf(c);
  if (!customer) return unauthenticated(c);
  const input = await c.req.json();
  const key = c.req.header('idempotency-key')!;
  const now = new Date();
  const scope = `customer:${customer.id}`;
  const body = await sql.begin(async (tx) => {
    await tx`insert into idempotency_keys (scope, key, request_hash, created_at) values (${scope}, ${key}, ${createHash('sha256').update(JSON.stringify(input)).digest('hex')}, ${now}) on conflict do nothing returning key`;
    const [order] = await tx`select * from orders where number = ${input.orderNumber} and customer_id = ${customer.id} for update`;
    const [settings] = await tx`select * from shop_settings where id = 1 limit 1`;
    const lines = await tx`select * from order_lines where order_id = ${order!.id}`;
    const reasons = await tx`select * from return_reasons where active = true`;
    await tx`select * from return_actions where active = true`;
    const [req] = input.lines;
    await tx`update order_lines set units_on_returns = units_on_returns + ${req.quantity}
      where id = ${req.orderLineId} and units_on_returns + ${req.quantity} <= quantity returning id`;
    const [{ n }] = (await tx`select count(*)::int as n from returns where order_id = ${order!.id}`) as unknown as [{ n: number }];
    const [created] = await tx`insert into returns (number, order_id, customer_id, state, created_at, updated_at)
      values (${`R-${order!.number}-${n + 1}`}, ${order!.id}, ${order!.customer_id}, 'requested', ${now}, ${now}) returning *`;
    await tx`insert into return_lines (return_id, order_line_id, quantity, reason_id, action_id)
      values (${created!.id}, ${req.orderLineId}, ${req.quantity}, ${req.reasonId}, ${req.actionId}) returning *`;
    const changes = { state: [null, 'requested'], lines: input.lines };
    await tx`insert into audit_events (entity, entity_id, return_id, action, actor_type, actor_id, changes, created_at)
      values ('return', ${created!.number}, ${created!.id}, 'created', 'customer', ${customer.id}, ${tx.json(changes)}, ${now})`;
    await tx`select r.*, o.*, c.* from returns r join orders o on o.id = r.order_id join customers c on c.id = r.customer_id where r.id = ${created!.id}`;
    await tx`select rl.*, ol.product_name, ol.variant_label, ol.sku from return_lines rl join order_lines ol on ol.id = rl.order_line_id
      join return_reasons rr on rr.id = rl.reason_id join return_actions ra on ra.id = rl.action_id where rl.return_id = ${created!.id}`;
    const [template] = await tx`select * from email_templates where state = 'requested' and locale = ${customer.locale} limit 1`;
    const mail = { to: customer.email, subject: template!.subject, text: template!.body, html: `<p>${template!.body}</p>` };
    await tx`insert into outbox (kind, topic, recipient, payload, next_attempt_at, created_at)
      values ('email', 'return.requested', ${customer.email}, ${tx.json(mail)}, ${now}, ${now})`;
    const line = lines.find((l) => l.id === req.orderLineId)!;
    const reason = reasons.find((r) => r.id === req.reasonId)!;
    const text = `New return request ${created!.number} for order ${order!.number}:\n- ${req.quantity} × ${line.product_name} (${reason.label_en})`;
    await tx`insert into outbox (kind, topic, recipient, payload, next_attempt_at, created_at)
      values ('email', 'return.created.shop', ${settings!.contact_email}, ${tx.json({ to: settings!.contact_email, subject: 'New return request', text, html: text })}, ${now}, ${now})`;
    const view = await returnView(tx, created!.id);
    await tx`update idempotency_keys set status = 201, body = ${tx.json(view)} where scope = ${scope} and key = ${key}`;
    return view;
  });
  return c.json(body, 201);
});

const port = Number(process.env.PORT ?? 3001);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`baseline on ${port}`));
// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile (bench/profile.ts --baseline).
process.on('SIGTERM', () => process.exit(0));
