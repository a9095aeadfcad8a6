import { redirectIfSignedOut } from './failure.ts';

/** One page of a list as the API answers it: its rows and the next page's cursor (null on the last). */
export type Page<T> = { rows: T[]; nextCursor: string | null };

/**
 * A list a page's `load` reads the first page of, shown a page at a time: "Show more" appends the next
 * page here, so a re-render (a language switch) keeps every page shown. A further page that fails
 * leaves `failure` for the page to word, and `more()` tries that page again; a lost session signs in again.
 */
export class PagedList<T> {
  rows = $state<T[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  failure = $state<unknown>(null);
  readonly #next: (cursor: string) => Promise<Page<T>>;
  readonly #key: (row: T) => unknown;

  constructor(first: Page<T>, next: (cursor: string) => Promise<Page<T>>, key: (row: T) => unknown) {
    this.rows = first.rows;
    this.nextCursor = first.nextCursor;
    this.#next = next;
    this.#key = key;
  }

  async more(): Promise<void> {
    if (this.loading || this.nextCursor === null) return;
    this.loading = true;
    this.failure = null;
    try {
      const page = await this.#next(this.nextCursor);
      // A row that moved up a page while reading (a new one came first) is shown once.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- built and read at once, never reactive
      const seen = new Set(this.rows.map(this.#key));
      this.rows = [...this.rows, ...page.rows.filter((row) => !seen.has(this.#key(row)))];
      this.nextCursor = page.nextCursor;
    } catch (err) {
      if (!redirectIfSignedOut(err)) this.failure = err;
    } finally {
      this.loading = false;
    }
  }

  /** Puts `row` in place of the row with its key (e.g. an email sent again). */
  replace(row: T): void {
    const key = this.#key(row);
    this.rows = this.rows.map((r) => (this.#key(r) === key ? row : r));
  }
}
