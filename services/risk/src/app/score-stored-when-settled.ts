import type { RescoreOptions, RescoreResult } from './score-stored.ts';

export interface SettledScoringDeps {
  /** A fingerprint of the mirror ('' while it holds no lots): `StoredLotSource.stamp`. */
  stamp: () => Promise<string>;
  rescore: (options: RescoreOptions) => Promise<RescoreResult>;
  /** How often the mirror is looked at while it is empty or still changing. */
  pollMs: number;
  /** How long to wait for a settled mirror before giving up. */
  waitMs: number;
  /** Unchanged looks in a row that count as settled (a loader between two pages is not mistaken for done). */
  quietLooks?: number;
  signal: AbortSignal;
  now?: () => number;
}

/**
 * `RISK_SCORE_STORED=if-unscored`: waits until the goszakup mirror holds lots and has stopped changing (etl may
 * still be loading it, in this process or another), then scores, in one pass of pages, every lot not scored since
 * it last changed. Null when the mirror did not settle within `waitMs`. Aborting `signal` stops it between pages.
 */
export async function scoreStoredWhenSettled(deps: SettledScoringDeps): Promise<RescoreResult | null> {
  const now = deps.now ?? Date.now;
  const deadline = now() + deps.waitMs;
  const needed = deps.quietLooks ?? 2;
  let previous = '';
  let quiet = 0;
  for (;;) {
    deps.signal.throwIfAborted();
    const stamp = await deps.stamp();
    quiet = stamp !== '' && stamp === previous ? quiet + 1 : 0;
    if (quiet >= needed) break;
    if (now() >= deadline) return null;
    previous = stamp;
    await sleep(deps.pollMs, deps.signal);
  }
  return deps.rescore({ limit: Number.MAX_SAFE_INTEGER, onlyUnscored: true, signal: deps.signal });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
