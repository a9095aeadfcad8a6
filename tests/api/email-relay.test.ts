import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { outbox } from '../../server/db/schema.ts';
import { silentLogger } from '../../server/http/log.ts';
import { backoffMs, relayEmailsOnce, startEmailRelay } from '../../server/outbound/relay.ts';
import { queueReturnStateEmail } from '../../server/outbound/outbox.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { queueEmails } from '../helpers/outbox.ts';
import { catalogIds } from '../helpers/returns.ts';
import { signInShopper } from '../helpers/sign-in.ts';

type Received = { from: string; to: string[]; raw: string };

/** Just enough MIME decoding to read what the customer gets: the subject, the text and HTML parts. */
function decodeMail(raw: string) {
  const qp = (s: string) =>
    Buffer.from(
      s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1'
    ).toString('utf8');
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, ' ');
  const subjectLine = headers.match(/^Subject: (.*)$/m)![1]!;
  const subject = subjectLine.replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/g, (_, q: string) => qp(q.replace(/_/g, ' ')));
  const part = (type: string) => {
    const at = raw.indexOf(`Content-Type: ${type}`);
    const body = raw.slice(raw.indexOf('\r\n\r\n', at) + 4);
    return qp(body.slice(0, body.indexOf('\r\n----')));
  };
  return { subject, text: part('text/plain'), html: part('text/html') };
}

/** A real SMTP server on a free port; `failNext` makes it refuse recipients with a temporary error. */
async function startSmtp() {
  const received: Received[] = [];
  const state = { failNext: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (state.failNext > 0) {
        state.failNext--;
        const err = new Error('Mailbox busy, try later') as Error & { responseCode: number };
        err.responseCode = 451;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString()));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw
        });
        cb();
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return { server, port, received, state };
}

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  t = await setupApp();
  smtp = await startSmtp();
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.server.close(() => r()));
  await t.close();
});
afterEach(async () => {
  smtp.received.length = 0;
  await t.db.delete(outbox);
});

const mailer = () => createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
const relay = () =>
  relayEmailsOnce(t.db, mailer(), { from: 'Shop <returns@shop.example>', now: () => t.clock.now, messageIdHost: 'reprise.test' });

async function queue(firstName = 'Léa <script>') {
  await t.db.transaction((tx) =>
    queueReturnStateEmail(tx, {
      to: 'lea@example.com',
      locale: 'fr',
      firstName,
      orderNumber: '1042',
      returnNumber: 'R-1042-1',
      state: 'approved',
      items: [],
      comment: '',
      message: 'Merci & à bientôt',
      publicUrl: new URL('https://returns.shop.example'),
      now: t.clock.now
    })
  );
  const [row] = await t.db.select().from(outbox);
  return row!;
}

describe('the email relay over SMTP', () => {
  it('delivers a queued email once, in the customer’s language, with escaped HTML and a link from PUBLIC_URL', async () => {
    const row = await queue();
    expect(await relay()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['lea@example.com']);
    expect(mail.from).toBe('returns@shop.example');
    const decoded = decodeMail(mail.raw);
    expect(decoded.subject).toBe('Votre retour R-1042-1 : Retour approuvé');
    expect(mail.raw).toContain(`Message-ID: <outbox-${row.id}@reprise.test>`);
    expect(decoded.text).toContain('Bonjour Léa <script>,');
    expect(decoded.text).toContain('Suivez-le ici : https://returns.shop.example/returns/R-1042-1');
    expect(decoded.html).toContain('Bonjour Léa &lt;script&gt;,');
    expect(decoded.html).toContain('Merci &amp; à bientôt');
    expect(decoded.html).not.toContain('<script>');
    expect(decoded.html).toContain('<a href="https://returns.shop.example/returns/R-1042-1">');
    const [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(stored).toMatchObject({ status: 'sent', attempts: 1 });
    // Nothing is sent twice.
    expect(await relay()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps a refused email, retries it after a backoff, and then delivers it', async () => {
    const row = await queue('Paul');
    smtp.state.failNext = 1;
    expect(await relay()).toEqual({ sent: 0, failed: 1 });
    let [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(stored).toMatchObject({ status: 'pending', attempts: 1 });
    expect(stored!.lastError).toContain('Mailbox busy');
    expect(stored!.nextAttemptAt.getTime()).toBe(t.clock.now.getTime() + backoffMs(1));
    expect(await relay()).toEqual({ sent: 0, failed: 0 }); // not due yet
    t.advance(backoffMs(1));
    expect(await relay()).toEqual({ sent: 1, failed: 0 });
    [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(stored).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received).toHaveLength(1);
  });

  it('two relays running at once send each email once', async () => {
    for (let i = 0; i < 6; i++) await queue(`Client ${i}`);
    const [a, b] = await Promise.all([relay(), relay()]);
    expect(a.sent + b.sent).toBe(6);
    expect(smtp.received).toHaveLength(6);
    expect(new Set(smtp.received.map((m) => m.raw.match(/Message-ID: (.*)/)![1])).size).toBe(6);
  });

  it('gives up after 8 attempts and marks the email failed', async () => {
    const row = await queue('Zoé');
    smtp.state.failNext = 100;
    for (let i = 0; i < 8; i++) {
      await relay();
      t.advance(backoffMs(i + 1));
    }
    smtp.state.failNext = 0;
    const [stored] = await t.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(stored).toMatchObject({ status: 'failed', attempts: 8 });
    expect(await relay()).toEqual({ sent: 0, failed: 0 });
  });
});

describe('the "request received" email', () => {
  async function requestAsShopper(locale: 'en' | 'fr', comment?: string) {
    const ids = await catalogIds(t.db);
    const customer = await createCustomer(t.db, { locale, firstName: 'Léa' });
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2 }, { quantity: 1 }] });
    const shopper = await signInShopper(t, customer);
    const res = await shopper.post('/api/returns', {
      orderNumber: order.number,
      lines: [
        { orderLineId: lines[0]!.id, quantity: 2, reasonId: ids.reason('wrong_size'), actionId: ids.action('exchange_size') },
        {
          orderLineId: lines[1]!.id,
          quantity: 1,
          reasonId: ids.reason('other'),
          reasonText: 'Colour is off',
          actionId: ids.action('refund')
        }
      ],
      ...(comment ? { comment } : {})
    });
    expect(res.status).toBe(201);
    expect(await relay()).toEqual({ sent: 2, failed: 0 });
    const toShopper = smtp.received.find((m) => m.to.includes(customer.email))!;
    const toShop = smtp.received.find((m) => !m.to.includes(customer.email))!;
    return { number: res.body.return.number as string, lines, shopper: decodeMail(toShopper.raw), shop: decodeMail(toShop.raw) };
  }

  it('lists each requested line, the comment and what happens next, in English', async () => {
    const { number, lines, shopper, shop } = await requestAsShopper('en', 'The parcel was wet');
    expect(shopper.subject).toBe(`We have received your return request ${number}`);
    expect(shopper.text).toContain(`- 2 × ${lines[0]!.productName}, M — reason: Wrong size — you asked for: Exchange for another size`);
    expect(shopper.text).toContain(`- 1 × ${lines[1]!.productName}, M — reason: Other (Colour is off) — you asked for: Refund`);
    expect(shopper.text).toContain('The parcel was wet');
    expect(shopper.text).toContain('What happens next:');
    // No blank message left a gap.
    expect(shopper.text).not.toMatch(/\n\s*\n\s*\n/);
    expect(shop.text).toContain(`- 2 × ${lines[0]!.productName}, M — reason: Wrong size — action: Exchange for another size`);
    expect(shop.text).toContain('Customer comment: The parcel was wet');
  });

  it('is in French for a French shopper, and without a comment line when there is none', async () => {
    const { number, lines, shopper } = await requestAsShopper('fr');
    expect(shopper.subject).toBe(`Nous avons bien reçu votre demande de retour ${number}`);
    expect(shopper.text).toContain(
      `- 2 × ${lines[0]!.productName}, M — motif : Mauvaise taille — demande : Échanger contre une autre taille`
    );
    expect(shopper.text).toContain('La suite :');
    expect(shopper.text).not.toMatch(/\n\s*\n\s*\n/);
    expect(shopper.html).toContain('Vous avez demandé :<br>- 2 ×');
  });
});

describe('the running relay', () => {
  it('sends a backlog as soon as it starts, past one pass’s batch, without waiting for the next interval', async () => {
    const BACKLOG = 45; // more than two passes' batch (20)
    await queueEmails(t.db, BACKLOG, { topic: 'test.backlog', prefix: 'backlog', at: new Date(0) });
    // An hour between passes: only the first pass and the ones it chains can have sent anything.
    const running = startEmailRelay(t.db, mailer(), {
      from: 'Shop <returns@shop.example>',
      messageIdHost: 'reprise.test',
      intervalMs: 3_600_000,
      logger: silentLogger()
    });
    try {
      await expect.poll(() => smtp.received.length, { timeout: 20_000 }).toBe(BACKLOG);
    } finally {
      await running.stop();
    }
    const rows = await t.db.select({ status: outbox.status }).from(outbox);
    expect(rows.map((r) => r.status)).toEqual(Array(BACKLOG).fill('sent'));
    expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(BACKLOG);
  });
});
