import { describe, expect } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, emailTemplates, outbox } from '../../server/db/schema.ts';
import { RETURN_STATES } from '#shared/states.ts';
import { ORIGIN, type TestContext } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { auditOf, lineInput, save, signInShopper, staffCreate } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

const BASE = '/api/staff/settings/emails';

async function templateRow(t: TestContext, state: string, locale: string) {
  const [row] = await t.db
    .select()
    .from(emailTemplates)
    .where(and(eq(emailTemplates.state, state), eq(emailTemplates.locale, locale)));
  return row!;
}
const count = async (t: TestContext, table: typeof outbox | typeof auditEvents) =>
  ((await t.db.select({ n: sql<number>`count(*)::int` }).from(table)) as [{ n: number }])[0].n;

describe('who may read and change the email texts', () => {
  it('the staff role and a shopper get 403 on every email-text endpoint, and nothing changes', async ({ staff, t }) => {
    const before = await templateRow(t, 'approved', 'en');
    const shopper = await signInShopper(t);
    for (const agent of [staff, shopper]) {
      expect((await agent.get(BASE)).status).toBe(403);
      expect((await agent.put(`${BASE}/approved/en`, { subject: 'Hacked', body: 'Hacked' })).status).toBe(403);
      const preview = await agent.post(`${BASE}/preview`, { state: 'approved', locale: 'en', subject: 'S', body: 'B' });
      expect(preview.status).toBe(403);
      expect(preview.body.error.code).toBe('forbidden');
    }
    expect((await t.agent().get(BASE)).status).toBe(401);
    expect(await templateRow(t, 'approved', 'en')).toEqual(before);
  });
});

describe('listing', () => {
  it('gives every state in English and French with the allowed variables', async ({ admin }) => {
    const res = await admin.get(BASE);
    expect(res.status).toBe(200);
    expect(res.body.variables).toEqual([
      'firstname',
      'order_number',
      'return_number',
      'state',
      'items',
      'comment',
      'message',
      'return_url',
      'slip_url',
      'return_address',
      'return_instructions',
      'credit_amount',
      'credit_method',
      'credit_summary',
      'credit_lines'
    ]);
    expect(res.body.templates).toHaveLength(RETURN_STATES.length * 2);
    expect(res.body.templates.map((x: { state: string; locale: string }) => `${x.state}/${x.locale}`)).toEqual(
      RETURN_STATES.flatMap((s) => [`${s}/en`, `${s}/fr`])
    );
    expect(res.body.templates.find((x: { state: string; locale: string }) => x.state === 'approved' && x.locale === 'fr')).toMatchObject({
      stateLabel: 'Retour approuvé',
      subject: 'Votre retour [[return_number]] : [[state]]',
      default: { subject: 'Votre retour [[return_number]] : [[state]]' }
    });
    // "Request received" starts with a text that lists what was asked for.
    expect(res.body.templates.find((x: { state: string; locale: string }) => x.state === 'requested' && x.locale === 'en').body).toContain(
      '[[items]]'
    );
  });
});

describe('editing a text', () => {
  const subject = 'Bonne nouvelle [[firstname]] : retour [[return_number]] [[state]]';
  const body =
    'Chère [[firstname]],\n\nLe retour [[return_number]] (commande [[order_number]]) est : [[state]].\nMot : [[message]]\nLien : [[return_url]]';

  it('an admin edits the French "approved" text; the next French notification uses it, filled and escaped; audited', async ({
    admin,
    adminMember,
    ids,
    staff,
    t
  }) => {
    const before = await templateRow(t, 'approved', 'fr');
    const res = await admin.put(`${BASE}/approved/fr`, { subject, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.template).toMatchObject({ state: 'approved', locale: 'fr', subject, body });
    expect(await templateRow(t, 'approved', 'fr')).toMatchObject({ subject, body });
    // The English text and the other states are untouched.
    expect((await templateRow(t, 'approved', 'en')).subject).toBe('Your return [[return_number]]: [[state]]');
    expect((await templateRow(t, 'received', 'fr')).subject).toBe('Votre retour [[return_number]] : [[state]]');

    const audit = await auditOf(t.db, 'email_template', 'approved/fr');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'staff',
      actorId: adminMember.id,
      action: 'updated',
      changes: { subject: [before.subject, subject], body: [before.body, body] }
    });

    // Saving the same text again changes nothing and writes no audit row.
    expect((await admin.put(`${BASE}/approved/fr`, { subject, body })).status).toBe(200);
    expect(await auditOf(t.db, 'email_template', 'approved/fr')).toHaveLength(1);

    // A French customer whose name and message carry HTML.
    const customer = await createCustomer(t.db, { locale: 'fr', firstName: 'Zoé <img src=x>' });
    const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now });
    const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
    const saved = await save(staff, ret.number, {
      version: ret.version,
      state: 'approved',
      customerMessage: 'Merci & <b>à bientôt</b>',
      notify: true
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    const queued = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'return.approved'), eq(outbox.recipient, customer.email)));
    expect(queued).toHaveLength(1);
    const email = queued[0]!.payload as { subject: string; text: string; html: string };
    const url = `${ORIGIN}/returns/${ret.number}`;
    expect(email.subject).toBe(`Bonne nouvelle Zoé <img src=x> : retour ${ret.number} Retour approuvé`);
    expect(email.text).toBe(
      `Chère Zoé <img src=x>,\n\nLe retour ${ret.number} (commande ${order.number}) est : Retour approuvé.\nMot : Merci & <b>à bientôt</b>\nLien : ${url}`
    );
    expect(email.html).toContain('Chère Zoé &lt;img src=x&gt;,<br>');
    expect(email.html).toContain('Mot : Merci &amp; &lt;b&gt;à bientôt&lt;/b&gt;<br>');
    expect(email.html).toContain(`Lien : <a href="${url}">${url}</a>`);
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>');
  });

  it('refuses an unknown variable with 422 and the field, and saves nothing', async ({ admin, t }) => {
    const before = await templateRow(t, 'rejected', 'en');
    const audits = await count(t, auditEvents);
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ subject: 'Hi', body: 'Hello [[foo]]' }, { body: 'unknown_variable' }],
      [{ subject: 'Return [[Return_Number]]', body: 'Hello [[firstname]]' }, { subject: 'unknown_variable' }],
      [
        { subject: '[[ state ]]', body: 'Hello [[firstname]' },
        { subject: 'unknown_variable', body: 'unknown_variable' }
      ],
      [{ subject: 'Hi', body: 'Order order_number]] done' }, { body: 'unknown_variable' }]
    ];
    for (const [input, fields] of cases) {
      const res = await admin.put(`${BASE}/rejected/en`, input);
      expect(res.status, JSON.stringify(input)).toBe(422);
      expect(res.body.error.code).toBe('unknown_variable');
      expect(res.body.error.fields).toEqual(fields);
    }
    const res = await admin.put(`${BASE}/rejected/en`, { subject: 'Hi', body: 'Hello [[foo]]' });
    expect(res.body.error.message).toContain('[[foo]]');
    expect(await templateRow(t, 'rejected', 'en')).toEqual(before);
    expect(await count(t, auditEvents)).toBe(audits);
  });

  it('answers 404 for an unknown state or language and 400 for a bad body', async ({ admin, t }) => {
    for (const path of ['shipped/en', 'approved/de', 'APPROVED/en', 'approved/EN', 'approved']) {
      expect((await admin.put(`${BASE}/${path}`, { subject: 'S', body: 'B' })).status, path).toBe(404);
    }
    const before = await templateRow(t, 'cancelled', 'fr');
    for (const input of [
      { subject: '', body: 'B' },
      { subject: '   ', body: 'B' },
      { subject: 'S', body: ' \n ' },
      { subject: 'x'.repeat(201), body: 'B' },
      { subject: 'S', body: 'x'.repeat(5001) },
      { subject: 'Two\nlines', body: 'B' },
      { subject: 'S' },
      { subject: 'S', body: 'B', state: 'approved' }
    ]) {
      const res = await admin.put(`${BASE}/cancelled/fr`, input);
      expect(res.status, JSON.stringify(input).slice(0, 80)).toBe(400);
    }
    expect((await admin.put(`${BASE}/cancelled/fr`, { subject: 'x'.repeat(200), body: 'y'.repeat(5000) })).status).toBe(200);
    const put = await admin.put(`${BASE}/cancelled/fr`, { subject: before.subject, body: before.body });
    expect(put.body.template).toMatchObject({ subject: before.subject, body: before.body });
  });
});

describe('preview', () => {
  it('renders with sample values and escaping, like a real email, and writes nothing', async ({ admin, t }) => {
    const templates = await t.db.select().from(emailTemplates);
    const [outboxRows, audits] = [await count(t, outbox), await count(t, auditEvents)];
    const res = await admin.post(`${BASE}/preview`, {
      state: 'received',
      locale: 'fr',
      subject: '[[firstname]], colis [[return_number]] : [[state]]',
      body: 'Bonjour <b>[[firstname]]</b> & co\n[[message]]\nCommande [[order_number]] — [[return_url]] [[oops]]'
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const url = `${ORIGIN}/returns/R-1042-1`;
    expect(res.body.subject).toBe('Camille, colis R-1042-1 : Articles reçus');
    expect(res.body.text).toBe(
      `Bonjour <b>Camille</b> & co\nMerci d’emballer les articles dans leur boîte d’origine si vous l’avez encore.\nCommande 1042 — ${url} [[oops]]`
    );
    expect(res.body.html).toContain('Bonjour &lt;b&gt;Camille&lt;/b&gt; &amp; co<br>');
    expect(res.body.html).toContain(`<a href="${url}">${url}</a>`);
    expect(res.body.html).not.toContain('<b>');
    expect(res.body.html).toMatch(/^<!doctype html>/);
    // The typo a save would refuse is named in the preview too.
    expect(res.body.unknownVariables).toEqual(['[[oops]]']);

    const en = await admin.post(`${BASE}/preview`, { state: 'approved', locale: 'en', subject: '[[state]]', body: '[[message]]' });
    expect(en.body).toMatchObject({
      subject: 'Return approved',
      text: 'Please pack the items in their original box if you still have it.',
      unknownVariables: []
    });

    expect(await t.db.select().from(emailTemplates)).toEqual(templates);
    expect(await count(t, outbox)).toBe(outboxRows);
    expect(await count(t, auditEvents)).toBe(audits);
  });

  it('refuses a bad state, language or unknown field', async ({ admin }) => {
    for (const input of [
      { state: 'shipped', locale: 'en', subject: 'S', body: 'B' },
      { state: 'approved', locale: 'de', subject: 'S', body: 'B' },
      { state: 'approved', locale: 'en', subject: 'S', body: 'B', extra: 1 },
      { state: 'approved', locale: 'en', subject: '', body: 'B' }
    ]) {
      expect((await admin.post(`${BASE}/preview`, input)).status, JSON.stringify(input)).toBe(400);
    }
  });
});
