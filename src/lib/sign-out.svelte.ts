import { goto } from '$app/navigation';

/**
 * The Sign out button of a layout: ends the session, and only then goes to `signIn`. If the server did
 * not end it, `failed` says so instead of pretending.
 */
export function signOutAction(endSession: () => Promise<unknown>, signIn: string) {
  const state = $state({ busy: false, failed: false });
  async function run() {
    if (state.busy) return;
    state.busy = true;
    state.failed = false;
    try {
      await endSession();
    } catch {
      state.failed = true;
      state.busy = false;
      return;
    }
    await goto(signIn, { replaceState: true, invalidateAll: true });
    state.busy = false;
  }
  return {
    get failed() {
      return state.failed;
    },
    run
  };
}
