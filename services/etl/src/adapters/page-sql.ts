import { TABLE_COLUMNS, type TableName } from '@zakupai/goszakup';

/** The SQL that writes pages into schema `goszakup`, built once per table. */
export interface PageSql {
  /**
   * One multi-row statement for a batch travelling as one jsonb parameter ($1): each element's columns come from
   * `jsonb_populate_record` over the raw item overlaid with its `fix` (columns carry the API's names, so the item maps
   * onto the row type by name). Unchanged rows are not rewritten, so a repeated sync changes nothing.
   */
  upsert: string;
  /** The upsert ($1) and the quarantine ($2 items, $3 entity) as data-modifying CTEs of one statement. */
  page: string;
  /** One row when any of the ids ($1) is stored. */
  known: string;
  /** COPY straight into the table. */
  direct: string;
  /** The session's staging table: the table's columns and defaults, emptied at every commit. */
  create: string;
  stage: string;
  /** From the staging table into the table; rows whose raw item is unchanged are left alone. */
  merge: string;
}

const cache = new Map<TableName, PageSql>();

export function pageSql(table: TableName): PageSql {
  let s = cache.get(table);
  if (s) return s;
  const cols = TABLE_COLUMNS[table].map((c) => c.name);
  const all = [...cols, 'raw'].join(', ');
  const sets = `${cols
    .filter((c) => c !== 'id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}, raw = EXCLUDED.raw, synced_at = now()`;
  const stage = `pg_temp.etl_stage_${table}`;
  const upsert =
    `INSERT INTO goszakup.${table} AS t (${all}) ` +
    `SELECT ${cols.map((c) => `p.${c}`).join(', ')}, e->'raw' ` +
    `FROM jsonb_array_elements($1::jsonb) e, LATERAL jsonb_populate_record(NULL::goszakup.${table}, (e->'raw') || (e->'fix')) p ` +
    `ON CONFLICT (id) DO UPDATE SET ${sets} WHERE t.raw IS DISTINCT FROM EXCLUDED.raw`;
  s = {
    upsert,
    page:
      `WITH up AS (${upsert} RETURNING 1), ` +
      `q AS (${quarantineSql('$3::text', '$2')} RETURNING 1) ` +
      `SELECT (SELECT count(*) FROM up) AS upserted, (SELECT count(*) FROM q) AS quarantined`,
    known: `SELECT 1 FROM goszakup.${table} WHERE id = ANY($1::bigint[]) LIMIT 1`,
    direct: `COPY goszakup.${table} (${all}) FROM STDIN`,
    create:
      `CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE goszakup.${table} INCLUDING DEFAULTS) ` +
      `ON COMMIT DELETE ROWS`,
    stage: `COPY ${stage} (${all}) FROM STDIN`,
    merge:
      `INSERT INTO goszakup.${table} AS t (${all}) SELECT ${all} FROM ${stage} ` +
      `ON CONFLICT (id) DO UPDATE SET ${sets} WHERE t.raw IS DISTINCT FROM EXCLUDED.raw`,
  };
  cache.set(table, s);
  return s;
}

/** Quarantine rows from a jsonb list of `{item_id, reason, raw}`; a known item counts one more sighting. */
export const quarantineSql = (entity: string, items: string) =>
  `INSERT INTO zakupai.etl_quarantine (entity, item_id, reason, raw, fingerprint) ` +
  `SELECT ${entity}, q.item_id, q.reason, q.raw, md5(q.raw::text) ` +
  `FROM jsonb_to_recordset(${items}::jsonb) AS q(item_id text, reason text, raw jsonb) ` +
  `ON CONFLICT (entity, fingerprint) DO UPDATE SET reason = EXCLUDED.reason, last_seen_at = now(), ` +
  `seen_count = zakupai.etl_quarantine.seen_count + 1`;

/**
 * Moves an entity's checkpoint from cursor $4 to $2 (NULL = the walk is done, which records the success), counting $3
 * items; no row when the checkpoint is not at $4. The row is locked first: when the previous page has updated it but
 * not yet committed, this waits for that commit and compares against the cursor it left (an UPDATE alone would
 * compare against the statement's older snapshot, skip the row and not wait).
 */
export const ADVANCE_SQL =
  `WITH cur AS (SELECT cursor FROM zakupai.etl_checkpoints WHERE entity = $1 FOR UPDATE) ` +
  `UPDATE zakupai.etl_checkpoints c SET cursor = $2::text, items_in_run = c.items_in_run + $3::bigint, ` +
  `updated_at = now(), in_progress = ($2::text IS NOT NULL), ` +
  `last_success_at = CASE WHEN $2::text IS NULL THEN now() ELSE c.last_success_at END, ` +
  `last_run_started_at = CASE WHEN $2::text IS NULL THEN c.run_started_at ELSE c.last_run_started_at END ` +
  `FROM cur WHERE c.entity = $1 AND cur.cursor = $4`;
