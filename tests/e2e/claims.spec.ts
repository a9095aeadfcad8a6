import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  ADMIN,
  call,
  expectNoAxeViolations,
  openPortalLink,
  pushDeliveredOrder,
  SAME_ORIGIN,
  signInStaff,
  useLanguage
} from './helpers.ts';

// Claims (issue 20 item 4) in a real browser, at 360 px: a shopper reports an item missing from their
// parcel (nothing to send back), staff see it as a claim in the queue and reship the same item, and the
// shopper reads the outcome; in English and in French (the staff side with an admin of this spec's own,
// in French, so the demo admin stays in English for the specs beside this one).

/** The shop pushes a delivered order of two grey hoodies (L, in the demo catalogue) for a customer of this spec's own. */
async function hoodieOrder(playwright: Parameters<typeof pushDeliveredOrder>[0], baseURL: string | undefined, tag: string) {
  // Short: the guest's menu names the order beside "Sign out" on one line at 360 px.
  const number = `${tag}-${Date.now().toString(36).slice(-5)}`.toUpperCase();
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email: `${number.toLowerCase()}@example.com`, firstName: 'Noé', lastName: 'Claim' },
    lines: [{ sku: 'HOOD-GRY-L', name: 'Grey hoodie', variant: 'L', unitPriceCents: 5900, quantity: 2 }]
  });
  return number;
}

/** An admin of this spec's own in `locale`, made by the demo admin. */
async function ownAdmin(request: APIRequestContext, locale: 'en' | 'fr') {
  await call(request, 'post', '/api/staff/auth/sign-in', ADMIN);
  const email = `claims-${locale}-${Date.now().toString(36)}@example.com`;
  const { password } = await call<{ password: string }>(request, 'post', '/api/staff/accounts', {
    email,
    name: 'Claims Admin',
    role: 'admin'
  });
  await call(request, 'post', '/api/staff/auth/sign-out');
  return { email, password, locale };
}

/** Nothing wider than the phone. */
async function fitsPhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

const WORDS = {
  en: {
    report: 'Report a problem',
    item: 'Report a problem with Grey hoodie (L)',
    missing: 'Item missing from the parcel',
    send: 'Send the report',
    done: 'We received your report',
    follow: 'Follow your report',
    nothingBack: 'Nothing to send back',
    claimFilter: 'Claims',
    badge: 'Claim',
    reship: 'Send the same item again',
    save: 'Save the decision',
    outcome: 'A replacement (L) is sent to you'
  },
  fr: {
    report: 'Signaler un problème',
    item: 'Signaler un problème avec Grey hoodie (L)',
    missing: 'Article manquant dans le colis',
    send: 'Envoyer le signalement',
    done: 'Nous avons reçu votre signalement',
    follow: 'Suivre votre signalement',
    nothingBack: 'Rien à renvoyer',
    claimFilter: 'Réclamations',
    badge: 'Réclamation',
    reship: 'Renvoyer le même article',
    save: 'Enregistrer la décision',
    outcome: 'Un remplacement (L)'
  }
} as const;

test.describe('a missing item is reported and sent again, at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  for (const lang of ['en', 'fr'] as const) {
    test(`in ${lang === 'en' ? 'English' : 'French'}: the shopper reports it, staff reship it, the shopper reads the outcome`, async ({
      page,
      browser,
      playwright,
      baseURL
    }) => {
      const w = WORDS[lang];
      await useLanguage(page, lang);
      const number = await hoodieOrder(playwright, baseURL, `C${lang.toUpperCase()}`);
      await openPortalLink(page, number, lang);
      await page.getByRole('link', { name: w.report }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
      await page.getByRole('checkbox', { name: w.item }).check();
      await page.getByRole('radio', { name: w.missing }).check();
      await fitsPhone(page);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: w.send }).click();
      await expect(page.getByRole('heading', { name: w.done })).toBeVisible();
      await page.getByRole('link', { name: w.follow }).click();
      await expect(page.getByTestId('claim-badge')).toBeVisible();
      await expect(page.getByTestId('claim-nothing-back')).toContainText(w.nothingBack);
      const claimNumber = page.url().split('/returns/')[1]!;
      await fitsPhone(page);
      await expectNoAxeViolations(page);

      // Staff, on their own session, in the same language.
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const desk = await context.newPage();
      const admin = await ownAdmin(desk.request, lang);
      await signInStaff(desk, admin);
      if (lang === 'fr') {
        const res = await desk.request.patch('/api/staff/auth/me', { data: { locale: 'fr' }, headers: SAME_ORIGIN });
        expect(res.ok()).toBe(true);
      }
      await desk.goto('/staff/returns');
      await desk.getByTestId('filter-claim').click();
      await expect(desk.getByTestId('filter-claim')).toHaveText(w.claimFilter);
      const row = desk.getByTestId('queue-row').filter({ hasText: claimNumber });
      await expect(row.getByTestId('claim-badge')).toHaveText(w.badge);
      await row.getByRole('link', { name: claimNumber }).click();
      const decision = desk.getByTestId('claim-decision');
      await decision.getByRole('radio', { name: w.reship }).check();
      await fitsPhone(desk);
      await expectNoAxeViolations(desk);
      await decision.getByRole('button', { name: w.save }).click();
      await expect(desk.getByTestId('claim-decision')).toBeHidden();
      await expect(desk.getByTestId('return-state')).not.toHaveText(/Requested|Demandé/);
      await context.close();

      await page.reload();
      await expect(page.getByTestId('line-outcome')).toContainText(w.outcome);
      await expectNoAxeViolations(page);
    });
  }

  test('staff refund a missing item at an amount they type; the shopper reads it', async ({ page, browser, playwright, baseURL }) => {
    await useLanguage(page, 'en');
    const number = await hoodieOrder(playwright, baseURL, 'CRF');
    await openPortalLink(page, number);
    const { order } = await call<{ order: { lines: { id: number }[] } }>(page.request, 'get', `/api/orders/${number}`);
    const made = await call<{ return: { number: string } }>(page.request, 'post', '/api/claims', {
      orderNumber: number,
      lines: [{ orderLineId: order.lines[0]!.id, quantity: 1, reason: 'item_missing' }]
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const desk = await context.newPage();
    await signInStaff(desk, await ownAdmin(desk.request, 'en'));
    await desk.goto(`/staff/returns/${made.return.number}`);
    const decision = desk.getByTestId('claim-decision');
    await decision.getByRole('radio', { name: 'Refund what was paid' }).check();
    await decision.getByLabel('Amount to refund, in EUR (blank: what was paid)').fill('30');
    await expectNoAxeViolations(desk);
    await decision.getByRole('button', { name: 'Save the decision' }).click();
    await expect(decision).toBeHidden();
    await context.close();
    await page.goto(`/returns/${made.return.number}`);
    await expect(page.getByTestId('line-credited')).toContainText('30.00');
  });
});
