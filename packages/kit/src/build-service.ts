import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
  type FastifyBaseLogger,
} from 'fastify';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import { ZakError } from '@zakupai/errors';
import type { SecretStore } from '@zakupai/secrets';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';
import { mapError } from './error-mapping.ts';
import { requestIdFor } from './request-id.ts';
import { readiness, type ReadinessCheck } from './readiness.ts';
import { isStopping } from './stop-accepting.ts';
import { documentErrorResponses, markOptionalBodies, plainJsonSerializer } from './response-schemas.ts';
import { rejectNulCharacters, requestValidatorCompiler } from './request-validation.ts';
import { drainRequest } from './drain-request.ts';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface RateLimitOptions {
  /** Requests allowed per window for one client (by IP, or by `keyOf`). */
  max: number;
  windowMs: number;
  /** Shared counters across instances; without it, counters live in this process. */
  redis?: Redis;
  keyOf?: (req: { ip: string; headers: Record<string, unknown> }) => string;
}

export interface ServiceOptions {
  name: string;
  version: string;
  description?: string;
  logger: Logger;
  metrics: ServiceMetrics;
  secrets?: SecretStore;
  checks?: Record<string, ReadinessCheck>;
  /** Request bodies over this many bytes read get 413 (default 1 MiB). */
  bodyLimitBytes?: number;
  rateLimit?: RateLimitOptions | false;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const UNMATCHED_ROUTE = 'unmatched';

/**
 * The Fastify factory every service is built on. It never listens: `main.ts` does, and tests use `inject()`.
 * Gives: request ids, TypeBox validation with the failing field named, the uniform error body, a body limit
 * counted by bytes read, rate limiting, the route-templated HTTP histogram, `/health`, `/ready` and
 * `/openapi.json`. Register routes on the returned instance, then `await app.ready()`.
 */
export async function buildService(options: ServiceOptions): Promise<App> {
  const sendError = async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(err, req.id);
    if (mapped.internal) req.log.error({ err }, 'request failed');
    if (mapped.retryAfter !== undefined) reply.header('retry-after', String(mapped.retryAfter));
    reply.header('x-request-id', req.id);
    // Answered before the body was read (413, or a failure while it streamed): read the rest first. Once it is
    // read the connection is clean, and Fastify's precautionary `connection: close` (parser errors) is lifted,
    // unless the service is stopping: then every answer is the connection's last.
    const drained = await drainRequest(req.raw);
    if (drained && !isStopping(reply.server.server)) reply.removeHeader('connection');
    else reply.header('connection', 'close');
    return reply.status(mapped.status).send(mapped.body);
  };
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    // While it drains, a request that still arrives (a new connection accepted before the listener closed, or one
    // sent on a kept-alive socket) is served like any other, with `Connection: close`; Fastify's own answer would
    // be a bare 503 without Retry-After or the uniform error body.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    requestTimeout: 30_000,
    // The gateway (on loopback or the internal network) forwards the client's address; limits and logs use it.
    trustProxy: 'loopback,linklocal,uniquelocal',
    // A malformed URL or an over-long path parameter is answered before routing: with the uniform body too.
    frameworkErrors: sendError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(requestValidatorCompiler());
  app.setSerializerCompiler(plainJsonSerializer);
  app.addHook('onRoute', (route) => {
    documentErrorResponses(route);
    const schema = route.schema as { body?: unknown; querystring?: unknown; params?: unknown } | undefined;
    if (schema?.body || schema?.querystring || schema?.params) {
      const own = route.preValidation;
      route.preValidation = [rejectNulCharacters, ...(own ? (Array.isArray(own) ? own : [own]) : [])];
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // Stopping: this answer is the connection's last, so a kept-alive client does not send the next one into a close.
    if (isStopping(app.server)) reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (req, reply) => {
    // An answer streamed back before the request body was read (a proxied early 413): discard the rest, or close.
    if (!req.raw.complete) void drainRequest(req.raw).then((ended) => ended || req.raw.socket?.destroy());
    const route = req.routeOptions.url ?? UNMATCHED_ROUTE;
    const seconds = reply.elapsedTime / 1000;
    options.metrics.httpDuration.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      seconds,
    );
    req.log.info(
      { method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.setErrorHandler(sendError);

  app.setNotFoundHandler((req, reply) => {
    const mapped = mapError(
      new ZakError('ZAK_ROUTE_NOT_FOUND', 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`),
      req.id,
    );
    return reply.status(mapped.status).send(mapped.body);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: `ZakupAI ${options.name}`,
        version: options.version,
        description: options.description ?? '',
      },
    },
    transformObject: (d) => ('openapiObject' in d ? markOptionalBodies(d.openapiObject) : d.swaggerObject),
  });

  if (options.rateLimit) {
    const rl = options.rateLimit;
    await app.register(rateLimit, {
      global: true,
      max: rl.max,
      timeWindow: rl.windowMs,
      ...(rl.redis ? { redis: rl.redis, skipOnError: true } : {}),
      ...(rl.keyOf ? { keyGenerator: (req) => rl.keyOf!(req) } : {}),
      allowList: (req) => req.url === '/health' || req.url === '/ready',
      enableDraftSpec: true,
      errorResponseBuilder: (_req, ctx) =>
        new ZakError('ZAK_RATE_LIMITED', 'rate_limited', `rate limit of ${ctx.max} requests exceeded`, {
          retryAfter: Math.max(1, Math.ceil(ctx.ttl / 1000)),
        }),
    });
  }

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', service: options.name }));

  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    const report = await readiness(options.secrets, options.checks ?? {});
    return reply.status(report.status === 'ready' ? 200 : 503).send({ service: options.name, ...report });
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}
