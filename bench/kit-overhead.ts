/**
 * Benchmark: the cost of the service kit and the secrets layer on the request path. The same handler runs on a
 * kit app (request ids, validation, rate limit, metrics, JSON logs with redaction, a loaded secret store) and on a
 * bare Fastify route. The secret store counts its source reads: the request path must make zero Vault calls.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { buildService, createLogger, createMetrics, type App } from '@zakupai/kit';
import { Redactor, defineSecrets, loadSecrets, type SecretSource } from '@zakupai/secrets';
import { load, round, runIfMain, type BenchResult, type LoadOptions } from './lib/load.ts';

const declarations = defineSecrets('bench', { DATABASE_URL: { secret: true, description: 'bench' } });

/** A source that counts reads, standing in for Vault so that every read is visible. */
function countingSource(): SecretSource & { reads: number } {
  return {
    kind: 'file',
    reads: 0,
    describe: (p) => `bench#${p}`,
    async read() {
      this.reads += 1;
      return {
        values: { DATABASE_URL: 'postgres://bench:planted-bench-password@127.0.0.1/bench' },
        version: 1,
      };
    },
    tokenTtlSeconds: () => undefined,
    async close() {},
  };
}

const handler = async (req: { body: { amount: string } }) => ({ amount: req.body.amount, ok: true });
const REQUEST = { path: '/echo', method: 'POST', body: JSON.stringify({ amount: '1234.50' }) } as const;

async function listen(app: { listen: App['listen']; server: App['server'] }): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export async function run(options: LoadOptions = {}): Promise<BenchResult> {
  const source = countingSource();
  const redactor = new Redactor();
  const metrics = createMetrics('bench');
  const secrets = await loadSecrets({
    declarations,
    source,
    redactor,
    registry: metrics.registry,
    refreshIntervalMs: 0,
  });
  const readsAtStart = source.reads;
  const logger = createLogger({
    service: 'bench',
    redactor,
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  const kit = await buildService({
    name: 'bench',
    version: '0',
    logger,
    metrics,
    secrets,
    rateLimit: { max: 1e9, windowMs: 60_000 },
  });
  kit.post(
    '/echo',
    { schema: { body: Type.Object({ amount: Type.String({ pattern: '^[0-9]+(\\.[0-9]{1,2})?$' }) }) } },
    handler,
  );
  const bare = Fastify();
  bare.post('/echo', handler as never);
  try {
    const kitResult = await load(await listen(kit), REQUEST, options);
    const bareResult = await load(await listen(bare), REQUEST, options);
    return {
      name: 'kit route vs bare Fastify (secrets layer on the request path)',
      ratio: round(kitResult.rps / bareResult.rps, 3),
      details: {
        kit_rps: round(kitResult.rps, 0),
        bare_rps: round(bareResult.rps, 0),
        kit_p50_ms: round(kitResult.p50Ms, 3),
        kit_p99_ms: round(kitResult.p99Ms, 3),
        bare_p50_ms: round(bareResult.p50Ms, 3),
        bare_p99_ms: round(bareResult.p99Ms, 3),
        requests: kitResult.requests + bareResult.requests,
        errors: kitResult.errors + bareResult.errors,
        secret_source_reads_during_load: source.reads - readsAtStart,
      },
    };
  } finally {
    await kit.close();
    await bare.close();
    await secrets.close();
  }
}

runIfMain(import.meta.url, run);
