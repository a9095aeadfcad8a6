/** A photo on a line of the return form, as the form holds it (pure: no API here; photos.ts sends them). */
export type PhotoDraft = {
  /** The upload's Idempotency-Key: a retry of the same file answers the same photo. */
  key: string;
  /** A local preview of the file (an object URL), revoked when the photo is removed. */
  preview: string;
  status: 'sending' | 'sent' | 'failed';
  /** The server's id, once sent. */
  id?: string;
  /** Why it failed: an API error code (`photo_too_large`…), or `network_error`. */
  error?: string;
};

/** The ids of a line's photos that were sent, in the order they were added. */
export const sentIds = (photos: PhotoDraft[] | undefined): string[] =>
  (photos ?? []).filter((p) => p.status === 'sent' && p.id).map((p) => p.id!);

/** A line still sending a photo, or holding one that failed: the request waits until it is sent or removed. */
export const unsettled = (photos: PhotoDraft[] | undefined): boolean => (photos ?? []).some((p) => p.status !== 'sent');
