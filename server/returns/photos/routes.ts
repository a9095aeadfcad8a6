import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { eq } from 'drizzle-orm';
import { idempotencyKeyHeader } from '#shared/schemas/returns.ts';
import { PHOTO_LIMITS } from '#shared/photos.ts';
import { requireCustomerOrOrderLink, requireStaff } from '../../auth/middleware.ts';
import { returns } from '../../db/schema.ts';
import type { AppEnv } from '../../deps.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { markReplay } from '../../http/idempotency.ts';
import { findCustomerReturnId } from '../views.ts';
import { photoBytes, savePhoto } from './store.ts';

/** The one path whose body is an image, not JSON (app.ts lets it past the JSON guard and the JSON body limit). */
export const PHOTO_UPLOAD_PATH = '/api/returns/photos';

/** A photo's id as the server makes it (a UUID); anything else is a 404 without a query. */
const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Over 10 MiB: refused as the photo's own error, before the body is read whole. */
const photoLimit = bodyLimit({
  maxSize: PHOTO_LIMITS.maxBytes,
  onError: () => {
    throw new ApiError(413, 'photo_too_large', `A photo may be at most ${PHOTO_LIMITS.maxBytes} bytes.`, {
      fields: { photo: 'photo_too_large' }
    });
  }
});

/**
 * A stored photo as an answer: always a JPEG (re-encoded), shown inline under a neutral name, never
 * sniffed by the browser, cached only by the browser of the one who may see it.
 */
function photoAnswer(c: Context<AppEnv>, bytes: Uint8Array, id: string, size: 'full' | 'thumbnail') {
  const name = size === 'full' ? `photo-${id}.jpg` : `photo-${id}-thumbnail.jpg`;
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': 'image/jpeg',
    'Content-Disposition': `inline; filename="${name}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=3600'
  });
}

const sizeOf = (c: Context<AppEnv>) => (c.req.query('size') === 'thumbnail' ? 'thumbnail' : 'full');

function photoIdParam(c: Context<AppEnv>): string {
  const id = c.req.param('photoId') ?? '';
  if (!PHOTO_ID.test(id)) throw notFound('No such photo.');
  return id;
}

/**
 * The shopper's photos: upload one (the raw image as the body, its own `Idempotency-Key`), before the
 * return is sent with the photos' ids; read one of a return's photos (or its thumbnail).
 */
export const shopperPhotoRoutes = new Hono<AppEnv>()
  .post('/photos', requireCustomerOrOrderLink, photoLimit, async (c) => {
    const uploadKey = c.req.header('idempotency-key');
    if (!idempotencyKeyHeader.safeParse(uploadKey).success) {
      throw new ApiError(400, 'invalid_request', 'Each photo needs its own Idempotency-Key.', {
        fields: { 'Idempotency-Key': uploadKey ? 'invalid' : 'required' }
      });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const { deps } = c.var;
    const saved = await savePhoto(deps.db, { customerId: c.var.customer.id, uploadKey: uploadKey!, bytes, now: deps.now() });
    markReplay(c, saved);
    return c.json({ photo: saved.photo }, saved.replayed ? 200 : 201);
  })
  .get('/:number/photos/:photoId', requireCustomerOrOrderLink, async (c) => {
    const { db } = c.var.deps;
    const photoId = photoIdParam(c);
    const id = await findCustomerReturnId(db, c.var.customer.id, c.req.param('number'), c.var.orderScope?.orderId);
    return photoAnswer(c, await photoBytes(db, id, photoId, sizeOf(c)), photoId, sizeOf(c));
  });

/** Staff read any return's photos. */
export const staffPhotoRoutes = new Hono<AppEnv>().get('/:number/photos/:photoId', requireStaff(), async (c) => {
  const { db } = c.var.deps;
  const photoId = photoIdParam(c);
  const [ret] = await db
    .select({ id: returns.id })
    .from(returns)
    .where(eq(returns.number, c.req.param('number')));
  if (!ret) throw notFound('No such return.');
  return photoAnswer(c, await photoBytes(db, ret.id, photoId, sizeOf(c)), photoId, sizeOf(c));
});
