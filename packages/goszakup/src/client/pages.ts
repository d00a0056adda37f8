import { snakeKeys } from '../items/normalize.ts';
import type { OwsClient } from './ows-client.ts';

/** One page of items (keys in REST snake_case) and the cursor that resumes after it (`null`: the walk is done). */
export interface Page {
  items: unknown[];
  next: string | null;
  total?: number;
}

export const REST_LIMIT = 500;
export const GRAPHQL_LIMIT = 200;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkEnvelope(body: unknown): string | undefined {
  if (!isObject(body)) return 'response is not an object';
  if (!Array.isArray(body.items)) return 'response has no items list';
  if (body.next_page !== undefined && body.next_page !== null && typeof body.next_page !== 'string')
    return 'next_page is not a string';
  return undefined;
}

/** The first request of a REST walk: `path?limit=500`. */
export function restStart(path: string, limit = REST_LIMIT): string {
  return `${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;
}

/** A `next_page` that lost the limit keeps ours, so page size never falls back to the server default (50). */
function withLimit(next: string, limit: number): string {
  return /[?&]limit=/.test(next) ? next : `${next}${next.includes('?') ? '&' : '?'}limit=${limit}`;
}

/**
 * Walks a REST list from `start` (a path from `restStart` or a saved `next_page`), following `next_page` and its
 * `search_after` cursor until it is empty. Each page is yielded before the next is requested.
 */
export async function* restPages(
  client: OwsClient,
  entity: string,
  start: string,
  signal?: AbortSignal,
  limit = REST_LIMIT,
): AsyncGenerator<Page> {
  let path: string | null = start;
  while (path) {
    const body = (await client.getJson(path, {
      entity,
      check: checkEnvelope,
      ...(signal ? { signal } : {}),
    })) as {
      items: unknown[];
      next_page?: string | null;
      total?: number;
    };
    const next = body.next_page ? withLimit(body.next_page, limit) : null;
    if (next === path) throw new Error(`next_page repeats the current page for ${entity}`);
    yield { items: body.items, next, ...(typeof body.total === 'number' ? { total: body.total } : {}) };
    path = next;
  }
}

export interface GraphqlWalk {
  root: string;
  selection: string;
  filter?: Record<string, unknown>;
  /** Resume after this id (exclusive); absent = from the start. */
  after?: number | string;
  limit?: number;
}

interface PageInfo {
  hasNextPage: boolean;
  lastId: number | string | null;
  totalCount?: number;
}

/** `query($filter: XFiltersInput, $limit: Int, $after: Int) { X(filter: $filter, limit: $limit, after: $after) { … } }` */
export function graphqlQuery(root: string, selection: string): string {
  return (
    `query Sync($filter: ${root}FiltersInput, $limit: Int, $after: Int) ` +
    `{ ${root}(filter: $filter, limit: $limit, after: $after) { ${selection} } }`
  );
}

function checkGraphql(root: string) {
  return (body: unknown): string | undefined => {
    if (!isObject(body)) return 'GraphQL response is not an object';
    // `errors` may come with HTTP 200.
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const m = isObject(body.errors[0]) ? String(body.errors[0].message ?? '') : '';
      return `GraphQL errors: ${m.slice(0, 120)}`;
    }
    if (!isObject(body.data) || !Array.isArray(body.data[root]))
      return `GraphQL response has no data.${root}`;
    const ext = body.extensions;
    if (!isObject(ext) || !isObject(ext.pageInfo)) return 'GraphQL response has no extensions.pageInfo';
    return undefined;
  };
}

/** Walks a GraphQL v3 root field: `after = extensions.pageInfo.lastId` until `hasNextPage` is false. */
export async function* graphqlPages(
  client: OwsClient,
  entity: string,
  walk: GraphqlWalk,
  signal?: AbortSignal,
): AsyncGenerator<Page> {
  const query = graphqlQuery(walk.root, walk.selection);
  let after = walk.after === undefined ? undefined : Number(walk.after);
  for (;;) {
    const variables = {
      filter: walk.filter ?? {},
      limit: walk.limit ?? GRAPHQL_LIMIT,
      ...(after === undefined ? {} : { after }),
    };
    const body = (await client.postJson(
      '/v3/graphql',
      { query, variables },
      { entity, check: checkGraphql(walk.root), ...(signal ? { signal } : {}) },
    )) as { data: Record<string, unknown[]>; extensions: { pageInfo: PageInfo } };
    const items = (body.data[walk.root] ?? []).map(snakeKeys);
    const info = body.extensions.pageInfo;
    const more = info.hasNextPage && info.lastId !== null && items.length > 0;
    const next = more ? String(info.lastId) : null;
    yield { items, next, ...(typeof info.totalCount === 'number' ? { total: info.totalCount } : {}) };
    if (!next) return;
    after = Number(next);
  }
}
