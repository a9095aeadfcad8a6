/**
 * `npm run bench`: measures the pages that grow with a shop's history, in-process through the app,
 * on PGlite (default) or PostgreSQL (BENCH_DATABASE_URL). Every figure is printed as a ratio
 * against a baseline measured in the same run, so machines can be compared.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { openPglite, openPostgres } from '../server/db/client.ts';
import { ensureDefaults } from '../server/db/defaults.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import { customers, orderLines, orders, returnActions, returnReasons } from '../server/db/schema.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const ORIGIN = 'http://bench.local';

// On PostgreSQL the bench makes its own throw-away database on that server, and drops it after.
const server = process.env.BENCH_DATABASE_URL;
const benchDb = `reprise_bench_${process.pid}`;
let admin: import('postgres').Sql | undefined;
let benchUrl = '';
if (server) {
  const { default: postgres } = await import('postgres');
  admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${benchDb}`);
  const url = new URL(server);
  url.pathname = `/${benchDb}`;
  benchUrl = url.toString();
}
const database = server ? await openPostgres(benchUrl) : await openPglite('memory://');
const { db } = database;
await ensureDefaults(db);

const email = 'bench@example.com';
const [customer] = await db
  .insert(customers)
  .values({ email, firstName: 'Bench', passwordHash: await hashPassword('bench-password') })
  .returning();
const now = Date.now();
for (let start = 0; start < ORDERS; start += 500) {
  const batch = Array.from({ length: Math.min(500, ORDERS - start) }, (_, k) => {
    const i = start + k;
    return {
      number: `B${100000 + i}`,
      customerId: customer!.id,
      email,
      status: 'delivered',
      totalCents: 5000,
      placedAt: new Date(now - (ORDERS - i) * 3600_000),
      deliveredAt: new Date(now - (ORDERS - i) * 3600_000 + 86_400_000)
    };
  });
  const rows = await db.insert(orders).values(batch).returning({ id: orders.id });
  await db
    .insert(orderLines)
    .values(
      rows.flatMap((o) =>
        [0, 1].map((p) => ({ orderId: o.id, position: p, productName: 'Item', sku: `S${p}`, unitPriceCents: 2500, quantity: 2 }))
      )
    );
}
await db.execute(sql`analyze`);

const app = createApp({ db, config: loadConfig({ PUBLIC_URL: ORIGIN }), now: () => new Date() }, { log: () => {} });
const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
const signIn = await app.request(`${ORIGIN}/api/auth/sign-in`, {
  method: 'POST',
  headers,
  body: JSON.stringify({ email, password: 'bench-password' })
});
headers.cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`  ${label.padEnd(52)} median ${median.toFixed(2)} ms`);
  return median;
}

const get = async (path: string) => {
  const res = await app.request(`${ORIGIN}${path}`, { headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return res.json() as Promise<{ nextCursor: string | null }>;
};

// The cursor of page 100 (10 orders a page), walked once.
let cursor: string | null = null;
const deepPage = Math.min(100, Math.floor(ORDERS / 10));
for (let p = 1; p < deepPage; p++) cursor = (await get(`/api/orders${cursor ? `?cursor=${cursor}` : ''}`)).nextCursor;

console.log(`Reprise benchmark — ${database.kind}, ${ORDERS} orders of one shopper, ${ROUNDS} rounds`);
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`
);
const page1 = await time('My orders, page 1 (baseline)', () => get('/api/orders'));
const pageN = await time(`My orders, page ${deepPage} by keyset cursor`, () => get(`/api/orders?cursor=${cursor}`));
const offsetN = await time(`the same page by OFFSET (what keyset avoids), SQL only`, () =>
  db.execute(
    sql`select * from orders where customer_id = ${customer!.id} order by placed_at desc, id desc limit 11 offset ${(deepPage - 1) * 10}`
  )
);
const [boundary] = await db
  .select({ at: orders.placedAt, id: orders.id })
  .from(orders)
  .orderBy(sql`placed_at desc, id desc`)
  .limit(1)
  .offset((deepPage - 1) * 10 - 1);
const keysetSql = await time(`the same page by keyset, SQL only`, () =>
  db.execute(
    sql`select * from orders where customer_id = ${customer!.id} and (placed_at, id) < (${boundary!.at.toISOString()}::timestamptz, ${boundary!.id}) order by placed_at desc, id desc limit 11`
  )
);

const [reason] = await db.select().from(returnReasons).limit(1);
const [action] = await db.select().from(returnActions).limit(1);
const lines = await db
  .select()
  .from(orderLines)
  .orderBy(sql`${orderLines.id} desc`)
  .limit(ROUNDS + 5);
let i = 0;
const read = await time('order page GET /api/orders/:number (baseline)', () => get(`/api/orders/B${100000 + ORDERS - 1}`));
const create = await time('request a return POST /api/returns (one transaction)', async () => {
  const line = lines[i++]!;
  const [o] = await db
    .select({ number: orders.number })
    .from(orders)
    .where(sql`${orders.id} = ${line.orderId}`);
  const res = await app.request(`${ORIGIN}/api/returns`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `bench-${i}-${Date.now()}` },
    body: JSON.stringify({
      orderNumber: o!.number,
      lines: [{ orderLineId: line.id, quantity: 1, reasonId: reason!.id, actionId: action!.id }]
    })
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
});

console.log('\nRatios (lower is better):');
console.log(`  page ${deepPage} / page 1 through the API:        ${(pageN / page1).toFixed(2)}×`);
console.log(`  OFFSET / keyset for page ${deepPage}, SQL only:   ${(offsetN / keysetSql).toFixed(2)}×`);
console.log(`  request a return / read an order page:   ${(create / read).toFixed(2)}×`);
await database.close();
if (admin) {
  await admin.unsafe(`drop database if exists ${benchDb} with (force)`);
  await admin.end();
}
