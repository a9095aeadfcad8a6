/**
 * Photos on a return line (issue 20 item 1): uploaded first, sent with the return, re-encoded without
 * their EXIF (GPS position, camera), read only by the return's shopper and staff, refused per file
 * with a code and the field `photo`, never doubled by a retry, and never leaving half a return.
 */
import { describe, expect } from 'vitest';
import { count, eq, isNull } from 'drizzle-orm';
import sharp from 'sharp';
import { auditEvents, returnPhotos, returnReasons, returns } from '../../server/db/schema.ts';
import { eraseCustomer, exportCustomer } from '../../server/customers/privacy.ts';
import { purgeExpired } from '../../server/maintenance/purge.ts';
import { PHOTO_LIMITS } from '#shared/photos.ts';
import { UNATTACHED_MAX } from '../../server/returns/photos/store.ts';
import type { TestContext } from '../helpers/app.ts';
import { bytesOf, heicLike, jpegWithGps, pngHeaderOnly, pngOf, upload, uploadKey, webpOf } from '../helpers/photos.ts';
import { customerOrder, lineInput, save, signInShopper, type Ids } from '../helpers/staff.ts';
import { staffTest as it } from '../helpers/staff-test.ts';

async function shopperAndOrder(t: TestContext) {
  const made = await customerOrder(t, { lines: [{ quantity: 2 }, { quantity: 1 }] });
  return { ...made, shopper: await signInShopper(t, made.customer) };
}

type Shopper = Awaited<ReturnType<typeof shopperAndOrder>>;

/** A return of the order's first line (damaged: `defective`) with these photo ids. */
function request(ids: Ids, s: Shopper, photos: string[] | undefined, key?: string) {
  const line = { ...lineInput(ids, s.lines[0]!.id, 1, 'defective'), ...(photos ? { photos } : {}) };
  return s.shopper.post('/api/returns', { orderNumber: s.order.number, lines: [line] }, key ? { 'idempotency-key': key } : {});
}

const returnsOf = async (t: TestContext, orderId: number) =>
  (await t.db.select({ n: count() }).from(returns).where(eq(returns.orderId, orderId)))[0]!.n;

describe('a damaged shirt with two phone photos', () => {
  it('keeps them re-encoded without GPS or camera, shows them to the shopper and to staff, with the right headers', async ({
    t,
    ids,
    staff
  }) => {
    const s = await shopperAndOrder(t);
    const phone = await jpegWithGps(1200, 900);
    expect((await sharp(phone).metadata()).exif).toBeDefined(); // the file that came has them
    expect(Buffer.from(phone).includes('ReprisePhone')).toBe(true);
    const first = await upload(s.shopper, phone, { type: 'image/heic' }); // the header lies: ignored
    const second = await upload(s.shopper, await pngOf(300, 200));
    expect([first.status, second.status], JSON.stringify([first.body, second.body])).toEqual([201, 201]);
    expect(first.body.photo).toMatchObject({ width: 1200, height: 900 });

    const made = await request(ids, s, [first.body.photo.id, second.body.photo.id]);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const number = made.body.return.number as string;
    const lineId = s.lines[0]!.id;
    expect(made.body.return.photos).toEqual([
      { id: first.body.photo.id, orderLineId: lineId, width: 1200, height: 900 },
      { id: second.body.photo.id, orderLineId: lineId, width: 300, height: 200 }
    ]);

    const full = await bytesOf(s.shopper, `/api/returns/${number}/photos/${first.body.photo.id}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(full.headers.get('content-disposition')).toBe(`inline; filename="photo-${first.body.photo.id}.jpg"`);
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    expect(full.headers.get('cache-control')).toBe('private, max-age=3600');
    const kept = await sharp(full.bytes).metadata();
    expect(kept).toMatchObject({ format: 'jpeg', width: 1200, height: 900 });
    expect(kept.exif).toBeUndefined();
    expect(Buffer.from(full.bytes).includes('ReprisePhone')).toBe(false);
    // What the database holds has no EXIF either (not only what is served).
    const stored = await t.db
      .select({ image: returnPhotos.image })
      .from(returnPhotos)
      .where(eq(returnPhotos.publicId, first.body.photo.id));
    expect((await sharp(stored[0]!.image).metadata()).exif).toBeUndefined();

    const thumb = await bytesOf(staff, `/api/staff/returns/${number}/photos/${first.body.photo.id}?size=thumbnail`);
    expect(thumb.status).toBe(200);
    const small = await sharp(thumb.bytes).metadata();
    expect(Math.max(small.width!, small.height!)).toBeLessThanOrEqual(PHOTO_LIMITS.thumbnailEdge);
    const staffView = await staff.get(`/api/staff/returns/${number}`);
    expect(staffView.body.return.photos.map((p: { id: string }) => p.id)).toEqual([first.body.photo.id, second.body.photo.id]);
    const shopperView = await s.shopper.get(`/api/returns/${number}`);
    expect(shopperView.body.return.photos).toHaveLength(2);
  });

  it('shrinks a large photo to 2048 px on its longest edge and turns a WebP into a JPEG', async ({ t, ids }) => {
    const s = await shopperAndOrder(t);
    const big = await upload(s.shopper, await jpegWithGps(4000, 3000));
    const webp = await upload(s.shopper, await webpOf(500, 400));
    expect(big.body.photo).toMatchObject({ width: 2048, height: 1536 });
    const made = await request(ids, s, [big.body.photo.id, webp.body.photo.id]);
    const got = await bytesOf(s.shopper, `/api/returns/${made.body.return.number}/photos/${webp.body.photo.id}`);
    expect((await sharp(got.bytes).metadata()).format).toBe('jpeg');
  });
});

describe('refused per file, with a code and the field', () => {
  it('tells the kind from the bytes: a text file called a PNG, a GIF, HEIC it cannot decode', async ({ t }) => {
    const s = await shopperAndOrder(t);
    const text = await upload(s.shopper, new TextEncoder().encode('not an image at all'), { type: 'image/png' });
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: 'photo_type_unsupported', fields: { photo: 'photo_type_unsupported' } });
    const gif = await upload(
      s.shopper,
      new Uint8Array(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
          .gif()
          .toBuffer()
      )
    );
    expect(gif.body.error.code).toBe('photo_type_unsupported');
    const heic = await upload(s.shopper, heicLike(), { type: 'image/heic' });
    expect(heic.status).toBe(415);
    expect(heic.body.error).toMatchObject({ code: 'photo_heic_unsupported', fields: { photo: 'photo_heic_unsupported' } });
    const broken = await upload(s.shopper, (await jpegWithGps(64, 64)).slice(0, 40));
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('photo_unreadable');
  });

  it('over 10 MiB: 413 photo_too_large; over 40 megapixels: 422 photo_too_many_pixels; at 40 megapixels by its header it is read', async ({
    t
  }) => {
    const s = await shopperAndOrder(t);
    const huge = new Uint8Array(PHOTO_LIMITS.maxBytes + 1);
    huge.set(await jpegWithGps(16, 16));
    const tooBig = await upload(s.shopper, huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'photo_too_large', fields: { photo: 'photo_too_large' } });
    const tooMany = await upload(s.shopper, pngHeaderOnly(8000, 5001));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({ code: 'photo_too_many_pixels', fields: { photo: 'photo_too_many_pixels' } });
    // Exactly 40 megapixels passes the size check; its missing pixels then make it unreadable, not too big.
    const atLimit = await upload(s.shopper, pngHeaderOnly(8000, 5000));
    expect(atLimit.body.error.code).toBe('photo_unreadable');
    expect(await t.db.select().from(returnPhotos).where(eq(returnPhotos.customerId, s.customer.id))).toHaveLength(0);
  });

  it('needs its own Idempotency-Key, and at most 5 photos go on a line', async ({ t, ids }) => {
    const s = await shopperAndOrder(t);
    const jpeg = await jpegWithGps(32, 32);
    const res = await s.shopper.fetch('http://reprise.test/api/returns/photos', { method: 'POST', body: jpeg });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.fields).toEqual({ 'Idempotency-Key': 'required' });
    const six = [];
    for (let i = 0; i < 6; i++) six.push((await upload(s.shopper, await jpegWithGps(32, 32, `#0${i}0`))).body.photo.id);
    const tooMany = await request(ids, s, six);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields).toEqual({ 'lines.0.photos': 'too_big' });
    expect(await returnsOf(t, s.order.id)).toBe(0);
  });
});

describe('uploads waiting to be sent', () => {
  it('are capped per shopper (429 too_many_attempts) until some are sent with a return', async ({ t, ids }) => {
    const s = await shopperAndOrder(t);
    const first = await upload(s.shopper, await jpegWithGps(20, 20));
    // The rest of the allowance, written directly: the cap counts rows, however they came.
    const [row] = await t.db.select().from(returnPhotos).where(eq(returnPhotos.publicId, first.body.photo.id));
    const { id: _id, ...copy } = row!;
    await t.db.insert(returnPhotos).values(
      Array.from({ length: UNATTACHED_MAX - 1 }, (_, i) => ({
        ...copy,
        publicId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        uploadKey: `k-${i}`
      }))
    );
    const refused = await upload(s.shopper, await jpegWithGps(21, 20));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect((await request(ids, s, [first.body.photo.id])).status).toBe(201);
    expect((await upload(s.shopper, await jpegWithGps(22, 20))).status).toBe(201);
  });
});

describe('who may see them', () => {
  it('another shopper gets 404 and cannot send my upload with their return; anyone signed out gets 401', async ({ t, ids }) => {
    const mine = await shopperAndOrder(t);
    const theirs = await shopperAndOrder(t);
    const photo = (await upload(mine.shopper, await jpegWithGps(50, 50))).body.photo.id;
    const stolen = await request(ids, theirs, [photo]);
    expect(stolen.status).toBe(422);
    expect(stolen.body.error).toMatchObject({ code: 'photo_not_found', fields: { 'lines.0.photos': 'photo_not_found' } });
    const made = await request(ids, mine, [photo]);
    const path = `/api/returns/${made.body.return.number}/photos/${photo}`;
    expect((await bytesOf(theirs.shopper, path)).status).toBe(404);
    expect((await bytesOf(t.agent(), path)).status).toBe(401);
    expect((await bytesOf(mine.shopper, `/api/returns/${made.body.return.number}/photos/not-a-uuid`)).status).toBe(404);
  });
});

describe('idempotent with the return', () => {
  it('a retried upload answers the first; the same key with other bytes is refused', async ({ t }) => {
    const s = await shopperAndOrder(t);
    const key = uploadKey();
    const bytes = await jpegWithGps(80, 60);
    const a = await upload(s.shopper, bytes, { key });
    const b = await upload(s.shopper, bytes, { key });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.body.photo).toEqual(a.body.photo);
    const other = await upload(s.shopper, await jpegWithGps(81, 60), { key });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(await t.db.select().from(returnPhotos).where(eq(returnPhotos.customerId, s.customer.id))).toHaveLength(1);
  });

  it('a retried submit replays the return and never doubles a photo; sent again without the key, nothing is made', async ({ t, ids }) => {
    const s = await shopperAndOrder(t);
    const photo = (await upload(s.shopper, await jpegWithGps(50, 50))).body.photo.id;
    const key = uploadKey();
    const first = await request(ids, s, [photo], key);
    const again = await request(ids, s, [photo], key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.return.number).toBe(first.body.return.number);
    const fresh = await request(ids, s, [photo]);
    expect(fresh.status).toBe(422);
    expect(fresh.body.error.code).toBe('photo_not_found');
    expect(await returnsOf(t, s.order.id)).toBe(1);
    expect(await t.db.select().from(returnPhotos).where(eq(returnPhotos.customerId, s.customer.id))).toHaveLength(1);
  });

  it('a photo that is gone leaves no half return: no return, no units taken, the good photo still free to send', async ({ t, ids }) => {
    const s = await shopperAndOrder(t);
    const good = (await upload(s.shopper, await jpegWithGps(50, 50))).body.photo.id;
    const res = await request(ids, s, [good, '00000000-0000-4000-8000-000000000000']);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'photo_not_found', fields: { 'lines.0.photos': 'photo_not_found' } });
    expect(await returnsOf(t, s.order.id)).toBe(0);
    const order = await s.shopper.get(`/api/orders/${s.order.number}`);
    expect(order.body.order.lines[0].returnableQuantity).toBe(2);
    expect(await t.db.select().from(returnPhotos).where(isNull(returnPhotos.returnLineId))).toEqual(
      expect.arrayContaining([expect.objectContaining({ publicId: good })])
    );
    expect((await request(ids, s, [good])).status).toBe(201);
  });
});

describe('a reason that needs a photo', () => {
  it('is an admin setting per reason with its hint in English and French, shown in the form options, audited', async ({
    t,
    ids,
    admin,
    staff
  }) => {
    const id = ids.reason('not_as_described');
    const path = `/api/staff/settings/reasons/${id}`;
    const patch = { requiresPhoto: true, photoHintEn: 'Show the label and the flaw.', photoHintFr: 'Montrez l’étiquette et le défaut.' };
    expect((await staff.patch(path, patch)).status).toBe(403);
    const saved = await admin.patch(path, patch);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const long = await admin.patch(path, { photoHintEn: 'x'.repeat(301) });
    expect(long.status).toBe(400);
    const s = await shopperAndOrder(t);
    const options = await s.shopper.get('/api/returns/options');
    expect(options.body.reasons.find((r: { id: number }) => r.id === id)).toMatchObject({
      requiresPhoto: true,
      photoHint: { en: patch.photoHintEn, fr: patch.photoHintFr }
    });
    const trail = await t.db.select().from(auditEvents).where(eq(auditEvents.entity, 'reason'));
    expect(trail.some((e) => JSON.stringify(e.changes).includes('requiresPhoto'))).toBe(true);
    await admin.patch(path, { requiresPhoto: false, photoHintEn: '', photoHintFr: '' });
  });

  it('refuses the line without one (photo_required on lines.<i>.photos), takes it with one', async ({ t, ids }) => {
    await t.db.update(returnReasons).set({ requiresPhoto: true }).where(eq(returnReasons.code, 'defective'));
    try {
      const s = await shopperAndOrder(t);
      const bare = await request(ids, s, undefined);
      expect(bare.status).toBe(422);
      expect(bare.body.error).toMatchObject({ code: 'photo_required', fields: { 'lines.0.photos': 'photo_required' } });
      const photo = (await upload(s.shopper, await jpegWithGps(50, 50))).body.photo.id;
      expect((await request(ids, s, [photo])).status).toBe(201);
    } finally {
      await t.db.update(returnReasons).set({ requiresPhoto: false }).where(eq(returnReasons.code, 'defective'));
    }
  });
});

describe('retention and erasure', () => {
  it('an upload never sent goes after a day; a finished return’s photos go after RETENTION_DAYS; an erased customer’s at once', async ({
    t,
    ids,
    staff
  }) => {
    const s = await shopperAndOrder(t);
    const left = (await upload(s.shopper, await jpegWithGps(40, 40))).body.photo.id;
    const sent = (await upload(s.shopper, await jpegWithGps(41, 40))).body.photo.id;
    const made = await request(ids, s, [sent]);
    const number = made.body.return.number as string;
    const photoIds = async () =>
      (await t.db.select({ id: returnPhotos.publicId }).from(returnPhotos).where(eq(returnPhotos.customerId, s.customer.id))).map(
        (r) => r.id
      );

    t.advance(60_000); // a later save: the state's date is the save's (migration 0022's trigger)
    const rejected = await save(staff, number, { version: made.body.return.version, state: 'rejected' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);

    t.advance(25 * 3600_000);
    await purgeExpired(t.db, t.clock.now, { retentionDays: 30 });
    expect(await photoIds()).toEqual([sent]);
    expect(left).not.toBe(sent);
    t.advance(28 * 86_400_000);
    await purgeExpired(t.db, t.clock.now, { retentionDays: 30 });
    expect(await photoIds()).toEqual([sent]);
    t.advance(86_400_000);
    const purged = await purgeExpired(t.db, t.clock.now, { retentionDays: 30 });
    expect(purged.photos).toBe(1);
    expect(await photoIds()).toEqual([]);

    const other = await shopperAndOrder(t);
    const theirs = (await upload(other.shopper, await jpegWithGps(40, 40))).body.photo.id;
    const exported = await exportCustomer(t.db, other.customer.email, t.clock.now);
    expect(exported.photos).toEqual([
      expect.objectContaining({ id: theirs, returnLineId: null, sourceType: 'jpeg', width: 40, height: 40 })
    ]);
    const erased = await eraseCustomer(t.db, other.customer.email, t.clock.now);
    expect(erased.photos).toBe(1);
    expect(await t.db.select().from(returnPhotos).where(eq(returnPhotos.customerId, other.customer.id))).toHaveLength(0);
  });
});
