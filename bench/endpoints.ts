/** The endpoints the bench loads, each with the request it sends (rotating shoppers) and what it is compared with. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { encodeCursor } from '../server/http/cursor.ts';
import { DONE_WHEN } from '../tests/helpers/rules.ts';
import type { Endpoint } from './load.ts';
import { seeded, type Seeded } from './seed.ts';

export type BenchEndpoint = Endpoint & { baseline: boolean; target: string };

export async function benchEndpoints(sql: postgres.Sql, data: Seeded): Promise<BenchEndpoint[]> {
  // Cursors for the deep pages: the boundary row of page 100 of the queue and of the big shopper's orders.
  const [queueRow] = await sql`select created_at, id from returns order by created_at desc, id desc offset ${25 * 100 - 1} limit 1`;
  const [creditedRow] =
    await sql`select created_at, id from returns where state = 'credited' order by created_at desc, id desc offset ${25 * 20 - 1} limit 1`;
  const [orderRow] =
    await sql`select placed_at, id from orders where customer_id = 1 order by placed_at desc, id desc offset ${10 * 100 - 1} limit 1`;
  const queueDeep = encodeCursor(queueRow!.created_at, queueRow!.id);
  const creditedDeep = creditedRow ? encodeCursor(creditedRow.created_at, creditedRow.id) : queueDeep;
  const ordersDeep = encodeCursor(orderRow!.placed_at, orderRow!.id);
  const shopper = (k: number) => k % data.shopperCookies.length;
  return [
    {
      label: 'GET /api/orders',
      baseline: true,
      target: 'orders',
      request: (k) => ({ path: '/api/orders', cookie: data.shopperCookies[shopper(k)]! })
    },
    {
      label: 'GET /api/orders (3,000-order shopper, page 100)',
      baseline: true,
      target: 'orders',
      request: () => ({ path: `/api/orders?cursor=${ordersDeep}`, cookie: data.shopperCookies[0]! })
    },
    {
      label: 'GET /api/orders/:n',
      baseline: true,
      target: 'orders',
      request: (k) => ({ path: `/api/orders/${data.targets[shopper(k)]!.order}`, cookie: data.shopperCookies[shopper(k)]! })
    },
    {
      label: 'GET /api/returns/:n',
      baseline: true,
      target: 'orders',
      request: (k) => ({ path: `/api/returns/${data.targets[shopper(k)]!.ret}`, cookie: data.shopperCookies[shopper(k)]! })
    },
    ...staffEndpoints(data, queueDeep, creditedDeep),
    dryRun(data),
    postReturn(data, shopper),
    ...orderEndpoints()
  ];
}

/** The secrets the bench's Reprise runs with, so the shop's systems and a platform can sign their orders. */
export const BENCH_SECRETS = {
  SHOP_SECRET: 'bench-shop-secret-0123456789abcdefghij',
  WOOCOMMERCE_WEBHOOK_SECRET: 'bench-woocommerce-secret-0123456789'
};
const WOO_ORDER = readFileSync(new URL('../tests/fixtures/woocommerce/order-727.json', import.meta.url), 'utf8').trim();
const hmac = (secret: string, text: string, encoding: 'hex' | 'base64') => createHmac('sha256', secret).update(text).digest(encoding);

/** A signed POST of an order's delivery, the k-th for order `<prefix>-<k mod 1000>` (so most update an order). */
function orderPush(label: string, prefix: string, request: (number: string, k: number) => ReturnType<Endpoint['request']>): BenchEndpoint {
  return { label, method: 'POST', baseline: false, target: 'push', request: (k) => request(`${prefix}-${k % 1000}`, k) };
}

/**
 * Orders coming in over 1,000 order numbers: the first request for a number creates it, the next ones
 * update it (a new shipping amount each time), so the load is mostly updates, as a live shop's is.
 * The signed push, and WooCommerce's order webhook (the same upsert behind its own signature and mapping).
 */
function orderEndpoints(): BenchEndpoint[] {
  return [
    orderPush('POST /api/integrations/orders (signed push)', 'BENCH-PUSH', (number, k) => {
      const body = JSON.stringify({
        number,
        status: 'delivered',
        currency: 'EUR',
        placedAt: '2026-11-01T10:00:00Z',
        deliveredAt: '2026-11-04T10:00:00Z',
        shippingCents: 490 + k,
        customer: { email: `${number.toLowerCase()}@bench.example`, firstName: 'Bench', lastName: 'Push' },
        lines: [
          { sku: `${number}-TEE`, name: 'T-shirt', variant: 'M', unitPriceCents: 2500, quantity: 2 },
          { sku: `${number}-BAG`, name: 'Canvas bag', unitPriceCents: 4000, quantity: 1 }
        ]
      });
      const t = Math.floor(Date.now() / 1000);
      const v1 = hmac(BENCH_SECRETS.SHOP_SECRET, `${t}.${body}`, 'hex');
      return { path: '/api/integrations/orders', cookie: '', headers: { 'reprise-signature': `t=${t},v1=${v1}` }, body };
    }),
    orderPush('POST /api/integrations/woocommerce (order.updated)', 'BENCH-WC', (number, k) => {
      const modified = new Date(Date.UTC(2026, 10, 1) + k * 1000).toISOString().slice(0, 19);
      const body = WOO_ORDER.replace('"number": "727"', `"number": "${number}"`)
        .replaceAll('john.doe@example.com', `${number.toLowerCase()}@bench.example`)
        .replace('"date_modified_gmt": "2017-03-22T19:28:08"', `"date_modified_gmt": "${modified}"`)
        .replace('"shipping_total": "10.00"', `"shipping_total": "${(10 + (k % 50) / 100).toFixed(2)}"`);
      return {
        path: '/api/integrations/woocommerce',
        cookie: '',
        headers: {
          'x-wc-webhook-topic': 'order.updated',
          'x-wc-webhook-delivery-id': `bench-${process.pid}-${k}`,
          'x-wc-webhook-signature': hmac(BENCH_SECRETS.WOOCOMMERCE_WEBHOOK_SECRET, body, 'base64')
        },
        body
      };
    })
  ];
}

/** A staff screen's read of `path` for each `[what, query]`, labelled `${label} ${what}` (the queue's target). */
const staffGet =
  (data: Seeded, label: string, path: string) =>
  ([what, query]: readonly [string, string]): BenchEndpoint => ({
    label: `${label} ${what}`,
    baseline: false,
    target: 'queue',
    request: () => ({ path: `${path}${query ? `?${query}` : ''}`, cookie: data.staffCookie })
  });

/** The staff screens' reads: the queue (filters, searches, deep pages), orders search, the Insights answers. */
function staffEndpoints(data: Seeded, queueDeep: string, creditedDeep: string): BenchEndpoint[] {
  return [
    ...(
      [
        ['page 1', ''],
        ['page 1, state=credited', 'state=credited'],
        ['page 1, search by email', 'q=shopper17%40bench.example'],
        ['page 1, search by email prefix', 'q=shopper17'],
        ['page 1, search + state', 'q=shopper17&state=requested'],
        // Customer 1717 is Anaïs N1717 (seed.ts): her full name without its accent finds her and Anaïs N17177.
        ['page 1, search by name', 'q=anais%20n1717'],
        ['page 1, search by last name', 'q=N1717'],
        ['page 1, search by a first name (2,000 customers)', 'q=Ana%C3%AFs'],
        ['page 1, search by partial return number', 'q=r-c00201'],
        ['page 100', `cursor=${queueDeep}`],
        ['page 20, state=credited', `state=credited&cursor=${creditedDeep}`]
      ] as const
    ).map(staffGet(data, 'staff queue', '/api/staff/returns')),
    ...(
      [
        ['newest', ''],
        ['search by name', 'q=anais%20n1717'],
        ['search by partial return number', 'q=r-c00201']
      ] as const
    ).map(staffGet(data, 'staff orders', '/api/staff/orders')),
    // The Insights page's answers for the last 90 days, one caller at a time (a staff member opening the page).
    ...(
      [
        ['context', ''],
        ['rates', '/rates'],
        ['activity', '/activity'],
        ['handling', '/handling'],
        ['withdrawals', '/withdrawals']
      ] as const
    ).map(([what, path]) => ({
      label: `insights ${what} (90 days)`,
      baseline: false,
      target: 'insights',
      connections: 1,
      request: () => ({ path: `/api/staff/insights${path}?days=90&currency=EUR`, cookie: data.staffCookie })
    }))
  ];
}

/**
 * The Rules screen's dry run over the last 90 days (an admin trying the four rules of issue 19 before
 * saving them, with a country and a return-rate rule), one caller at a time: target under 2 s at shop
 * scale (docs/rules.md).
 */
function dryRun(data: Seeded): BenchEndpoint {
  const ruleSet = {
    rules: [
      ...DONE_WHEN.rules,
      {
        id: 'rate',
        name: 'High return rate',
        when: { customerReturnRateOver: { percent: 20, days: 90 } },
        then: { review: 'Return rate over 20 %' }
      },
      { id: 'france', name: 'France under €50', when: { shippingCountries: ['FR'], unitPriceUnderCents: 5_000 }, then: { approve: true } }
    ]
  };
  return {
    label: 'rules dry run (90 days)',
    method: 'POST',
    baseline: false,
    target: 'dry-run',
    connections: 1,
    request: () => ({ path: '/api/staff/rules/dry-run', cookie: data.staffCookie, body: JSON.stringify({ ruleSet, days: 90 }) })
  };
}

/** A shopper's new return of one unit (a fresh idempotency key each time). */
function postReturn(data: Seeded, shopper: (k: number) => number): BenchEndpoint {
  return {
    label: 'POST /api/returns',
    method: 'POST',
    baseline: true,
    target: 'post',
    request: (k) => {
      const t = data.targets[shopper(k)]!;
      return {
        path: '/api/returns',
        cookie: data.shopperCookies[shopper(k)]!,
        headers: { 'idempotency-key': `bench-${process.pid}-${Math.random().toString(36).slice(2)}` },
        body: JSON.stringify({
          orderNumber: t.returnable.orderNumber,
          lines: [{ orderLineId: t.returnable.lineId, quantity: 1, reasonId: data.reasonId, actionId: data.actionId }]
        })
      };
    }
  };
}

/** The database `npm run bench` seeded: BENCH_DATABASE (default reprise_bench) on BENCH_DATABASE_URL's server. */
export function benchDatabaseUrl(): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${process.env.BENCH_DATABASE ?? 'reprise_bench'}`;
  return url.toString();
}

/** One of the bench's endpoints on its seeded data, by label (for the tools that study one). */
export async function benchEndpoint(label: string): Promise<BenchEndpoint> {
  const sql = postgres(benchDatabaseUrl(), { max: 1, onnotice: () => {} });
  const endpoint = (await benchEndpoints(sql, await seeded(sql))).find((e) => e.label === label);
  await sql.end();
  if (!endpoint) throw new Error(`No bench endpoint is labelled ${label}`);
  return endpoint;
}
