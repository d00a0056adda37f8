import type { Writable } from 'node:stream';

/** What a CLI command may touch. Commands never read `process` directly, so tests pass their own. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM; long-running commands (start, --watch) stop when it fires. */
  signal: AbortSignal;
}

/**
 * A command: parses its own argv (node:util parseArgs), writes to io, returns the exit code.
 * Bad input is a ZakError (kind validation/config); the dispatcher prints it as one line and exits 2.
 */
export type Command = (argv: string[], io: CliIo) => Promise<number>;
