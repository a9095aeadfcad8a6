import { describe, expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DEFAULT_EMAIL_TEXTS, ensureDefaults } from '../../server/db/defaults.ts';
import { emailTemplates, outbox } from '../../server/db/schema.ts';
import { createCustomer, createOrder } from '../helpers/fixtures.ts';
import { auditOf, lineInput, save, signInShopper, staffCreate } from '../helpers/staff.ts';
import { staffTest as it, type StaffSuite } from '../helpers/staff-test.ts';

const ADDRESS = 'Maison Test — Returns\n12 rue des Retours\n75011 Paris';
const EN = 'Write your return number on the parcel.';
const FR = 'Notez votre numéro de retour sur le colis.';

async function setReturnTo({ admin }: StaffSuite, patch: Record<string, string>) {
  const res = await admin.patch('/api/staff/settings', patch);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.settings;
}

/** A customer's order and a return on it, moved to `approved` by staff with the email sent. */
async function approvedReturn({ ids, staff, t }: StaffSuite, locale: 'en' | 'fr') {
  const customer = await createCustomer(t.db, { locale });
  const { order, lines } = await createOrder(t.db, customer, { now: t.clock.now });
  const ret = await staffCreate(staff, { orderNumber: order.number, lines: [lineInput(ids, lines[0]!.id)] });
  const shopper = await signInShopper(t, customer);
  const before = (await shopper.get(`/api/returns/${ret.number}`)).body.return;
  const saved = await save(staff, ret.number, { version: ret.version, state: 'approved', notify: true });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const [email] = await t.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.topic, 'return.approved'), eq(outbox.recipient, customer.email)));
  return {
    ret,
    before,
    after: (await shopper.get(`/api/returns/${ret.number}`)).body.return,
    email: email?.payload as { text: string; html: string } | undefined
  };
}

describe('the return address and instructions', () => {
  it('an admin sets them (audited); staff may not; too long is refused naming the field', async ({ admin, staff, suite, t }) => {
    const settings = await setReturnTo(suite, { returnAddress: `  ${ADDRESS}  `, returnInstructionsEn: EN, returnInstructionsFr: FR });
    expect(settings).toMatchObject({ returnAddress: ADDRESS, returnInstructionsEn: EN, returnInstructionsFr: FR });
    expect((await admin.get('/api/staff/settings')).body.settings).toMatchObject({ returnAddress: ADDRESS });
    const audit = await auditOf(t.db, 'settings', 1);
    expect(audit.at(-1)!.changes).toMatchObject({ returnAddress: ['', ADDRESS], returnInstructionsFr: ['', FR] });

    expect((await staff.patch('/api/staff/settings', { returnAddress: 'elsewhere' })).status).toBe(403);
    const long = await admin.patch('/api/staff/settings', { returnInstructionsFr: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(Object.keys(long.body.error.fields)).toEqual(['returnInstructionsFr']);
    expect((await admin.get('/api/staff/settings')).body.settings.returnAddress).toBe(ADDRESS);
  });

  it('the approved return’s page and its email say where and how to send the items, in the customer’s language', async ({ suite }) => {
    await setReturnTo(suite, { returnAddress: ADDRESS, returnInstructionsEn: EN, returnInstructionsFr: FR });
    const en = await approvedReturn(suite, 'en');
    expect(en.before.sendTo).toBeNull();
    expect(en.after.sendTo).toEqual({ address: ADDRESS, instructions: { en: EN, fr: FR } });
    expect(en.email!.text).toContain(`Please send the items back to:\n${ADDRESS}\n\n${EN}`);
    expect(en.email!.html).toContain('12 rue des Retours<br>75011 Paris');

    const fr = await approvedReturn(suite, 'fr');
    expect(fr.email!.text).toContain(`Merci de renvoyer les articles à l’adresse suivante :\n${ADDRESS}\n\n${FR}`);
    expect(fr.email!.text).not.toContain(EN);
  });

  it('without a return address the approval email has no “send the items back to:” left hanging; the page says to ask the shop', async ({
    suite
  }) => {
    await setReturnTo(suite, { returnAddress: '', returnInstructionsEn: '', returnInstructionsFr: '' });
    const en = await approvedReturn(suite, 'en');
    expect(en.email!.text).not.toContain('send the items back to');
    expect(en.email!.text).toMatch(
      /is now: Return approved\.\n\nPrint your return slip and put it in the parcel: \S+\/slip\n\nFollow it here: /
    );
    expect(en.after.sendTo).toEqual({ address: '', instructions: { en: '', fr: '' } });
  });

  it('instructions written in one language only are used for both', async ({ suite }) => {
    await setReturnTo(suite, { returnAddress: ADDRESS, returnInstructionsEn: EN, returnInstructionsFr: '' });
    const fr = await approvedReturn(suite, 'fr');
    expect(fr.email!.text).toContain(EN);
  });

  it('an edited text may use [[return_address]] and [[return_instructions]]; the preview fills them', async ({ admin, suite }) => {
    await setReturnTo(suite, { returnAddress: ADDRESS, returnInstructionsEn: EN, returnInstructionsFr: FR });
    const body = 'Hi [[firstname]], ship to:\n[[return_address]]\n[[return_instructions]]';
    const preview = await admin.post('/api/staff/settings/emails/preview', { state: 'approved', locale: 'fr', subject: 'S', body });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ unknownVariables: [], text: `Hi Camille, ship to:\n${ADDRESS}\n${FR}` });
    expect((await admin.put('/api/staff/settings/emails/approved/en', { subject: 'Approved', body })).status).toBe(200);
    const en = await approvedReturn(suite, 'en');
    expect(en.email!.text).toBe(`Hi Test, ship to:\n${ADDRESS}\n${EN}`);
  });

  it('a shop that never edited its approval text gets the new one at start; an edited text is kept', async ({ t }) => {
    const where = (locale: 'en' | 'fr') => and(eq(emailTemplates.state, 'approved'), eq(emailTemplates.locale, locale));
    await t.db.update(emailTemplates).set(DEFAULT_EMAIL_TEXTS.fr).where(where('fr'));
    await t.db.update(emailTemplates).set({ subject: 'Mine', body: 'My own text' }).where(where('en'));
    await ensureDefaults(t.db);
    const [fr] = await t.db.select().from(emailTemplates).where(where('fr'));
    const [en] = await t.db.select().from(emailTemplates).where(where('en'));
    expect(fr!.body).toContain('[[return_address]]');
    expect(fr!.body).toContain('[[return_instructions]]');
    expect(en).toMatchObject({ subject: 'Mine', body: 'My own text' });
  });
});
