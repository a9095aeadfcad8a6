/**
 * The photos a shopper attaches to a line of their return request: each file is sent on its own as
 * soon as it is chosen (`POST /api/returns/photos`, its own Idempotency-Key), so the request itself
 * only names the photos' ids and a failed photo never makes half a return. The server checks
 * everything again; the size check here only saves sending a file it would refuse.
 */
import { PHOTO_LIMITS } from '#shared/photos.ts';
import { api, ApiFailure, pathPart, read } from '$lib/api.ts';
import { newIdempotencyKey } from '$lib/returns.ts';
import type { PhotoDraft } from './photo-draft.ts';

/** A new photo for a file, sending at once unless it is too large to send at all. */
export function photoFor(file: File): PhotoDraft {
  const photo: PhotoDraft = { key: newIdempotencyKey(), preview: URL.createObjectURL(file), status: 'sending' };
  if (file.size > PHOTO_LIMITS.maxBytes) return { ...photo, status: 'failed', error: 'photo_too_large' };
  return photo;
}

/** Sends one photo's file and records the answer on the photo (a reactive draft's own object). */
export async function sendPhoto(photo: PhotoDraft, file: Blob): Promise<void> {
  try {
    const answer = await read(api.returns.photos.$post(undefined, { headers: { 'Idempotency-Key': photo.key }, init: { body: file } }));
    photo.id = answer.photo.id;
    photo.status = 'sent';
  } catch (err) {
    photo.status = 'failed';
    photo.error = err instanceof ApiFailure ? err.code : 'network_error';
  }
}

/** Where a photo of a return is read: the shopper's route, or staff's; full size or its thumbnail. */
export function photoUrl(who: 'shopper' | 'staff', returnNumber: string, id: string, size: 'full' | 'thumbnail' = 'full'): string {
  const base = who === 'staff' ? '/api/staff/returns' : '/api/returns';
  return `${base}/${pathPart(returnNumber)}/photos/${pathPart(id)}${size === 'thumbnail' ? '?size=thumbnail' : ''}`;
}
