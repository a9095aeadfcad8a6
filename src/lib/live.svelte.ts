/**
 * Load data that a page changes in place (a draft, the latest answer after a save). It lives as long
 * as the `load` result: a language switch re-renders the page ({#key} in the root layout) and the
 * page finds it as it left it; navigating to the page again loads it afresh.
 */
export function live<T extends object>(value: T): T {
  const state = $state(value);
  return state;
}
