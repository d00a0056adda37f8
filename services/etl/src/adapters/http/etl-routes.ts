import { Type } from 'typebox';
import { ZakError, validationError } from '@zakupai/errors';
import { ENTITIES } from '@zakupai/goszakup';
import type { App, Logger } from '@zakupai/kit';
import type { EtlRunner } from '../../app/etl-runner.ts';
import { parseEntities } from '../../app/import-items.ts';
import { parseSince } from '../../app/since.ts';

const SyncBody = Type.Object(
  {
    entities: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
    since: Type.Optional(Type.String({ maxLength: 32, description: 'portal time YYYY-MM-DD[ HH:MM:SS]' })),
    full: Type.Optional(Type.Boolean()),
    wait: Type.Optional(Type.Boolean({ description: 'answer when the sync ends instead of at once' })),
  },
  { additionalProperties: false },
);

/* Response schemas (success bodies; the kit adds the uniform error body for 4xx and 5xx). */
const Entity = Type.Enum([...ENTITIES]);
const Entities = Type.Array(Entity);
const Detail = (description: string) => Type.Object({}, { additionalProperties: true, description });
const SyncResultOut = Type.Object(
  {
    entity: Entity,
    status: Type.Enum(['ok', 'busy', 'failed']),
    resumed: Type.Boolean(),
    plan: Type.Optional(Detail('How the run was planned: window, pages')),
    pages: Type.Integer({ minimum: 0 }),
    itemsSeen: Type.Integer({ minimum: 0 }),
    upserted: Type.Integer({ minimum: 0 }),
    quarantined: Type.Integer({ minimum: 0 }),
    errors: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
    error: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const SyncAccepted = Type.Object(
  { accepted: Entities, busy: Entities },
  { additionalProperties: false, description: 'The sync started; busy entities were already running' },
);
const SyncFinished = Type.Object(
  { results: Type.Array(SyncResultOut), busy: Entities },
  { additionalProperties: false, description: 'With wait: the finished sync' },
);
const EtlStatusOut = Type.Object(
  {
    running: Entities,
    refs: Type.Union([Detail('The last load of the reference lists'), Type.Null()]),
    entities: Type.Array(
      Type.Object(
        {
          entity: Entity,
          checkpoint: Type.Union([Detail('Where the next incremental run starts'), Type.Null()]),
          lastRun: Type.Union([Detail('The last run: times, counts, error'), Type.Null()]),
          quarantined: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** `POST /etl/sync` starts a sync (202, or 200 with `wait`); `GET /etl/status` reports runs, counts and checkpoints. */
export function registerEtlRoutes(app: App, runner: EtlRunner, logger: Logger): void {
  const tags = ['etl'];
  app.post(
    '/etl/sync',
    {
      schema: {
        tags,
        summary: 'Start a sync of some or all entities',
        body: SyncBody,
        response: { 200: SyncFinished, 202: SyncAccepted },
      },
    },
    async (req, reply) => {
      const body = req.body ?? {};
      const entities = body.entities ? parseEntities(body.entities, 'body.entities') : [...ENTITIES];
      let since: string | undefined;
      if (body.since !== undefined) {
        const s = parseSince(body.since);
        if (!s) throw validationError('body.since', 'since must be a date YYYY-MM-DD or YYYY-MM-DD HH:MM:SS');
        since = s;
      }
      const busy = runner.busy(entities);
      const start = entities.filter((e) => !busy.includes(e));
      if (start.length === 0)
        throw new ZakError('ZAK_ETL_BUSY', 'conflict', `a sync of ${busy.join(', ')} is already running`);
      const opts = { ...(since ? { since } : {}), ...(body.full ? { full: true } : {}) };
      const all = start.length === ENTITIES.length;
      const running = (all ? runner.syncRefs() : Promise.resolve(null)).then(() => runner.sync(start, opts));
      if (body.wait) return reply.status(200).send({ results: await running, busy });
      running.then(
        (results) =>
          logger.info(
            { etl: results.map((r) => ({ entity: r.entity, status: r.status, upserted: r.upserted })) },
            'sync finished',
          ),
        (e: unknown) => logger.error({ err: e }, 'sync failed'),
      );
      return reply.status(202).send({ accepted: start, busy });
    },
  );

  app.get(
    '/etl/status',
    {
      schema: {
        tags,
        summary: 'Last run, counts, errors and checkpoint of each entity',
        response: { 200: EtlStatusOut },
      },
    },
    async () => runner.status(),
  );
}
