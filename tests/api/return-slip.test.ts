import { describe, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { slipText, type Slip } from '#shared/slip.ts';
import { emailTemplates, orderLines, outbox, shopSettings } from '../../server/db/schema.ts';
import { APPROVED_BEFORE_SLIP_TEXTS, ensureDefaults } from '../../server/db/defaults.ts';
import type { Agent } from '../helpers/app.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { openPortalLink } from '../helpers/links.ts';
import { pdfPages, pdfQr } from '../helpers/pdf.ts';
import { lineInput, save, signInShopper, staffCreate } from '../helpers/staff.ts';
import { staffTest as it, WEBHOOK_ENV, type StaffSuite } from '../helpers/staff-test.ts';

it.override('appEnv', { scope: 'file' }, WEBHOOK_ENV);

const ADDRESS = 'Maison Test — Retours\n12 rue des Retours\n75011 Paris';
const FR = 'Collez l’étiquette sur le colis.';
const EN = 'Stick the label on the parcel.';

/** A customer (in `locale`) with a return of 2 + 1 units on a two-line order, made by staff in `state`. */
async function returnIn({ ids, staff, t }: StaffSuite, state: 'requested' | 'approved', locale: 'en' | 'fr' = 'fr', number?: string) {
  const customer = await createCustomer(t.db, { locale });
  const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now, lines: [{ quantity: 2 }, { quantity: 3 }], number });
  const ret = await staffCreate(staff, {
    orderNumber: order.number,
    state,
    lines: [lineInput(ids, lines[0]!.id, 2), lineInput(ids, lines[1]!.id, 1)]
  });
  return { customer, order, lines, ret, shopper: await signInShopper(t, customer) };
}

/** GET a PDF through `agent`: status, headers and bytes. */
async function getPdf(agent: Agent, path: string) {
  const res = await agent.fetch(`http://reprise.test${path}`);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function setReturnTo({ admin }: StaffSuite) {
  const res = await admin.patch('/api/staff/settings', { returnAddress: ADDRESS, returnInstructionsEn: EN, returnInstructionsFr: FR });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('the return slip', () => {
  it('is refused with slip_not_ready before approval, to the shopper and to staff alike', async ({ suite, staff }) => {
    const { ret, shopper } = await returnIn(suite, 'requested');
    for (const res of [await shopper.get(`/api/returns/${ret.number}/slip`), await shopper.get(`/api/returns/${ret.number}/slip.pdf`)]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'slip_not_ready', fields: { state: 'requested' } });
    }
    expect((await staff.get(`/api/staff/returns/${ret.number}/slip.pdf`)).body.error.code).toBe('slip_not_ready');
  });

  it('once approved: the shop, its address, the number, what to put in the parcel and the day to send it by, in the customer’s language', async ({
    suite,
    t
  }) => {
    await setReturnTo(suite);
    await t.db.update(shopSettings).set({ shopName: 'Maison Test', timeZone: 'Europe/Paris' });
    const { ret, lines, shopper } = await returnIn(suite, 'approved', 'fr');
    const res = await shopper.get(`/api/returns/${ret.number}/slip`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const slip: Slip = res.body.slip;
    expect(res.body.locale).toBe('fr');
    // Approved on 15 June 2026 (the test clock, 14:00 in Paris): 14 days to send it.
    expect(slip).toMatchObject({ shopName: 'Maison Test', returnNumber: ret.number, sendBy: '2026-06-29' });
    expect(slip.lines.map((l) => [l.name, l.quantity])).toEqual([
      [lines[0]!.productName, 2],
      [lines[1]!.productName, 1]
    ]);
    const text = slipText(slip, 'fr');
    expect(text.sendBy).toBe('Merci d’envoyer le colis au plus tard le 29 juin 2026.');
    expect(text.address).toEqual(['Maison Test — Retours', '12 rue des Retours', '75011 Paris']);
    expect(text.instructions[0]).toBe(FR);
    expect(text.unitsTotal).toBe('3 articles en tout');
    expect((await shopper.get(`/api/returns/${ret.number}/slip?locale=en`)).body.locale).toBe('en');
    expect((await shopper.get(`/api/returns/${ret.number}/slip?locale=de`)).status).toBe(400);
  });

  it('the PDF says every sentence of the slip, in the customer’s language or the one asked, and its QR code reads the return number', async ({
    suite
  }) => {
    await setReturnTo(suite);
    const { ret, shopper } = await returnIn(suite, 'approved', 'fr');
    const slip: Slip = (await shopper.get(`/api/returns/${ret.number}/slip`)).body.slip;
    const pdf = await getPdf(shopper, `/api/returns/${ret.number}/slip.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="bon-de-retour-${ret.number}.pdf"`);
    expect(pdf.headers.get('cache-control')).toBe('private, no-store');
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe('%PDF-');

    const [page, ...more] = await pdfPages(pdf.bytes);
    expect(more).toEqual([]);
    expect([Math.round(page!.width), Math.round(page!.height)]).toEqual([595, 842]);
    const all = page!.lines.join('\n');
    const fr = slipText(slip, 'fr');
    for (const sentence of [
      fr.shopName,
      fr.title,
      fr.returnNumber,
      fr.order,
      fr.sendBy,
      fr.sendToTitle,
      ...fr.address,
      fr.itemsTitle,
      fr.unitsTotal
    ])
      expect(all).toContain(sentence);
    for (const item of fr.items) expect(page!.lines).toContain(`[ ] ${item}`);
    for (const step of fr.instructions) expect(page!.lines).toContain(`• ${step}`);
    expect(await pdfQr(pdf.bytes)).toBe(ret.number);

    const en = await getPdf(shopper, `/api/returns/${ret.number}/slip.pdf?locale=en&paper=letter`);
    expect(en.headers.get('content-disposition')).toBe(`attachment; filename="return-slip-${ret.number}.pdf"`);
    const [letter] = await pdfPages(en.bytes);
    expect([letter!.width, letter!.height]).toEqual([612, 792]);
    expect(letter!.lines).toContain('Return slip');
    expect(letter!.lines.join('\n')).toContain(slipText(slip, 'en').sendBy);
    expect(letter!.lines.join('\n')).toContain(EN);
    expect(await pdfQr(en.bytes)).toBe(ret.number);
  });

  it('only the return’s shopper, its order session and staff get it; anyone else gets 404 or must sign in', async ({ suite, t, staff }) => {
    const { ret, order } = await returnIn(suite, 'approved');
    const path = `/api/returns/${ret.number}/slip.pdf`;
    expect((await getPdf(t.agent(), path)).status).toBe(401);
    const stranger = await signInShopper(t);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.get(`/api/returns/${ret.number}/slip`)).status).toBe(404);
    expect((await getPdf(await openPortalLink(t, order.number), path)).status).toBe(200);
    const other = await returnIn(suite, 'approved');
    expect((await (await openPortalLink(t, other.order.number)).get(path)).status).toBe(404);

    const byStaff = await getPdf(staff, `/api/staff/returns/${ret.number}/slip.pdf`);
    expect(byStaff.status).toBe(200);
    expect(byStaff.headers.get('content-type')).toBe('application/pdf');
    expect((await staff.get('/api/staff/returns/R-NOPE-1/slip.pdf')).status).toBe(404);
    expect((await stranger.get(`/api/staff/returns/${ret.number}/slip.pdf`)).status).toBe(403);
  });

  it('is refused again once the parcel arrived', async ({ suite, staff }) => {
    const { ret, shopper } = await returnIn(suite, 'approved');
    const received = await save(staff, ret.number, { version: ret.version, state: 'received' });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    const res = await shopper.get(`/api/returns/${ret.number}/slip.pdf`);
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toEqual({ state: 'received' });
  });

  it('a product name the PDF fonts cannot write still gives a slip (a letter without its accent, else “?”)', async ({ suite, t }) => {
    const { ret, lines, shopper } = await returnIn(suite, 'approved');
    await t.db.update(orderLines).set({ productName: 'Tasse Łódź 🎉 — été' }).where(eq(orderLines.id, lines[0]!.id));
    const pdf = await getPdf(shopper, `/api/returns/${ret.number}/slip.pdf`);
    expect(pdf.status).toBe(200);
    expect((await pdfPages(pdf.bytes))[0]!.lines.join('\n')).toContain('Tasse ?ódz ? — été');
    // The print page shows the name as it is.
    expect((await shopper.get(`/api/returns/${ret.number}/slip`)).body.slip.lines[0].name).toBe('Tasse Łódź 🎉 — été');
  });

  it('a long return number stays on one line of the PDF (smaller), and its QR code still reads it', async ({ suite }) => {
    const { ret, shopper } = await returnIn(suite, 'approved', 'en', `WEB-2026-${Date.now()}-LONG-ORDER-NUMBER`);
    const pdf = await getPdf(shopper, `/api/returns/${ret.number}/slip.pdf`);
    expect((await pdfPages(pdf.bytes))[0]!.lines).toContain(ret.number);
    expect(await pdfQr(pdf.bytes)).toBe(ret.number);
  });

  it('the approval email links to the slip; a shop still on the former approval text gets the one with the link', async ({ suite, t }) => {
    const { customer, ret } = await returnIn(suite, 'requested', 'fr');
    expect((await save(suite.staff, ret.number, { version: ret.version, state: 'approved', notify: true })).status).toBe(200);
    const [email] = await t.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.topic, 'return.approved'), eq(outbox.recipient, customer.email)));
    const text = (email!.payload as { text: string }).text;
    expect(text).toContain(`Imprimez votre bon de retour et mettez-le dans le colis : http://reprise.test/returns/${ret.number}/slip`);

    const where = and(eq(emailTemplates.state, 'approved'), eq(emailTemplates.locale, 'en'));
    await t.db.update(emailTemplates).set(APPROVED_BEFORE_SLIP_TEXTS.en).where(where);
    await ensureDefaults(t.db);
    const [en] = await t.db.select().from(emailTemplates).where(where);
    expect(en!.body).toContain('Print your return slip and put it in the parcel: [[slip_url]]');
  });
});
