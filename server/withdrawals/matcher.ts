import type { Db } from '../db/client.ts';
import type { ServiceContext } from '../deps.ts';
import { matchWaitingWithdrawals } from './service.ts';

/**
 * Runs the step after the answer (matchWaitingWithdrawals) every `intervalMs`, one pass at a time,
 * until stopped: a statement is matched to its order a moment after the consumer had their answer.
 */
export function startWithdrawalMatcher(
  db: Db,
  context: () => ServiceContext,
  opts: { intervalMs?: number; log?: (line: string) => void } = {}
): () => Promise<void> {
  let current: Promise<unknown> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || current) return;
    current = matchWaitingWithdrawals(db, context())
      .catch((err) => opts.log?.(`withdrawal matcher: ${(err as Error).message}`))
      .finally(() => (current = undefined));
  }, opts.intervalMs ?? 2_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
