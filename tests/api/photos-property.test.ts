/**
 * The upload limits as properties (issue 20 item 1): whatever the size, the dimensions or the bytes,
 * a photo is taken exactly when it is at most 10 MiB, at most 40 megapixels and an image of a kind
 * taken; every refusal is a 4xx with its code on the field `photo`, never a 5xx, and nothing is kept.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { PHOTO_LIMITS, refusalBeforeDecoding, sniffPhotoType, tooManyPixels } from '#shared/photos.ts';
import { returnPhotos } from '../../server/db/schema.ts';
import { createCustomer } from '../helpers/fixtures.ts';
import { jpegWithGps, pngHeaderOnly, upload } from '../helpers/photos.ts';
import { signInShopper } from '../helpers/sign-in.ts';
import { staffTest as it } from '../helpers/staff-test.ts';
import type { TestContext } from '../helpers/app.ts';

const STATUS: Record<string, number> = {
  photo_too_large: 413,
  photo_type_unsupported: 415,
  photo_too_many_pixels: 422,
  photo_unreadable: 422
};

async function shopper(t: TestContext) {
  const customer = await createCustomer(t.db);
  return { customer, agent: await signInShopper(t, customer) };
}

const keptFor = async (t: TestContext, customerId: number) =>
  (await t.db.select({ id: returnPhotos.id }).from(returnPhotos).where(eq(returnPhotos.customerId, customerId))).length;

describe('the checks before decoding (pure)', () => {
  it('size first, then kind: over the limit is always too large, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 * PHOTO_LIMITS.maxBytes }),
        fc.constantFrom('jpeg', 'png', 'webp', 'heic', null),
        (n, type) => {
          const refusal = refusalBeforeDecoding(n, type as never);
          if (n > PHOTO_LIMITS.maxBytes) expect(refusal).toBe('photo_too_large');
          else expect(refusal).toBe(type === null ? 'photo_type_unsupported' : null);
        }
      ),
      { numRuns: 1000 }
    );
  });
});

describe('through the API', () => {
  it('a header claiming any size: over 40 megapixels is refused as such, before any pixel is decoded', async ({ t }) => {
    const s = await shopper(t);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), async (width, height) => {
        const res = await upload(s.agent, pngHeaderOnly(width, height));
        // No pixels follow the header: within the limit it is read, and found unreadable.
        const code = tooManyPixels(width, height) ? 'photo_too_many_pixels' : 'photo_unreadable';
        expect(res.status, `${width}×${height}`).toBe(STATUS[code]);
        expect(res.body.error).toMatchObject({ code, fields: { photo: code } });
      }),
      { numRuns: 30, examples: [[8000, 5000], [8000, 5001], [40_000_000, 1].map((n) => Math.min(n, 20_000)) as [number, number]] }
    );
    expect(await keptFor(t, s.customer.id)).toBe(0);
  });

  it('a real photo padded to any length around 10 MiB is kept exactly when it is at most 10 MiB', async ({ t }) => {
    const s = await shopper(t);
    const jpeg = await jpegWithGps(48, 32);
    let kept = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -2048, max: 2048 }), async (offset) => {
        const bytes = new Uint8Array(PHOTO_LIMITS.maxBytes + offset);
        bytes.set(jpeg);
        const res = await upload(s.agent, bytes);
        if (offset > 0) {
          expect(res.status).toBe(413);
          expect(res.body.error).toMatchObject({ code: 'photo_too_large', fields: { photo: 'photo_too_large' } });
        } else {
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          expect(res.body.photo).toMatchObject({ width: 48, height: 32 });
          kept++;
        }
      }),
      { numRuns: 8, examples: [[0], [1]] }
    );
    expect(await keptFor(t, s.customer.id)).toBe(kept);
  });

  it('any bytes: a 4xx with the photo field unless they are an image, never a 5xx', async ({ t }) => {
    const s = await shopper(t);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 4096 }), async (bytes) => {
        const res = await upload(s.agent, new Uint8Array(bytes));
        expect(res.status).toBeLessThan(500);
        if (sniffPhotoType(bytes) === null) {
          expect(res.status).toBe(415);
          expect(res.body.error.fields).toEqual({ photo: 'photo_type_unsupported' });
        } else expect(res.body.error?.fields?.photo ?? 'kept').toBeTruthy();
      }),
      { numRuns: 60 }
    );
  });
});
