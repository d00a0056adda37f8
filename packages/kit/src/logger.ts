import pino, { type DestinationStream, type Logger } from 'pino';
import type { Redactor } from '@zakupai/secrets';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: string;
  redactor: Redactor;
  /** Where lines go; defaults to stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * JSON logs. Every line passes through the redactor after serialisation, so a secret value is
 * removed wherever it appears (a message, an error, a nested field) and whatever its key is called.
 * Header fields that carry credentials are censored by path as well, before serialisation.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers["x-vault-token"]',
          'req.headers.cookie',
          '*.password',
          '*.token',
        ],
        censor: '[REDACTED]',
      },
      hooks: { streamWrite: (line) => options.redactor.redact(line) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
