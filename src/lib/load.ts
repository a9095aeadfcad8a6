import { error, redirect } from '@sveltejs/kit';
import { ApiFailure } from './api.ts';
import { signInAgainPath } from './failure.ts';

/**
 * A page's API reads inside its `load`: a lost session goes to sign in (the staff's or the shopper's
 * page, by `url`) and comes back to `url`; any other failure (404 included) renders the nearest
 * +error.svelte, which words it by its code.
 */
export async function loadOrFail<T>(url: URL, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof ApiFailure)) throw err;
    if (err.status === 401) redirect(307, signInAgainPath(url));
    // A network error has no HTTP status: show it as "service unavailable".
    error(err.status >= 400 ? err.status : 503, { message: err.message, code: err.code });
  }
}
