/** `refLotStatusId` → `ref_lot_status_id`; `AppLots` → `app_lots`. Already snake_case keys pass unchanged. */
export function camelToSnake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A GraphQL (camelCase) item with its keys renamed to the REST (snake_case) names, nested objects included.
 * Values are untouched, so an item read over GraphQL and over REST is stored the same way.
 */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[camelToSnake(k)] = snakeKeys(v);
  return out;
}

/** The inverse, for building GraphQL selections and for the fake server. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
