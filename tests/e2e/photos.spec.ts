import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { expectNoAxeViolations, openPortalLink, pickFirstReturnLine, pushOwnOrder, signInStaff, useLanguage } from './helpers.ts';

// Photos per line (issue 20 item 1) in a real browser: a shopper on a phone attaches two photos to a
// damaged shirt's return, and staff see them as thumbnails with a full-size view. The photos are drawn
// here with sharp, one with a GPS position in its EXIF (the server strips it: tests/api/photos.test.ts).

/** A phone photo of `colour` (`name`: the file's name), with a GPS tag like a phone's. */
async function phonePhoto(name: string, colour: string) {
  const buffer = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } })
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

/** The shop pushes a delivered order of one shirt for a customer of this spec's own. */
function shirtOrder(playwright: Parameters<typeof pushOwnOrder>[0], baseURL: string | undefined, tag: string) {
  return pushOwnOrder(playwright, baseURL, tag, { firstName: 'Inès', lastName: 'Photo' }, (n) => [
    { sku: `${n}-SHIRT`, name: 'Linen shirt', variant: 'M', unitPriceCents: 5900, quantity: 1 }
  ]);
}

/** The words the shopper picks by to return a damaged item, in each language. */
const DAMAGED = {
  en: { returnItems: 'Return items', pick: { reason: 'Defective product', action: 'Refund' } },
  fr: { returnItems: 'Retourner des articles', pick: { reason: 'Produit défectueux', action: 'Remboursement' } }
};

/**
 * In `lang`: the shop pushes a new shirt order (`tag`), the shopper opens it from its portal link and
 * asks to return the shirt as defective, for a refund; answers the line's photo field.
 */
async function damagedShirtPhotoField(
  page: Page,
  playwright: Parameters<typeof pushOwnOrder>[0],
  baseURL: string | undefined,
  tag: string,
  lang: 'en' | 'fr'
) {
  await useLanguage(page, lang);
  const number = await shirtOrder(playwright, baseURL, tag);
  await openPortalLink(page, number, lang);
  await page.getByRole('link', { name: DAMAGED[lang].returnItems }).click();
  const line = await pickFirstReturnLine(page, lang, DAMAGED[lang].pick);
  return line.getByTestId('photo-field');
}

/** Every image in `scope` has loaded (decoded, with a size). */
async function expectImagesLoaded(page: Page, selector: string, count: number) {
  await expect(page.locator(selector)).toHaveCount(count);
  await expect
    .poll(() => page.locator(selector).evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
    .toBe(count);
}

test.describe('photos on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('a shopper attaches two photos to a damaged shirt, sees them on the return; staff see thumbnails and the full size', async ({
    page,
    browser,
    playwright,
    baseURL
  }) => {
    const field = await damagedShirtPhotoField(page, playwright, baseURL, 'PHOTO', 'en');
    await expect(field.getByRole('button', { name: 'Choose photos' })).toBeVisible();
    // On a phone the camera is offered too.
    await expect(field.getByRole('button', { name: 'Take a photo' })).toBeVisible();
    await field
      .locator('input[type=file][multiple]')
      .setInputFiles([await phonePhoto('front.jpg', '#b03a2e'), await phonePhoto('seam.jpg', '#1f618d')]);
    await expect(field.getByTestId('photo-item')).toHaveCount(2);
    await expect(field.locator('[data-testid=photo-item][data-status=sent]')).toHaveCount(2);
    await expect(field.getByRole('img', { name: 'Photo 2 of Linen shirt (M)' })).toBeVisible();
    await expectImagesLoaded(page, '[data-testid=photo-item] img', 2);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Continue to review' }).click();
    await expect(page.getByTestId('review-photos')).toContainText('Photos: 2');
    await page.getByRole('button', { name: 'Send the return request' }).click();
    const returnNumber = (await page.getByTestId('return-number').textContent())!.trim();

    await page.goto(`/returns/${returnNumber}`);
    await expect(page.getByRole('heading', { name: 'Your photos' })).toBeVisible();
    await expectImagesLoaded(page, '[data-testid=photo-thumbnail]', 2);
    await expectNoAxeViolations(page);

    // Staff, on their own session.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const desk = await context.newPage();
    await useLanguage(desk, 'en');
    await signInStaff(desk);
    await desk.goto(`/staff/returns/${returnNumber}`);
    await expect(desk.getByRole('heading', { name: 'Photos from the customer' })).toBeVisible();
    await expectImagesLoaded(desk, '[data-testid=photo-thumbnail]', 2);
    await desk.getByRole('button', { name: 'Photo 1 of Linen shirt (M), full size' }).click();
    const viewer = desk.getByRole('dialog');
    await expect(viewer).toBeVisible();
    await expectImagesLoaded(desk, '[data-testid=photo-full]', 1);
    await expectNoAxeViolations(desk);
    await viewer.getByRole('button', { name: 'Close' }).click();
    await expect(viewer).toBeHidden();
    await context.close();
  });

  test('in French: a file that is not a photo is refused on its own, with why; the photo beside it is sent', async ({
    page,
    playwright,
    baseURL
  }) => {
    const field = await damagedShirtPhotoField(page, playwright, baseURL, 'PFR', 'fr');
    await field
      .locator('input[type=file][multiple]')
      .setInputFiles([
        { name: 'facture.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('ceci n’est pas une image') },
        await phonePhoto('col.jpg', '#7d3c98')
      ]);
    await expect(field.locator('[data-testid=photo-item][data-status=sent]')).toHaveCount(1);
    await expect(field.locator('[data-testid=photo-item][data-status=failed]')).toContainText('Ce fichier n’est pas une photo acceptée');
    // A failed photo holds the request until it is removed.
    await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
    await expect(field).toContainText('Attendez que toutes les photos soient envoyées');
    await field.getByRole('button', { name: 'Retirer la photo 1' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
    await expect(page.getByTestId('review-photos')).toContainText('Photos : 1');
    await page.getByRole('button', { name: 'Envoyer la demande de retour' }).click();
    await expect(page.getByRole('heading', { name: 'Votre demande de retour a été envoyée' })).toBeVisible();
  });
});
