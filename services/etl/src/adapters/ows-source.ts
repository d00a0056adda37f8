import {
  ENTITY_SOURCES,
  graphqlPages,
  restPages,
  restStart,
  rnuDetail,
  type EntityName,
  type OwsClient,
  type Page,
} from '@zakupai/goszakup';
import type { PageSource, SyncPlan } from '../app/ports.ts';

export interface OwsSourceOptions {
  restLimit?: number;
  graphqlLimit?: number;
}

/**
 * Pages from the OWS v3 API. A full run walks REST (`next_page`) or GraphQL (`after`) as the entity's source says;
 * an incremental run uses GraphQL filtered by the entity's change date. RNU list rows are replaced by their
 * `/v3/rnu/{biin}` rows (the dates); a 404 there keeps the list row.
 */
export function owsSource(client: OwsClient, o: OwsSourceOptions = {}): PageSource {
  return {
    name: 'ows',
    pages(entity: EntityName, plan: SyncPlan, signal?: AbortSignal): AsyncIterable<Page> {
      const spec = ENTITY_SOURCES[entity];
      const sinceField = spec.graphql.sinceField;
      const graphql = plan.mode === 'since' && sinceField ? true : spec.full === 'graphql';
      const pages = graphql
        ? graphqlPages(
            client,
            entity,
            {
              root: spec.graphql.root,
              selection: spec.graphql.selection,
              ...(plan.mode === 'since' && sinceField && plan.since
                ? { filter: { [sinceField]: { gte: plan.since } } }
                : {}),
              ...(plan.cursor ? { after: plan.cursor } : {}),
              ...(o.graphqlLimit ? { limit: o.graphqlLimit } : {}),
            },
            signal,
          )
        : restPages(
            client,
            entity,
            plan.cursor || restStart(spec.restPath, o.restLimit),
            signal,
            o.restLimit,
          );
      return entity === 'rnu' ? withRnuDetail(client, pages, signal) : pages;
    },
  };
}

async function* withRnuDetail(
  client: OwsClient,
  pages: AsyncIterable<Page>,
  signal?: AbortSignal,
): AsyncGenerator<Page> {
  for await (const page of pages) {
    const items: unknown[] = [];
    for (const it of page.items) {
      const biin =
        typeof it === 'object' && it !== null ? (it as { supplier_biin?: unknown }).supplier_biin : undefined;
      const detail = typeof biin === 'string' ? await rnuDetail(client, biin, signal) : [];
      items.push(...(detail.length > 0 ? detail : [it]));
    }
    yield { ...page, items };
  }
}
