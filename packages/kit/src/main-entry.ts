import { pathToFileURL } from 'node:url';
import { isZakError } from '@zakupai/errors';
import type { RunningService } from './run-service.ts';

/** True when this module is the process entry point (`node --import tsx services/x/src/main.ts`). */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}

/**
 * Starts one service as a process: one clear line and exit 1 when it cannot start (a missing key, Vault
 * unreachable past the startup timeout); on SIGTERM/SIGINT a clean stop and exit 0.
 */
export function runAsProcess(name: string, start: (env: NodeJS.ProcessEnv) => Promise<RunningService>): void {
  // Library timers (Vault retries) are unref'd; this keeps the process alive until start settles.
  const keepAlive = setInterval(() => {}, 60_000);
  start(process.env).then(
    (svc) => {
      clearInterval(keepAlive);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`${name}: ${signal} received, draining\n`);
        svc.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (e: unknown) => {
      clearInterval(keepAlive);
      const reason = isZakError(e)
        ? `${e.code}: ${e.message}`
        : e instanceof Error
          ? e.message.split('\n')[0]
          : String(e);
      process.stderr.write(`${name}: cannot start: ${reason}\n`);
      process.exit(1);
    },
  );
}
