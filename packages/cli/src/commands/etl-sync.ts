import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { Registry } from 'prom-client';
import { openDb } from '@zakupai/db';
import { validationError } from '@zakupai/errors';
import { ENTITIES, OwsClient, loadRef, type EntityName } from '@zakupai/goszakup';
import {
  Redactor,
  createSecretSource,
  ensureDevSecrets,
  loadSecrets,
  secretTimingFromEnv,
  serviceSecrets,
} from '@zakupai/secrets';
import {
  ErrorTally,
  PgSyncStore,
  etlMetrics,
  importItems,
  migrateEtl,
  owsSource,
  parseEntities,
  parseSince,
  syncEntity,
  syncRefs,
  jsonlLines,
  type SyncEvent,
} from '@zakupai/etl/lib';
import type { CliIo, Command } from '../io.ts';

/** Progress on a terminal (a live bar: items, rate, current entity), JSON lines elsewhere. */
interface Progress {
  entity(e: EntityName, total?: number): void;
  page(e: EntityName, items: number, upserted: number, quarantined: number, total?: number): void;
  line(obj: Record<string, unknown>): void;
  stop(): void;
}

function progress(io: CliIo): Progress {
  const started = Date.now();
  let done = 0;
  const rate = () => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
  if (!io.stdout.isTTY) {
    const line = (obj: Record<string, unknown>) =>
      io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...obj })}\n`);
    return {
      entity: (entity, total) => line({ event: 'entity', entity, ...(total ? { total } : {}) }),
      page: (entity, items, upserted, quarantined, total) => {
        done += items;
        line({
          event: 'page',
          entity,
          items,
          upserted,
          quarantined,
          done,
          rate: rate(),
          ...(total ? { total } : {}),
        });
      },
      line,
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: ' {entity} |{bar}| {value}/{total} items | {rate} items/s | {upserted} written',
      stream: io.stdout,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let entityDone = 0;
  let upsertedTotal = 0;
  let running = false;
  return {
    entity(entity, total) {
      entityDone = 0;
      if (running) bar.stop();
      bar.start(total ?? 0, 0, { entity: entity.padEnd(9), rate: rate(), upserted: upsertedTotal });
      running = true;
    },
    page(entity, items, upserted, _q, total) {
      done += items;
      entityDone += items;
      upsertedTotal += upserted;
      if (total !== undefined && total !== bar.getTotal()) bar.setTotal(Math.max(total, entityDone));
      else if (entityDone > bar.getTotal()) bar.setTotal(entityDone);
      bar.update(entityDone, { entity: entity.padEnd(9), rate: rate(), upserted: upsertedTotal });
    },
    line(obj) {
      if (running) bar.stop();
      running = false;
      io.stdout.write(
        `${Object.entries(obj)
          .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join(' ')}\n`,
      );
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/**
 * `zakupai etl sync [--entity E…] [--since DATE] [--full] [--from-file F]`: a sync from the OWS API (secrets from
 * `zakupai/etl`), or an import of a JSONL dump. Exit 0 when every entity finished, 1 otherwise.
 */
export const run: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      entity: { type: 'string', multiple: true },
      since: { type: 'string' },
      full: { type: 'boolean' },
      'from-file': { type: 'string' },
    },
  });
  const entities = values.entity ? parseEntities(values.entity, '--entity') : [...ENTITIES];
  let since: string | undefined;
  if (values.since !== undefined) {
    since = parseSince(values.since) ?? undefined;
    if (!since) throw validationError('--since', '--since must be a date YYYY-MM-DD or YYYY-MM-DD HH:MM:SS');
  }
  const file = values['from-file'];
  if (file && entities.length > 1 && values.entity)
    throw validationError('--entity', 'with --from-file, give at most one --entity (for bare item lines)');
  const lines = file ? await jsonlLines(isAbsolute(file) ? file : join(io.cwd, file)) : undefined;

  const env: Record<string, string | undefined> = { ...io.env };
  if (!env.VAULT_ADDR && !env.ZAKUPAI_SECRETS_FILE) {
    const dev = await ensureDevSecrets(join(io.cwd, '.zakupai'));
    env.ZAKUPAI_SECRETS_FILE = dev.file;
    io.stderr.write(`etl sync: dev mode (no VAULT_ADDR or ZAKUPAI_SECRETS_FILE); secrets from ${dev.file}\n`);
  }
  const registry = new Registry();
  const secrets = await loadSecrets({
    declarations: serviceSecrets.etl,
    source: createSecretSource(env, 'etl'),
    redactor: new Redactor(),
    startupTimeoutMs: secretTimingFromEnv(env).startupTimeoutMs,
    refreshIntervalMs: 0,
  });
  const db = await openDb(secrets.get('DATABASE_URL'));
  const p = progress(io);
  let failed = false;
  try {
    await migrateEtl(db);
    const store = new PgSyncStore(db);
    const metrics = etlMetrics(registry);
    if (lines) {
      let current: EntityName | undefined;
      const r = await importItems(
        {
          store,
          metrics,
          onEvent: (e) => {
            if (e.entity !== current) p.entity((current = e.entity));
            p.page(e.entity, e.items, e.upserted, e.quarantined);
          },
        },
        lines,
        { ...(values.entity ? { entity: entities[0]! } : {}), signal: io.signal },
      );
      p.stop();
      p.line({ event: 'import-done', lines: r.lines, ...r.byEntity });
    } else {
      const errors = new ErrorTally();
      const client = new OwsClient({
        baseUrl: env.GOSZAKUP_API_URL || 'https://ows.goszakup.gov.kz',
        token: () => secrets.get('GOSZAKUP_TOKEN'),
        refresh: () => secrets.refresh(),
        registry,
        ...(env.GOSZAKUP_CACERT ? { caFile: env.GOSZAKUP_CACERT } : {}),
        ...(env.GOSZAKUP_RATE ? { ratePerSecond: Number(env.GOSZAKUP_RATE) } : {}),
        onError: (type, entity) => errors.record(type, entity),
      });
      const onEvent = (e: SyncEvent) => {
        if (e.type === 'start') p.entity(e.entity);
        if (e.type === 'page') p.page(e.entity, e.items, e.upserted, e.quarantined, e.total);
      };
      try {
        if (!values.entity) {
          const refs = await syncRefs({
            load: (name, signal) => loadRef(client, name, signal),
            save: (name, items) => store.saveRefs(name, items),
          });
          p.line({ event: 'refs-done', ...refs });
        }
        for (const entity of entities) {
          if (io.signal.aborted) break;
          const r = await syncEntity({ store, source: owsSource(client), metrics, errors, onEvent }, entity, {
            ...(since ? { since } : {}),
            ...(values.full ? { full: true } : {}),
            signal: io.signal,
          });
          p.stop();
          p.line({
            event: 'entity-done',
            entity,
            status: r.status,
            mode: r.plan?.mode ?? null,
            resumed: r.resumed,
            items: r.itemsSeen,
            upserted: r.upserted,
            quarantined: r.quarantined,
            errors: r.errors,
            ...(r.error ? { error: r.error } : {}),
          });
          if (r.status !== 'ok') failed = true;
        }
      } finally {
        await client.close();
      }
    }
  } finally {
    p.stop();
    await db.close();
    await secrets.close();
  }
  return failed || io.signal.aborted ? 1 : 0;
};
