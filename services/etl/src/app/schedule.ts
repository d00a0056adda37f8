import { validationError } from '@zakupai/errors';

/** `ETL_SCHEDULE`: a period such as `15m`, `1h`, `90s`, or `off`. Default every 15 minutes. */
export function parseSchedule(v: string | undefined): number | null {
  const s = (v ?? '').trim() || '15m';
  if (s === 'off') return null;
  const m = /^(\d+)\s*(s|m|h)$/.exec(s);
  const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'] : NaN;
  if (!(ms >= 1000))
    throw validationError('ETL_SCHEDULE', 'ETL_SCHEDULE must be a period like 15m, 1h or 90s, or off');
  return ms;
}

/**
 * Calls `tick` every `periodMs`, measured from the end of the previous tick, so ticks never overlap.
 * Returns a stop function that waits for a running tick to end.
 */
export function startSchedule(
  periodMs: number,
  tick: () => Promise<void>,
  onError: (e: unknown) => void,
): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch(onError)
        .finally(() => {
          running = undefined;
          arm();
        });
    }, periodMs);
    timer.unref();
  };
  arm();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
