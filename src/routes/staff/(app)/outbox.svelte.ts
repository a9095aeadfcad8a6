import { redirectIfSignedOut } from '$lib/failure.ts';
import { loadOrFail } from '$lib/load.ts';
import { PagedList, type Page } from '$lib/paged-list.svelte.ts';
import { staffFailureText } from '$lib/staff-failure.ts';

/**
 * The Emails and Webhooks pages: what the outbox sent or will send, a page at a time, newest first,
 * and "Send again" on one that gave up (queued again with its attempts reset, audited). Their `load`
 * makes one; the page words the rows.
 */
export class Outbox<T extends { id: number }> {
  readonly list: PagedList<T>;
  /** The row being sent again, if any (one at a time). */
  retrying = $state<number | null>(null);
  /** What the last "Send again" did, for the status line. */
  retried = $state('');
  #failure = $state('');

  constructor(list: PagedList<T>) {
    this.list = list;
  }

  /** The page's failure in words: a "Send again" or a further page that failed. */
  get failure(): string {
    return this.#failure || (this.list.failure ? staffFailureText(this.list.failure) : '');
  }

  set failure(words: string) {
    this.#failure = words;
  }

  /** Sends `row` again with `send`; `done` words what happened on success. */
  async retry(row: T, send: () => Promise<T>, done: string): Promise<void> {
    if (this.retrying !== null) return;
    this.retrying = row.id;
    this.#failure = '';
    this.retried = '';
    try {
      this.list.replace(await send());
      this.retried = done;
    } catch (err) {
      if (!redirectIfSignedOut(err)) this.#failure = staffFailureText(err);
    } finally {
      this.retrying = null;
    }
  }
}

/** Reads one page of an outbox list; the `load` passes its own `fetch` for the first. */
type PageReader<T> = (cursor: string | undefined, fetchFn: typeof fetch) => Promise<Page<T>>;

/** An outbox page's `load`: its first page (a failure shows the error page), later pages on "Show more". */
export async function loadOutbox<T extends { id: number }>(
  { url, fetch: loadFetch }: { url: URL; fetch: typeof fetch },
  page: PageReader<T>
): Promise<Outbox<T>> {
  const first = await loadOrFail(url, () => page(undefined, loadFetch));
  return new Outbox(
    new PagedList(
      first,
      (cursor) => page(cursor, fetch),
      (row) => row.id
    )
  );
}
