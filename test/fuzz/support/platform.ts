import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintAdminToken, BillingAdminClient } from '@zakupai/billing/client';
import { ensureDevSecrets } from '@zakupai/secrets';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import { capture, plant } from '@zakupai/testing/leak-audit';
import { freePort } from '@zakupai/testing/free-port';
import { createTestDatabase, type TestDatabase } from '@zakupai/testing/pg';
import { spawnServiceOn, type ServiceChild } from './service-child.ts';

export type FuzzedService = 'calc' | 'risk' | 'billing' | 'etl';

export interface Platform {
  /** Base URL of each service started, by name. */
  urls: Partial<Record<FuzzedService, string>>;
  gatewayUrl: string;
  /** A valid API key on a plan with every feature and quotas too large to be reached by a fuzz run. */
  apiKey: string;
  /** A bearer token with scope `zakupai:admin` (billing's admin API), valid for `tokenTtlSeconds`. */
  adminToken: string;
  /** Everything each service process wrote so far, for a failure report. */
  output(): string;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Start etl too (behind the fake Goszakup API). */
  etl?: boolean;
  /** Lifetime of the admin token; default one hour. */
  tokenTtlSeconds?: number;
}

const ISSUER = 'zakupai';
const AUDIENCE = 'zakupai-api';

/**
 * Starts calc, risk, billing, the gateway (and etl) as processes from their real `main.ts`, with secrets from a
 * 0600 ZAKUPAI_SECRETS_FILE (the dev set, pointed at a fresh PostgreSQL database and the machine's Redis), then
 * issues an API key through billing's admin API. `stop()` ends every process and drops the database.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const stack: Array<() => Promise<unknown>> = [];
  const children: ServiceChild[] = [];
  const stop = async () => {
    for (const undo of stack.reverse()) await undo().catch(() => {});
    stack.length = 0;
    // What the services said, for the suite-wide leak audit (scripts/leak-audit.mjs).
    for (const c of children) capture(`fuzz-${c.name}`, c.output());
    children.length = 0;
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), 'zk-fuzz-'));
    stack.push(() => rm(dir, { recursive: true, force: true }));
    const db: TestDatabase = await createTestDatabase('zk_fuzz');
    stack.push(() => db.drop());
    const dev = await ensureDevSecrets(dir);
    const doc = JSON.parse(await readFile(dev.file, 'utf8')) as Record<string, Record<string, string>>;
    for (const svc of ['calc', 'risk', 'etl', 'billing']) doc[svc]!.DATABASE_URL = db.url;
    await writeFile(dev.file, JSON.stringify(doc), { mode: 0o600 });
    plant(doc.billing!.API_KEY_PEPPER, doc.etl!.GOSZAKUP_TOKEN, db.url);

    let goszakup: FakeGoszakup | undefined;
    if (options.etl) {
      goszakup = await FakeGoszakup.start({ lots: 20, token: doc.etl!.GOSZAKUP_TOKEN! });
      stack.push(() => goszakup!.close());
    }

    const names: Array<FuzzedService | 'gateway'> = [
      'calc',
      'risk',
      'billing',
      'gateway',
      ...(options.etl ? ['etl' as const] : []),
    ];
    const ports = new Map<string, [number, number]>();
    for (const n of names) ports.set(n, [await freePort(), await freePort()]);
    const url = (n: string) => `http://127.0.0.1:${ports.get(n)![0]}`;
    const common = { ZAKUPAI_SECRETS_FILE: dev.file, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };
    const extra: Record<string, Record<string, string>> = {
      billing: { GATEWAY_URL: url('gateway') },
      gateway: {
        CALC_URL: url('calc'),
        RISK_URL: url('risk'),
        ETL_URL: options.etl ? url('etl') : 'http://127.0.0.1:9',
        BILLING_URL: url('billing'),
        GATEWAY_REDIS_PREFIX: `zk:fuzz:${randomBytes(6).toString('hex')}:`,
        GATEWAY_USAGE_FLUSH_MS: '1000',
      },
      ...(goszakup ? { etl: { GOSZAKUP_API_URL: goszakup.url, ETL_SCHEDULE: 'off' } } : {}),
    };
    for (const n of names) {
      const [port, metricsPort] = ports.get(n)!;
      const child = spawnServiceOn(n, port, metricsPort, { ...common, ...extra[n] });
      children.push(child);
      stack.push(() => child.stop());
    }
    await Promise.all(children.map((c) => c.waitReady()));

    // A name billing's own fuzz run (PUT /admin/plans/{name}) will not happen to overwrite.
    const FUZZ_PLAN = `fuzz_${randomBytes(8).toString('hex')}`;
    const privateJwk = await readFile(dev.privateJwkFile, 'utf8');
    const adminToken = await mintAdminToken(
      privateJwk,
      { issuer: ISSUER, audience: AUDIENCE },
      'fuzz-harness',
      options.tokenTtlSeconds ?? 3600,
    );
    const plan = await fetch(`${url('billing')}/admin/plans/${FUZZ_PLAN}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        hourlyQuota: 100_000_000,
        dailyQuota: 1_000_000_000,
        features: ['basic_analysis', 'risk_scoring', 'data_access'],
      }),
    });
    if (plan.status !== 200)
      throw new Error(`creating plan ${FUZZ_PLAN}: ${plan.status} ${await plan.text()}`);
    const issued = await new BillingAdminClient(url('billing'), adminToken).createKey({
      owner: 'fuzz',
      plan: FUZZ_PLAN,
    });
    plant(issued.key, adminToken, (JSON.parse(privateJwk) as { d: string }).d);

    const urls: Platform['urls'] = {};
    for (const n of names) if (n !== 'gateway') urls[n] = url(n);
    return {
      urls,
      gatewayUrl: url('gateway'),
      apiKey: issued.key,
      adminToken,
      output: () => children.map((c) => `--- ${c.name}\n${c.output()}`).join('\n'),
      stop,
    };
  } catch (e) {
    const out = children.map((c) => `--- ${c.name}\n${c.output().slice(-3000)}`).join('\n');
    await stop();
    if (out && e instanceof Error) e.message += `\n${out}`;
    throw e;
  }
}
