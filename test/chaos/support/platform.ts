import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import pg from 'pg';
import { BillingAdminClient, mintAdminToken } from '@zakupai/billing/client';
import { main as cli } from '@zakupai/cli';
import { startBao, type BaoServer } from '@zakupai/testing/bao';
import { createAppRole, mountKv, putSecret, readPolicy, writePolicy } from '@zakupai/testing/bao-fixtures';
import { FakeGoszakup } from '@zakupai/testing/fake-goszakup';
import { freePort } from '@zakupai/testing/free-port';
import { capture, plant } from '@zakupai/testing/leak-audit';
import { startScramPostgres, type ScramPostgres } from '@zakupai/testing/scram-pg';
import { ManagedService, type ServiceName } from './managed-service.ts';
import { startOwnRedis, type OwnRedis } from '@zakupai/testing/redis';
import { nextClient, send } from './traffic.ts';

// Unique per run: the leak audit treats it as a secret, and other suites' fake Telegram echoes its own fixed id.
const CHAT_ID = `-100${randomBytes(5).readUIntBE(0, 5)}`;

const ROOT = resolve(import.meta.dirname, '../../..');
const ISSUER = 'zakupai';
const AUDIENCE = 'zakupai-api';
const PLAN = 'chaos';
const VAULT_PATHS = ['calc', 'risk', 'etl', 'billing', 'gateway', 'monitoring'] as const;
type VaultPath = (typeof VAULT_PATHS)[number];
export const SERVICE_NAMES: readonly ServiceName[] = ['calc', 'risk', 'etl', 'billing', 'gateway'];

/** A lot as POST /risk/score takes it (the risk service's sample lot S1); the load varies its id. */
export const SAMPLE_LOT: Readonly<Record<string, unknown>> = {
  id: 'S1',
  customerBin: '900101300017',
  method: 'tender',
  finYear: 2026,
  bidWindow: { start: '2026-02-02', end: '2026-02-16' },
  allocatedAmount: '1000000.00',
  participants: 3,
  award: { supplierBin: '100000000205', date: '2026-02-20', price: '950000.00', priceIncludesVat: false },
  planPointId: 'PP-1',
};

const secret = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;

interface Signer {
  kid: string;
  jwk: JWK;
  privateJwk: JWK;
  key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
}

async function makeSigner(): Promise<Signer> {
  const kid = `chaos-${randomBytes(4).toString('hex')}`;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    kid,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    key: privateKey,
  };
}

export interface PlatformOptions {
  /** Lots in the fake Goszakup data (the sync must last long enough to be killed in the middle). */
  lots: number;
  /** AppRole token TTL and max TTL: short, so tokens expire and are renewed and re-issued all the time. */
  tokenTtl: string;
  tokenMaxTtl: string;
}

/**
 * The whole platform on loopback: OpenBao (dev mode, re-seeded with the current secrets after a restart) with one
 * AppRole per service, a scram-sha-256 PostgreSQL cluster, a private redis-server, the fake Goszakup API, and the
 * five services as processes on ports fixed for the run. Holds the current value of every secret, so each can be
 * rotated for real: on its dependency first or second as a rotation needs, and in Vault.
 */
export class ChaosPlatform {
  readonly services = {} as Record<ServiceName, ManagedService>;
  apiKey = '';
  #signers: Signer[] = [];
  #bearer = { kid: '', token: '', at: 0 };
  #dbPassword = secret('dbpw');
  #goszakupToken = secret('gzt');
  readonly #pepper = secret('pepper');
  #telegram = `7000000001:AA${randomBytes(16).toString('hex')}`;
  readonly #observerPassword = secret('obs');
  readonly #roles = new Map<string, { roleId: string; secretId: string; dir: string }>();
  readonly #dir = mkdtempSync(join(tmpdir(), 'zk-chaos-'));

  private constructor(
    readonly bao: BaoServer,
    readonly pg: ScramPostgres,
    readonly redis: OwnRedis,
    readonly fake: FakeGoszakup,
  ) {}

  readonly sampleLot = SAMPLE_LOT;

  get gatewayUrl(): string {
    return this.services.gateway.url;
  }

  static async start(o: PlatformOptions): Promise<ChaosPlatform> {
    const cleanup: Array<() => Promise<unknown>> = [];
    try {
      const pgServer = await startScramPostgres();
      cleanup.push(() => pgServer.stop());
      const redis = await startOwnRedis();
      cleanup.push(() => redis.stop());
      const token = secret('gzt');
      plant(token);
      const fake = await FakeGoszakup.start({ lots: o.lots, seed: 7, token, latencyMs: 5 });
      cleanup.push(() => fake.close());
      const ref: { platform?: ChaosPlatform } = {};
      // The first launch is seeded by #boot (which needs the platform); restarts re-seed through this hook.
      const bao = await startBao({
        seed: async (b) => (ref.platform ? ref.platform.#seed(b, o) : undefined),
      });
      cleanup.push(() => bao.stop());
      const platform = new ChaosPlatform(bao, pgServer, redis, fake);
      ref.platform = platform;
      cleanup.push(async () => {
        for (const n of SERVICE_NAMES) await platform.services[n]?.stop('SIGKILL');
      });
      platform.#goszakupToken = token;
      await platform.#boot(o);
      return platform;
    } catch (e) {
      for (const undo of cleanup.reverse()) await undo().catch(() => {});
      throw e;
    }
  }

  async #boot(o: PlatformOptions): Promise<void> {
    plant(this.#dbPassword, this.#pepper, this.#telegram, this.#observerPassword);
    await this.pg.admin(
      `CREATE ROLE app LOGIN PASSWORD '${this.#dbPassword}'; ALTER DATABASE app OWNER TO app;` +
        `CREATE ROLE chaos_observer LOGIN PASSWORD '${this.#observerPassword}'; GRANT pg_read_all_data TO chaos_observer`,
    );
    this.#signers = [await makeSigner()];
    await this.#seed(this.bao, o);
    const ports = new Map<ServiceName, [number, number]>();
    for (const n of SERVICE_NAMES) ports.set(n, [await freePort(), await freePort()]);
    const url = (n: ServiceName) => `http://127.0.0.1:${ports.get(n)![0]}`;
    const redisPrefix = `zk:chaos:${randomBytes(4).toString('hex')}:`;
    const extra: Record<ServiceName, Record<string, string>> = {
      calc: {},
      risk: {},
      etl: { GOSZAKUP_API_URL: this.fake.url, ETL_SCHEDULE: 'off', GOSZAKUP_RATE: '8' },
      billing: { GATEWAY_URL: url('gateway') },
      gateway: {
        CALC_URL: url('calc'),
        RISK_URL: url('risk'),
        ETL_URL: url('etl'),
        BILLING_URL: url('billing'),
        GATEWAY_REDIS_PREFIX: redisPrefix,
        GATEWAY_USAGE_FLUSH_MS: '1000',
      },
    };
    for (const n of SERVICE_NAMES) {
      const [port, metricsPort] = ports.get(n)!;
      const role = this.#roles.get(n)!;
      this.services[n] = new ManagedService(n, port, metricsPort, () => ({
        VAULT_ADDR: this.bao.addr,
        VAULT_ROLE_ID_FILE: join(role.dir, 'role_id'),
        VAULT_SECRET_ID_FILE: join(role.dir, 'secret_id'),
        VAULT_REFRESH_INTERVAL: '1s',
        LOG_LEVEL: 'info',
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        ...extra[n],
      }));
    }
    // Migrations of every service touch the same database: start the writers of the shared schemas one by one.
    for (const n of ['etl', 'risk', 'calc', 'billing'] as const) {
      this.services[n].start();
      await this.services[n].waitReady();
    }
    this.services.gateway.start();
    await this.services.gateway.waitReady();
    await this.#issueKey();
  }

  /** Writes everything Vault must hold; runs at start and again after every restart of the dev server. */
  async #seed(b: BaoServer, o: PlatformOptions): Promise<void> {
    await mountKv(b, 'zakupai', 2);
    for (const p of VAULT_PATHS) {
      const name = `zakupai-${p}`;
      await writePolicy(b, name, readPolicy('zakupai', p));
      const known = this.#roles.get(p);
      const role = await createAppRole(b, name, {
        policies: [name],
        tokenTtl: o.tokenTtl,
        tokenMaxTtl: o.tokenMaxTtl,
        ...(known ? { roleId: known.roleId, secretId: known.secretId } : {}),
      });
      if (!known) {
        const dir = mkdtempSync(join(this.#dir, `${p}-`));
        writeFileSync(join(dir, 'role_id'), role.roleId, { mode: 0o600 });
        writeFileSync(join(dir, 'secret_id'), role.secretId, { mode: 0o600 });
        this.#roles.set(p, { ...role, dir });
      }
    }
    for (const p of VAULT_PATHS) await putSecret(b, 'zakupai', p, this.#secretsOf(p));
  }

  #secretsOf(p: VaultPath): Record<string, string> {
    const db = this.pg.urlFor('app', this.#dbPassword);
    switch (p) {
      case 'calc':
      case 'risk':
        return { DATABASE_URL: db };
      case 'etl':
        return { DATABASE_URL: db, GOSZAKUP_TOKEN: this.#goszakupToken };
      case 'billing':
        return { DATABASE_URL: db, API_KEY_PEPPER: this.#pepper };
      case 'gateway':
        return {
          REDIS_URL: this.redis.url,
          JWT_PUBLIC_KEYS: JSON.stringify({ keys: this.#signers.map((s) => s.jwk) }),
          API_KEY_PEPPER: this.#pepper,
        };
      case 'monitoring':
        return { TELEGRAM_BOT_TOKEN: this.#telegram, TELEGRAM_CHAT_ID: CHAT_ID };
    }
  }

  async #put(...paths: VaultPath[]): Promise<void> {
    for (const p of paths) await putSecret(this.bao, 'zakupai', p, this.#secretsOf(p));
  }

  async adminToken(): Promise<string> {
    return mintAdminToken(
      JSON.stringify(this.#signers.at(-1)!.privateJwk),
      { issuer: ISSUER, audience: AUDIENCE },
      'chaos-harness',
      300,
    );
  }

  async #issueKey(): Promise<void> {
    const token = await this.adminToken();
    const plan = await send(`${this.services.billing.url}/admin/plans/${PLAN}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        hourlyQuota: 100_000_000,
        dailyQuota: 1_000_000_000,
        features: ['basic_analysis', 'risk_scoring', 'data_access'],
      }),
    });
    if (plan.status !== 200) throw new Error(`creating plan ${PLAN}: ${plan.status} ${plan.body}`);
    const issued = await new BillingAdminClient(this.services.billing.url, token).createKey({
      owner: 'chaos',
      plan: PLAN,
    });
    plant(issued.key);
    this.apiKey = issued.key;
  }

  /** The bearer token of the JWT share of the load (see `refreshBearer`). */
  bearer(): string {
    return this.#bearer.token;
  }

  /** Signs a fresh 10-minute token with the newest key; the runner calls it at start, after a JWKS rotation and each minute. */
  async refreshBearer(): Promise<void> {
    const s = this.#signers.at(-1)!;
    this.#bearer = { kid: s.kid, token: await this.#sign(s), at: Date.now() };
  }

  async #sign(s: Signer): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scope: 'zakupai:calc zakupai:risk zakupai:etl', zakupai_plan: PLAN })
      .setProtectedHeader({ alg: 'ES256', kid: s.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('chaos-jwt')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(s.key);
  }

  /** A read-only query as `chaos_observer`, whose password is never rotated. */
  async observe<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new pg.Client({
      connectionString: this.pg.urlFor('chaos_observer', this.#observerPassword),
      connectionTimeoutMillis: 3000,
    });
    c.on('error', () => {});
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end().catch(() => {});
    }
  }

  async waitReady(names: readonly ServiceName[] = SERVICE_NAMES, timeoutMs = 60_000): Promise<void> {
    await Promise.all(names.map((n) => this.services[n].waitReady(timeoutMs)));
  }

  /**
   * The DB password: Vault first (a service's check of the new URL fails until the role has it, so it keeps the
   * old pool and retries on its next refresh), then ALTER ROLE. Returns when every service logged the rotation.
   */
  async rotateDbPassword(): Promise<void> {
    const next = secret('dbpw');
    plant(next);
    const before = this.#rotationCounts();
    const old = this.#dbPassword;
    this.#dbPassword = next;
    await this.#put('calc', 'risk', 'etl', 'billing');
    await this.pg.admin(`ALTER ROLE app PASSWORD '${next}'`);
    await until('every service on the new DB password', 30_000, async () => {
      const now = this.#rotationCounts();
      return (['calc', 'risk', 'etl', 'billing'] as const).every((n) => now[n]! > before[n]!);
    });
    const stale = new pg.Client({
      connectionString: this.pg.urlFor('app', old),
      connectionTimeoutMillis: 3000,
    });
    stale.on('error', () => {});
    const refused = await stale.connect().then(
      () => stale.end().then(() => false),
      (e: { code?: string }) => e.code === '28P01',
    );
    if (!refused) throw new Error('the old DB password still logs in after the rotation');
  }

  #rotationCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of ['calc', 'risk', 'etl', 'billing'] as const) out[n] = this.services[n].rotations;
    return out;
  }

  /** The Goszakup token: Vault first, then the fake refuses the old one; a sync must then succeed. */
  async rotateGoszakupToken(): Promise<void> {
    const next = secret('gzt');
    plant(next);
    this.#goszakupToken = next;
    await this.#put('etl');
    this.fake.rotateToken(next);
    const r = await send(`${this.gatewayUrl}/api/etl/etl/sync`, {
      method: 'POST',
      headers: { 'x-api-key': this.apiKey, ...nextClient() },
      body: JSON.stringify({ entities: ['trd_buy'], wait: true }),
      timeoutMs: 60_000,
    });
    capture('chaos-etl-sync', r.body);
    const results = (JSON.parse(r.body) as { results?: Array<{ status: string }> }).results ?? [];
    if (r.status !== 200 || results.length !== 1 || results[0]!.status !== 'ok')
      throw new Error(`sync after the Goszakup token rotation: ${r.status} ${r.body.slice(0, 300)}`);
  }

  /**
   * The JWKS: publish old + new, wait until the gateway accepts the new key, sign with it, then withdraw the old
   * key and wait until the gateway refuses it. Tokens in flight never meet a JWKS that lacks their key.
   */
  async rotateJwks(): Promise<void> {
    const old = this.#signers.at(-1)!;
    const next = await makeSigner();
    this.#signers = [old, next];
    await this.#put('gateway');
    const probe = async (s: Signer) =>
      (
        await send(`${this.gatewayUrl}/api/risk/rnu/100000000205`, {
          method: 'GET',
          headers: { authorization: `Bearer ${await this.#sign(s)}`, ...nextClient() },
        })
      ).status;
    await until('gateway accepts the new signing key', 20_000, async () => (await probe(next)) === 200);
    await this.refreshBearer();
    this.#signers = [next];
    await this.#put('gateway');
    await until('gateway refuses the withdrawn key', 20_000, async () => (await probe(old)) === 401);
  }

  /** The Telegram token in `zakupai/monitoring`; `zakupai alertmanager render` must then write the new one. */
  async rotateTelegram(): Promise<void> {
    this.#telegram = `7000000001:AA${randomBytes(16).toString('hex')}`;
    plant(this.#telegram);
    await this.#put('monitoring');
    const role = this.#roles.get('monitoring')!;
    const out = join(this.#dir, 'alertmanager.yml');
    let text = '';
    const sink = () => {
      const p = new PassThrough();
      p.on('data', (d: Buffer) => (text += d.toString()));
      return p;
    };
    const code = await cli(
      [
        'alertmanager',
        'render',
        '--template',
        join(ROOT, 'deploy/alertmanager/alertmanager.tmpl.yml'),
        '--out',
        out,
        '--am-version',
        '0.25.0',
      ],
      {
        stdout: sink(),
        stderr: sink(),
        env: { VAULT_ADDR: this.bao.addr, VAULT_ROLE_ID: role.roleId, VAULT_SECRET_ID: role.secretId },
        cwd: this.#dir,
        signal: new AbortController().signal,
      },
    );
    capture('chaos-cli-render', text);
    const rendered = readFileSync(out, 'utf8');
    rmSync(out, { force: true });
    if (code !== 0 || !rendered.includes(this.#telegram))
      throw new Error(`alertmanager render after rotation: exit ${code}: ${text.slice(0, 300)}`);
  }

  async stop(): Promise<void> {
    for (const n of [...SERVICE_NAMES].reverse()) await this.services[n]?.stop('SIGTERM').catch(() => {});
    await this.bao.stop().catch(() => {});
    await this.fake.close().catch(() => {});
    await this.redis.stop().catch(() => {});
    await this.pg.stop().catch(() => {});
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

export async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
}
