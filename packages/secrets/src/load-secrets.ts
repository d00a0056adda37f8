import type { Registry } from 'prom-client';
import { ZakError, isZakError } from '@zakupai/errors';
import { VaultCode, fullJitter, isTransientVaultError, sleep } from '@zakupai/vault';
import type { SecretDeclarations } from './declarations.ts';
import type { Redactor } from './redactor.ts';
import type { SecretSource } from './secret-source.ts';
import type { SecretStatus, SecretStore } from './secret-store.ts';
import { secretMetrics } from './secret-metrics.ts';

export type SecretEvent =
  | { type: 'loaded'; path: string; version: number | undefined; source: 'vault' | 'file' }
  | { type: 'changed'; path: string; keys: string[]; version: number | undefined }
  | { type: 'refresh-failed'; path: string; code: string; message: string }
  | { type: 'recovered'; path: string }
  | { type: 'listener-failed'; path: string; keys: string[]; message: string };

export interface LoadSecretsOptions<K extends string> {
  declarations: SecretDeclarations<K>;
  /** Taken over by the store: closed by `close()`, or when the initial load fails. */
  source: SecretSource;
  redactor: Redactor;
  /** Where the four secret metrics are registered. */
  registry?: Registry | undefined;
  /** Give up the initial load after this long (VAULT_STARTUP_TIMEOUT). Default 60 000. */
  startupTimeoutMs?: number | undefined;
  /** Re-read the path this often (VAULT_REFRESH_INTERVAL); 0 disables. Default 300 000. */
  refreshIntervalMs?: number | undefined;
  /** Secret-free notifications for the service's log. */
  onEvent?: ((e: SecretEvent) => void) | undefined;
}

type Listener<K extends string> = (changed: readonly K[], store: SecretStore<K>) => void | Promise<void>;

/** Failures worth waiting out at start: outages, seals, rate limits (not a missing key or a denied path). */
function isTransient(e: unknown): boolean {
  return isTransientVaultError(e);
}

/** A short, secret-free reason for /ready and logs. */
function shortReason(e: unknown): string {
  if (!isZakError(e)) return 'unexpected failure';
  switch (e.code) {
    case VaultCode.sealed:
      return 'vault sealed';
    case VaultCode.unreachable:
      return 'vault unreachable';
    case VaultCode.permissionDenied:
      return 'vault permission denied';
    case VaultCode.invalidToken:
      return 'vault token invalid';
    case 'ZAK_SECRETS_MISSING_KEY':
      return `missing key ${((e.details?.keys as string[] | undefined) ?? []).join(', ')}`;
    default:
      return e.code;
  }
}

/** Every form in which a value may show up in output: itself, and a URL's password on its own. */
function redactionForms(value: string): string[] {
  const out = [value];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      const u = new URL(value);
      if (u.password) out.push(u.password, decodeURIComponent(u.password));
    } catch {
      /* not a URL */
    }
  }
  return out;
}

/**
 * Loads a service's declared keys from `<mount>/<service>` into a frozen object (never into process.env),
 * failing within `startupTimeoutMs` with the missing key or the Vault error named; never falls back.
 * Then refreshes on a timer: changed values go to `onChange` listeners; an outage keeps the last good
 * values with status `stale` until a refresh succeeds again.
 */
export async function loadSecrets<K extends string>(opts: LoadSecretsOptions<K>): Promise<SecretStore<K>> {
  const { declarations: decl, source, redactor } = opts;
  const path = decl.service;
  const where = source.describe(path);
  const startupTimeoutMs = opts.startupTimeoutMs ?? 60_000;
  const refreshIntervalMs = opts.refreshIntervalMs ?? 300_000;
  const emit = opts.onEvent ?? (() => {});
  const metrics = opts.registry ? secretMetrics(opts.registry, () => source.tokenTtlSeconds()) : undefined;

  const readValidated = async () => {
    const r = await source.read(path);
    const missing = decl.keys.filter((k) => typeof r.values[k] !== 'string' || r.values[k] === '');
    if (missing.length > 0) {
      throw new ZakError('ZAK_SECRETS_MISSING_KEY', 'config', `${where} is missing ${missing.join(', ')}`, {
        details: { path: where, keys: missing },
      });
    }
    const values = {} as Record<K, string>;
    for (const k of decl.keys) values[k] = r.values[k]!;
    for (const k of decl.secretKeys) redactor.addAll(redactionForms(values[k]));
    return { values: Object.freeze(values), version: r.version };
  };

  // Initial load: bounded retries of transient failures inside the deadline; anything else fails at once.
  const deadline = Date.now() + startupTimeoutMs;
  let first: Awaited<ReturnType<typeof readValidated>> | undefined;
  let lastError: unknown;
  for (let attempt = 0; !first; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      first = await withDeadline(readValidated(), remaining);
    } catch (e) {
      // A deadline cut keeps the last real failure: it says more than "no answer".
      if (e !== DEADLINE || lastError === undefined) lastError = e;
      if (e !== DEADLINE && !isTransient(e)) break;
      const wait = Math.min(Math.max(250, fullJitter(attempt, 500, 5000)), deadline - Date.now());
      if (wait > 0) await sleep(wait);
    }
  }
  if (!first) {
    metrics?.refreshTotal.inc({ result: 'failure' });
    await source.close().catch(() => undefined);
    if (lastError !== DEADLINE && isZakError(lastError) && !isTransient(lastError)) {
      throw new ZakError(
        lastError.code,
        lastError.kind === 'not_found' ? 'config' : lastError.kind,
        `${path}: cannot load secrets: ${lastError.message}`,
        { details: lastError.details, cause: lastError },
      );
    }
    const why =
      lastError === DEADLINE || lastError === undefined
        ? `${source.kind === 'vault' ? 'Vault' : 'the secrets file'} did not answer: unreachable or hanging`
        : isZakError(lastError)
          ? `${lastError.code}: ${lastError.message}`
          : 'unexpected failure';
    throw new ZakError(
      'ZAK_SECRETS_STARTUP_TIMEOUT',
      'unavailable',
      `${path}: could not load secrets from ${where} within ${Math.round(startupTimeoutMs / 1000)}s (${why})`,
      { cause: lastError, details: { path: where } },
    );
  }

  let current = first.values;
  let version = first.version;
  const status: SecretStatus = { state: 'fresh', source: source.kind, lastSuccess: new Date() };
  const listeners = new Map<Listener<K>, Set<K>>();
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const ttlNow = () => {
    const ttl = source.tokenTtlSeconds();
    return ttl === undefined || ttl === Infinity ? undefined : ttl;
  };
  const markSuccess = () => {
    status.state = 'fresh';
    status.lastSuccess = new Date();
    delete status.lastError;
    metrics?.refreshTotal.inc({ result: 'success' });
    metrics?.lastSuccess.set(status.lastSuccess.getTime() / 1000);
    metrics?.stale.set(0);
  };
  markSuccess();
  emit({ type: 'loaded', path: where, version, source: source.kind });

  const notify = async (changed: K[]) => {
    for (const [listener, pending] of listeners) {
      for (const k of changed) pending.add(k);
      if (pending.size === 0) continue;
      const keys = decl.keys.filter((k) => pending.has(k));
      try {
        await listener(keys, store);
        pending.clear();
      } catch (e) {
        // Kept pending: the listener is called again on the next refresh.
        emit({ type: 'listener-failed', path: where, keys, message: redactor.redact(errorText(e)) });
      }
    }
  };

  const doRefresh = async () => {
    try {
      const next = await readValidated();
      const changed = decl.keys.filter((k) => next.values[k] !== current[k]);
      const wasStale = status.state === 'stale';
      current = next.values;
      version = next.version;
      markSuccess();
      if (wasStale) emit({ type: 'recovered', path: where });
      if (changed.length > 0) emit({ type: 'changed', path: where, keys: changed, version });
      await notify(changed);
    } catch (e) {
      status.state = 'stale';
      status.lastError = shortReason(e);
      metrics?.refreshTotal.inc({ result: 'failure' });
      metrics?.stale.set(1);
      emit({
        type: 'refresh-failed',
        path: where,
        code: isZakError(e) ? e.code : 'ZAK_INTERNAL',
        message: redactor.redact(errorText(e)),
      });
      throw e;
    }
  };

  const refresh = (): Promise<void> => {
    if (closed) return Promise.resolve();
    inFlight ??= doRefresh().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const schedule = () => {
    if (closed || refreshIntervalMs <= 0) return;
    timer = setTimeout(() => {
      refresh()
        .catch(() => undefined)
        .finally(schedule);
    }, refreshIntervalMs);
    timer.unref();
  };
  schedule();

  const store: SecretStore<K> = {
    get(key) {
      const v = current[key];
      if (v === undefined)
        throw new ZakError('ZAK_SECRETS_UNDECLARED', 'internal', `${path}: key ${key} is not declared`);
      return v;
    },
    snapshot: () => current,
    onChange(listener) {
      listeners.set(listener, new Set());
      return () => void listeners.delete(listener);
    },
    status: () => ({ ...status, tokenTtlSeconds: ttlNow() }),
    refresh,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await inFlight?.catch(() => undefined);
      await source.close();
    },
  };
  return store;
}

const DEADLINE = Symbol('deadline');

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(DEADLINE), ms);
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
