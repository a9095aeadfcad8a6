import { expect, test, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { pdfPages } from '../helpers/pdf.ts';
import { ADMIN, SAME_ORIGIN, expectNoAxeViolations, openPortalLink, pushDeliveredOrder, staffReturnFor, useLanguage } from './helpers.ts';

// A shopper prints the slip of an approved return (page and PDF); the warehouse reads the slip's QR
// code and types what it holds into the staff screen's Receive field, as a USB scanner does, and lands
// on the receipt. Each run pushes its own order; the admin's language is set for the staff part and put back.

const CASES = [
  {
    locale: 'en',
    print: 'Print return slip',
    title: 'Return slip',
    sendBy: /^Please send the parcel by \d{1,2} \w+ \d{4}\.$/,
    pdfName: (n: string) => `return-slip-${n}.pdf`,
    receive: 'Receive a parcel',
    field: 'Return number',
    unknown: 'No return has the number “R-NOPE-0”.',
    ready: (n: string) => `Return ${n}: record what arrived in the parcel below, then save.`
  },
  {
    locale: 'fr',
    print: 'Imprimer le bon de retour',
    title: 'Bon de retour',
    sendBy: /^Merci d’envoyer le colis au plus tard le \d{1,2} \S+ \d{4}\.$/,
    pdfName: (n: string) => `bon-de-retour-${n}.pdf`,
    receive: 'Réceptionner un colis',
    field: 'Numéro de retour',
    unknown: 'Aucun retour ne porte le numéro «\u202fR-NOPE-0\u202f».',
    ready: (n: string) => `Retour ${n} : indiquez ci-dessous ce que contenait le colis, puis enregistrez.`
  }
] as const;

/** The page is no wider than the screen (nothing to scroll sideways at 360 px). */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
}

/** What the QR code on the page says, read from a screenshot of it (jsQR, as a phone's camera app would). */
async function readQr(page: Page): Promise<string | null> {
  const png = PNG.sync.read(await page.getByTestId('slip-qr').screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

for (const c of CASES) {
  test(`the shopper prints the slip, the warehouse scans its QR code and lands on the receipt (${c.locale}) @phone`, async ({
    page,
    playwright,
    baseURL
  }, info) => {
    await useLanguage(page, c.locale);
    // A short order number, as shops have (a long one would widen the portal's menu at 360 px, whatever this page does).
    const number = `S${c.locale.toUpperCase()}${info.project.name.slice(0, 1).toUpperCase()}${Date.now().toString(36).slice(-5).toUpperCase()}`;
    const email = `${number.toLowerCase()}@example.com`;
    await pushDeliveredOrder(playwright, baseURL, {
      number,
      customer: { email, firstName: 'Sam', locale: c.locale },
      lines: [{ sku: `${number}-TEE`, name: 'Striped tee', variant: 'M', unitPriceCents: 1500, quantity: 2 }]
    });
    expect((await page.request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: SAME_ORIGIN })).status()).toBe(200);
    const made = (await staffReturnFor(page, email, { state: 'approved' }))!;

    // The shopper, from the shop's link, opens the approved return and its slip.
    await openPortalLink(page, number, c.locale);
    await page.goto(`/returns/${made.number}`);
    await page.getByRole('link', { name: c.print }).click();
    await expect(page).toHaveURL(new RegExp(`/returns/${made.number}/slip$`));
    const slip = page.getByTestId('slip');
    await expect(slip.getByRole('heading', { level: 1 })).toHaveText(c.title);
    await expect(slip.getByTestId('slip-number')).toHaveText(made.number);
    await expect(slip.getByTestId('slip-send-by')).toHaveText(c.sendBy);
    await expect(slip.getByTestId('slip-address')).toContainText('12 rue des Retours');
    await expect(slip.getByTestId('slip-items')).toHaveText(`1 × Striped tee — M (${c.locale === 'fr' ? 'Réf.' : 'SKU'} ${number}-TEE)`);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);

    // Printed: only the slip, black on white, on one page of A4 and of Letter.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header.top')).toBeHidden();
    await expect(page.getByTestId('print-slip')).toBeHidden();
    await expect(slip.getByTestId('slip-number')).toHaveCSS('color', 'rgb(0, 0, 0)');
    for (const format of ['A4', 'Letter'] as const) {
      const pages = await pdfPages(new Uint8Array(await page.pdf({ format, printBackground: false })));
      expect(pages, format).toHaveLength(1);
      expect(pages[0]!.lines.join('\n'), format).toContain(made.number);
    }
    await page.emulateMedia({ media: 'screen' });

    // The PDF, in the page's language.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('slip-pdf').click()]);
    expect(download.suggestedFilename()).toBe(c.pdfName(made.number));
    const [pdf] = await pdfPages(
      new Uint8Array(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)))
    );
    expect(pdf!.lines).toContain(c.title);
    expect(pdf!.lines).toContain(made.number);

    // The warehouse reads the QR code and "types" it, then Enter, as a USB scanner does.
    const scanned = await readQr(page);
    expect(scanned).toBe(made.number);
    const me = await page.request.patch('/api/staff/auth/me', { data: { locale: c.locale }, headers: SAME_ORIGIN });
    expect(me.status()).toBe(200);
    try {
      await page.goto('/staff');
      const receive = page.getByRole('region', { name: c.receive });
      const field = receive.getByLabel(c.field);
      await field.fill('R-NOPE-0');
      await field.press('Enter');
      await expect(receive.getByTestId('receive-error')).toHaveText(new RegExp(`^${c.unknown.replace(/[.?]/g, '\\$&')}`));
      await expect(field).toBeFocused();
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);

      await field.fill('');
      await page.keyboard.type(scanned!);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/staff/returns/${made.number}\\?receive$`));
      await expect(page.getByTestId('receive-notice')).toHaveText(c.ready(made.number));
      await expect(page.getByTestId('receive-notice')).toBeFocused();
      await expect(page.getByTestId('receipt-form')).toBeVisible();
      await expect(page.locator('#next-state')).toHaveValue('received');
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
    } finally {
      await page.request.patch('/api/staff/auth/me', { data: { locale: 'en' }, headers: SAME_ORIGIN });
    }
  });
}

test('where the browser reads barcodes, the camera opens the return it sees', async ({ page, playwright, baseURL }) => {
  const number = `SLIPCAM${Date.now().toString(36).toUpperCase()}`;
  const email = `${number.toLowerCase()}@example.com`;
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email, firstName: 'Cam' },
    lines: [{ sku: `${number}-MUG`, name: 'Mug', unitPriceCents: 900, quantity: 1 }]
  });
  await useLanguage(page, 'en');
  expect((await page.request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: SAME_ORIGIN })).status()).toBe(200);
  const made = (await staffReturnFor(page, email, { state: 'approved' }))!;

  // This Chromium has no BarcodeDetector: no camera button, the field alone.
  await page.goto('/staff');
  const hasDetector = await page.evaluate(() => 'BarcodeDetector' in window);
  if (!hasDetector) await expect(page.getByTestId('receive-camera')).toHaveCount(0);

  // A browser that has one (stubbed: it "sees" the code the test puts before the camera).
  await page.addInitScript(() => {
    const w = window as unknown as { BarcodeDetector: unknown; seen?: string };
    w.BarcodeDetector = class {
      async detect() {
        return w.seen ? [{ rawValue: w.seen }] : [];
      }
    };
    navigator.mediaDevices.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      canvas.getContext('2d')!.fillRect(0, 0, 64, 64);
      return canvas.captureStream();
    };
  });
  await page.goto('/staff');
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByLabel('Camera view: hold the slip’s QR code in front of it')).toBeVisible();
  await page.evaluate((n) => ((window as unknown as { seen: string }).seen = n), made.number);
  await expect(page).toHaveURL(new RegExp(`/staff/returns/${made.number}\\?receive$`));
  await expect(page.getByTestId('receipt-form')).toBeVisible();
  // Staff can print the customer's slip from the return's page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Return slip (PDF)' }).click()]);
  expect(download.suggestedFilename()).toBe(`return-slip-${made.number}.pdf`);
});

test('before approval there is no slip: the return page offers none and the slip page says why (fr)', async ({
  page,
  playwright,
  baseURL
}) => {
  const number = `SW${Date.now().toString(36).slice(-6).toUpperCase()}`;
  const email = `${number.toLowerCase()}@example.com`;
  await pushDeliveredOrder(playwright, baseURL, {
    number,
    customer: { email, firstName: 'Léa', locale: 'fr' },
    lines: [{ sku: `${number}-TEE`, name: 'Striped tee', unitPriceCents: 1500, quantity: 1 }]
  });
  await useLanguage(page, 'fr');
  expect((await page.request.post('/api/staff/auth/sign-in', { data: ADMIN, headers: SAME_ORIGIN })).status()).toBe(200);
  const made = (await staffReturnFor(page, email, { state: 'in_progress' }))!;
  await openPortalLink(page, number, 'fr');
  await page.goto(`/returns/${made.number}`);
  await expect(page.getByTestId('return-state')).toHaveText('En cours de traitement');
  await expect(page.getByRole('link', { name: 'Imprimer le bon de retour' })).toHaveCount(0);
  await page.goto(`/returns/${made.number}/slip`);
  await expect(page.getByRole('alert')).toHaveText(
    'Le bon de retour est disponible une fois le retour approuvé par la boutique, jusqu’à l’arrivée de votre colis.'
  );
  await page.getByRole('link', { name: 'Revenir au retour' }).click();
  await expect(page).toHaveURL(new RegExp(`/returns/${made.number}$`));
  await expectNoAxeViolations(page);
});
