import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayEmailsOnce } from '../../server/outbound/relay.ts';
import { matchWaitingWithdrawals } from '../../server/withdrawals/service.ts';
import { setupApp, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { catalogIds } from '../helpers/returns.ts';
import { signInShopper, signInStaff } from '../helpers/sign-in.ts';
import { readMail, startSmtpSink } from '../helpers/smtp.ts';

/** The emails to the shop's own address follow the shop's language (settings), whatever the shopper's. */
let t: TestContext;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const SHOP = 'boutique@maison.example';
beforeAll(async () => {
  t = await setupApp({ TRUST_PROXY: 'true' });
  sink = await startSmtpSink();
  const { agent: admin } = await signInStaff(t, 'admin');
  const res = await admin.patch('/api/staff/settings', { locale: 'fr', contactEmail: SHOP });
  expect(res.status).toBe(200);
  expect(res.body.settings.locale).toBe('fr');
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

/** Sends what the outbox holds to the SMTP sink, and reads back each message sent to `to` since `from`. */
async function mailsTo(to: string, from: number) {
  await relayEmailsOnce(t.db, sink.mailer(), { from: 'shop@shop.example', now: () => t.clock.now, messageIdHost: 'reprise.test' });
  return sink.received
    .slice(from)
    .filter((m) => m.to.includes(to))
    .map((m) => readMail(m.raw));
}

describe('the shop’s language', () => {
  it('an admin sets it; anything but a language we have is refused with its field', async () => {
    const { agent: admin } = await signInStaff(t, 'admin');
    const res = await admin.patch('/api/staff/settings', { locale: 'de' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toMatchObject({ locale: expect.any(String) });
    expect((await admin.get('/api/staff/settings')).body.settings.locale).toBe('fr');
  });

  it('writes the new-request email to the shop in French, while an English shopper gets theirs in English', async () => {
    const ids = await catalogIds(t.db);
    const customer = await createCustomer(t.db, { locale: 'en', firstName: 'Ann' });
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2 }] });
    const shopper = await signInShopper(t, customer);
    const from = sink.received.length;
    const res = await shopper.post('/api/returns', {
      orderNumber: order.number,
      lines: [{ orderLineId: lines[0]!.id, quantity: 2, reasonId: ids.reason('wrong_size'), actionId: ids.action('exchange_size') }],
      comment: 'The parcel was wet'
    });
    expect(res.status).toBe(201);
    const number = res.body.return.number as string;
    const [toShop] = await mailsTo(SHOP, from);
    expect(toShop!.subject).toBe(`Nouvelle demande de retour ${number}`);
    expect(toShop!.text).toContain(`Nouvelle demande de retour ${number} pour la commande ${order.number} de ${customer.email} :`);
    expect(toShop!.text).toContain(
      `- 2 × ${lines[0]!.productName}, M — motif : Mauvaise taille — demande : Échanger contre une autre taille`
    );
    expect(toShop!.text).toContain('Commentaire du client : The parcel was wet');
    expect(toShop!.text).toMatch(new RegExp(`La traiter : https?://\\S+/staff/returns/${number}`));
    expect(toShop!.text).not.toMatch(/New return request|reason:|action:/);
    const [toShopper] = sink.received
      .slice(from)
      .filter((m) => m.to.includes(customer.email))
      .map((m) => readMail(m.raw));
    expect(toShopper!.subject).toBe(`We have received your return request ${number}`);
  });

  it('writes the withdrawal notice to the shop in French only, while the consumer’s acknowledgement is in their language', async () => {
    const customer = await createCustomer(t.db, { locale: 'en' });
    const { order } = await createOrder(t.db, customer, { now: t.clock.now });
    const from = sink.received.length;
    const res = await t
      .agent()
      .post(
        '/api/withdrawals',
        { name: 'Ann Smith', email: customer.email, orderNumber: order.number, locale: 'en' },
        { 'x-forwarded-for': '10.9.0.1' }
      );
    expect(res.status).toBe(202);
    const reference = res.body.withdrawal.reference as string;
    while ((await matchWaitingWithdrawals(t.db, { now: t.clock.now, publicUrl: t.config.publicUrl, webhooks: false })) > 0);
    const [notice] = await mailsTo(SHOP, from);
    expect(notice!.subject).toBe(`Rétractation ${reference}`);
    expect(notice!.text).toMatch(
      new RegExp(`^Une déclaration de rétractation \\(${reference}\\) pour la commande numéro ${order.number} a été reçue le `)
    );
    expect(notice!.text).toMatch(/remboursez au plus tard le \d{4}-\d\d-\d\d/);
    expect(notice!.text).toMatch(/Elle correspond à la commande : le retour R-\S+ a été créé\./);
    expect(notice!.text).not.toMatch(/withdrawal statement|refund by/i);
    const [ack] = sink.received
      .slice(from)
      .filter((m) => m.to.includes(customer.email))
      .map((m) => readMail(m.raw));
    expect(ack!.subject).toBe(`We received your withdrawal (${reference})`);
  });
});
