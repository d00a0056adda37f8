import type { ServiceName } from './managed-service.ts';

/**
 * What a fault window tolerates. `down` names the services whose routes may answer a fast 503 with Retry-After
 * while the window is open (a dependency deliberately down); `refused` allows refused connections (the gateway
 * itself is down). A window with neither is one where nothing may fail: Vault outages, token expiry, secret
 * rotation and a Redis outage must be invisible to clients.
 */
export interface WindowPolicy {
  down: readonly ServiceName[];
  refused?: boolean;
}

export interface FaultWindow extends WindowPolicy {
  /** e.g. `r1 pg-restart`. */
  label: string;
  /** The fault's name without the round, for the per-fault totals. */
  fault: string;
  start: number;
  end: number;
}

/** The shortest window: with the load's pace (4 workers, ≥ 100 ms apart) some 40 requests fall in it. */
export const MIN_WINDOW_MS = 1000;

export const ALL_SERVICES: readonly ServiceName[] = ['calc', 'risk', 'etl', 'billing', 'gateway'];

/** The fault windows of a run, in order. Requests are matched to windows after the run, by time overlap. */
export class Windows {
  readonly list: FaultWindow[] = [];

  /**
   * Runs `during` inside a window; the window ends when `during` settles (recovery included), and lasts at least
   * `MIN_WINDOW_MS`, so that even a quick fault (a rotation) is met by some of the load.
   */
  async run<T>(round: number, fault: string, policy: WindowPolicy, during: () => Promise<T>): Promise<T> {
    const w: FaultWindow = {
      label: `r${round} ${fault}`,
      fault,
      start: Date.now(),
      end: Number.POSITIVE_INFINITY,
      ...policy,
    };
    this.list.push(w);
    try {
      const out = await during();
      const left = w.start + MIN_WINDOW_MS - Date.now();
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      return out;
    } finally {
      w.end = Date.now();
    }
  }

  /** The windows a request that ran from `sentAt` to `endAt` overlapped. */
  overlapping(sentAt: number, endAt: number): FaultWindow[] {
    return this.list.filter((w) => sentAt <= w.end && endAt >= w.start);
  }
}
