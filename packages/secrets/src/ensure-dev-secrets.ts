import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { serviceSecrets, type ServiceName } from './declarations.ts';

export interface DevSecrets {
  /** `<dir>/dev-secrets.json`, to pass as ZAKUPAI_SECRETS_FILE. */
  file: string;
  /** `<dir>/dev-jwt-private.json`: the private JWK matching JWT_PUBLIC_KEYS, for dev tooling that mints tokens. */
  privateJwkFile: string;
  /** True when this call wrote the file (first start); false when it kept an existing one. */
  created: boolean;
}

const JWT_ALG = 'ES256';

/**
 * Creates `<dir>/dev-secrets.json` (0600, in a 0700 dir) with generated values for every path of SPEC.md § Secrets,
 * for dev mode. calc, risk, etl and billing share one embedded database `pglite:<dir>/pgdata`; billing and gateway
 * share one API key pepper. Idempotent: an existing file is kept; only paths or keys it lacks are added.
 */
export async function ensureDevSecrets(dir: string): Promise<DevSecrets> {
  const base = resolve(dir);
  await mkdir(base, { recursive: true, mode: 0o700 });
  const file = join(base, 'dev-secrets.json');
  const privateJwkFile = join(base, 'dev-jwt-private.json');

  let existing: Record<string, Record<string, string>> | undefined;
  try {
    existing = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, string>>;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  const doc: Record<string, Record<string, string>> = existing ? structuredClone(existing) : {};
  const pepper =
    doc.billing?.API_KEY_PEPPER ?? doc.gateway?.API_KEY_PEPPER ?? randomBytes(32).toString('base64url');

  let jwks: string | undefined = doc.gateway?.JWT_PUBLIC_KEYS;
  if (!jwks) {
    const { publicKey, privateKey } = await generateKeyPair(JWT_ALG, { extractable: true });
    const pub = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(pub);
    const priv = { ...(await exportJWK(privateKey)), kid, alg: JWT_ALG, use: 'sig' };
    await writePrivate(privateJwkFile, `${JSON.stringify(priv, null, 2)}\n`, true);
    jwks = JSON.stringify({ keys: [{ ...pub, kid, alg: JWT_ALG, use: 'sig' }] });
  }

  const db = `pglite:${join(base, 'pgdata')}`;
  const generated: Record<ServiceName, Record<string, string>> = {
    calc: { DATABASE_URL: db },
    risk: { DATABASE_URL: db },
    etl: { DATABASE_URL: db, GOSZAKUP_TOKEN: randomBytes(24).toString('hex') },
    billing: { DATABASE_URL: db, API_KEY_PEPPER: pepper },
    gateway: { REDIS_URL: 'redis://127.0.0.1:6379', JWT_PUBLIC_KEYS: jwks, API_KEY_PEPPER: pepper },
    monitoring: {
      TELEGRAM_BOT_TOKEN: '000000000:dev-placeholder-not-a-real-bot-token',
      TELEGRAM_CHAT_ID: '-1000000000000',
    },
  };
  let changed = false;
  for (const service of Object.keys(serviceSecrets) as ServiceName[]) {
    const entry = (doc[service] ??= {});
    for (const key of serviceSecrets[service].keys) {
      if (typeof entry[key] === 'string' && entry[key] !== '') continue;
      entry[key] = generated[service][key]!;
      changed = true;
    }
  }
  if (!existing) {
    await writePrivate(file, `${JSON.stringify(doc, null, 2)}\n`, false);
    return { file, privateJwkFile, created: true };
  }
  if (changed) {
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
  }
  return { file, privateJwkFile, created: false };
}

/** Writes a 0600 file; `overwrite` false fails if another process created it first. */
async function writePrivate(path: string, text: string, overwrite: boolean): Promise<void> {
  const fh = await open(path, overwrite ? 'w' : 'wx', 0o600);
  try {
    await fh.writeFile(text);
  } finally {
    await fh.close();
  }
  await chmod(path, 0o600);
}
