export { buildService, type App, type ServiceOptions, type RateLimitOptions } from './build-service.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createMetrics, type ServiceMetrics } from './metrics.ts';
export { mapError, statusForKind, type ErrorBody } from './error-mapping.ts';
export { readiness, type ReadinessCheck, type ReadinessReport } from './readiness.ts';
export { startMetricsServer } from './metrics-server.ts';
export { readServiceEnv, type ServiceEnv } from './service-env.ts';
export { runService, handleSignals, type RunningService, type RunOptions } from './run-service.ts';
