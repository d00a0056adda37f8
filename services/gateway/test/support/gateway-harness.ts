import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetrics, type ServiceMetrics } from '@zakupai/kit';
import { Redactor } from '@zakupai/secrets';
import { createGateway, type Gateway, type GatewaySecretKey } from '../../src/create-gateway.ts';
import type { GatewayConfig } from '../../src/gateway-config.ts';
import { captureStream } from '@zakupai/testing/capture-stream';
import { AUDIENCE, ISSUER } from '../../../billing/test/support/tokens.ts';
import { MemorySecrets } from './memory-secrets.ts';

export interface GatewayHarness {
  url: string;
  gateway: Gateway;
  secrets: MemorySecrets<GatewaySecretKey>;
  logs: ReturnType<typeof captureStream>;
  metrics: ServiceMetrics;
  /** The value of an unlabelled gauge or counter in this instance's registry. */
  metric(name: string): Promise<number | undefined>;
  close(): Promise<void>;
}

export interface GatewayHarnessOptions {
  billingUrl: string;
  pepper: string;
  jwks: string;
  redisUrl: string;
  /** Unique per test, so counters never collide. */
  redisPrefix?: string;
  upstreams: GatewayConfig['upstreams'];
  keyCacheTtlMs?: number;
  bodyLimitBytes?: number;
  usageFlushMs?: number;
  redisProbeMs?: number;
}

export const uniquePrefix = () => `zk:test:${randomBytes(6).toString('hex')}:`;

export async function startGateway(o: GatewayHarnessOptions): Promise<GatewayHarness> {
  const secrets = new MemorySecrets<GatewaySecretKey>({
    REDIS_URL: o.redisUrl,
    JWT_PUBLIC_KEYS: o.jwks,
    API_KEY_PEPPER: o.pepper,
  });
  const redactor = new Redactor();
  redactor.add(o.pepper);
  const logs = captureStream();
  const logger = createLogger({ service: 'gateway', redactor, destination: logs, level: 'debug' });
  const metrics = createMetrics('gateway');
  const gateway = await createGateway({
    config: {
      upstreams: o.upstreams,
      billingUrl: o.billingUrl,
      jwtIssuer: ISSUER,
      jwtAudience: AUDIENCE,
      keyCacheTtlMs: o.keyCacheTtlMs ?? 1000,
      redisKeyPrefix: o.redisPrefix ?? uniquePrefix(),
      bodyLimitBytes: o.bodyLimitBytes ?? 1024 * 1024,
      usageFlushMs: o.usageFlushMs ?? 60_000,
    },
    secrets,
    logger,
    metrics,
    redactor,
    redisProbeMs: o.redisProbeMs ?? 200,
  });
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`,
    gateway,
    secrets,
    logs,
    metrics,
    async metric(name) {
      const m = await metrics.registry.getSingleMetric(name)?.get();
      return m?.values[0]?.value;
    },
    async close() {
      await gateway.app.close();
      await gateway.close();
    },
  };
}
