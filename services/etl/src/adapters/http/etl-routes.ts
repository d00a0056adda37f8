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

/** `POST /etl/sync` starts a sync (202, or 200 with `wait`); `GET /etl/status` reports runs, counts and checkpoints. */
export function registerEtlRoutes(app: App, runner: EtlRunner, logger: Logger): void {
  const tags = ['etl'];
  app.post(
    '/etl/sync',
    { schema: { tags, summary: 'Start a sync of some or all entities', body: SyncBody } },
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
    { schema: { tags, summary: 'Last run, counts, errors and checkpoint of each entity' } },
    async () => runner.status(),
  );
}
