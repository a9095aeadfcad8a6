import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../server/db/schema.ts';
import { openTestDb } from '../helpers/db.ts';
import { createCustomer, createOrder, createStaff, PASSWORD } from '../helpers/fixtures.ts';
import { queueEmails } from '../helpers/outbox.ts';
import { databaseUrl } from '../helpers/pg-urls.ts';
import { catalogIds, lineInput } from '../helpers/staff.ts';

/** Both instances answer for the same public address, as they would behind one load balancer. */
const PUBLIC_URL = 'http://reprise.test';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A real `node server/main.ts` process, ready once it answers. */
async function startInstance(env: Record<string, string>) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [new URL('../../server/main.ts', import.meta.url).pathname], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output}`);
    const up = await fetch(`${base}/api/shop`).then(
      (r) => r.ok,
      () => false
    );
    if (up) break;
    if (i > 300) throw new Error(`instance did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      })
  };
}
type Instance = Awaited<ReturnType<typeof startInstance>>;

/** A browser session: its cookies, sent to whichever instance the request goes to. */
function browser(cookies = new Map<string, string>()) {
  const request = async (instance: Instance, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' };
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${instance.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return Object.assign(request, { cookies });
}

/** An SMTP sink noting, for each message, its Message-ID and the instance (MAIL FROM) that sent it. */
async function smtpSink() {
  const received: { messageId: string; from: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ messageId: raw.match(/^Message-ID: (.*)$/im)![1]!.trim(), from });
        cb();
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as net.AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const EMAILS = 200;
let database: Awaited<ReturnType<typeof openTestDb>>;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
let a: Instance;
let b: Instance;
beforeAll(async () => {
  database = await openTestDb();
  smtp = await smtpSink();
  // Queued before the instances start: both relays find them on their first pass.
  await queueEmails(database.db, EMAILS, { topic: 'test.bulk', prefix: 'shopper', at: new Date() });
  const env = { DATABASE_URL: databaseUrl(process.env.TEST_DATABASE_URL!, database.name!), SMTP_URL: smtp.url };
  [a, b] = await Promise.all([
    startInstance({ ...env, MAIL_FROM: 'Reprise A <a@reprise.test>' }),
    startInstance({ ...env, MAIL_FROM: 'Reprise B <b@reprise.test>' })
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await smtp?.close();
  await database?.close();
});

describe('two instances on one PostgreSQL', () => {
  it('a session made on one instance works on the other', async () => {
    const customer = await createCustomer(database.db);
    const shopper = browser();
    expect((await shopper(a, 'POST', '/api/auth/sign-in', { email: customer.email, password: PASSWORD })).status).toBe(200);
    const me = await shopper(b, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.customer.email).toBe(customer.email);
    // Signing out on B ends the session on A too: the old cookie is refused there.
    const stolen = browser(new Map(shopper.cookies));
    expect((await shopper(b, 'POST', '/api/auth/sign-out')).status).toBe(200);
    expect((await stolen(a, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('the sign-in limit counts attempts made on both instances', async () => {
    const customer = await createCustomer(database.db);
    const attempt = (on: Instance, password: string) => browser()(on, 'POST', '/api/auth/sign-in', { email: customer.email, password });
    for (const on of [a, b, a, b, a]) expect((await attempt(on, 'not the password')).status).toBe(401);
    // Five failures spread over two instances: the sixth attempt is refused on either, even with the right password.
    expect((await attempt(b, PASSWORD)).status).toBe(429);
    expect((await attempt(a, PASSWORD)).status).toBe(429);
  });

  it('a return approved on one instance is seen approved on the other at once', async () => {
    const ids = await catalogIds(database.db);
    const customer = await createCustomer(database.db);
    const { order, lines } = await createOrder(database.db, customer, { now: new Date() });
    const shopper = browser();
    await shopper(a, 'POST', '/api/auth/sign-in', { email: customer.email, password: PASSWORD });
    const created = await shopper(a, 'POST', '/api/returns', { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    expect(created.status).toBe(201);
    const number = created.body.return.number as string;

    const admin = await createStaff(database.db, 'admin');
    const staff = browser();
    expect((await staff(b, 'POST', '/api/staff/auth/sign-in', { email: admin.email, password: PASSWORD })).status).toBe(200);
    const seen = await staff(b, 'GET', `/api/staff/returns/${number}`);
    expect(seen.body.return.state).toBe('requested');
    const saved = await staff(b, 'PATCH', `/api/staff/returns/${number}`, { version: seen.body.return.version, state: 'approved' });
    expect(saved.status).toBe(200);

    expect((await shopper(a, 'GET', `/api/returns/${number}`)).body.return.state).toBe('approved');
    expect((await staff(a, 'GET', `/api/staff/returns/${number}`)).body.return.state).toBe('approved');
  });

  it(`the two relays deliver ${EMAILS} queued emails exactly once each`, async () => {
    // Every row, the 200 and the emails the return above queued, ends sent; then a little longer,
    // so a duplicate sent late would be caught too.
    const deadline = Date.now() + 90_000;
    const pending = async () =>
      (await database.db.select({ status: outbox.status }).from(outbox)).filter((r) => r.status !== 'sent').length;
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 1_000));
    const rows = await database.db.select({ id: outbox.id, status: outbox.status }).from(outbox);
    expect(rows.filter((r) => r.status === 'sent').length).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(EMAILS);
    const bulk = smtp.received.filter((m) => m.messageId.startsWith('<outbox-'));
    const ids = bulk.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(rows.map((r) => `<outbox-${r.id}@reprise.test>`).sort());
    // Both instances took part.
    expect(bulk.some((m) => m.from === 'a@reprise.test')).toBe(true);
    expect(bulk.some((m) => m.from === 'b@reprise.test')).toBe(true);
  }, 120_000);
});
