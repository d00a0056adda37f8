import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isZakError, ZakError } from '@zakupai/errors';
import { buildService, type App, type Logger, type ServiceMetrics } from '@zakupai/kit';
import type { SecretStore } from '@zakupai/secrets';
import { authenticate, type AuthMethod } from './auth/authenticate.ts';
import type { ApiKeyAuth } from './auth/api-key-auth.ts';
import type { JwtAuth } from './auth/jwt-auth.ts';
import type { JwksKeys } from './auth/jwks-keys.ts';
import type { Billing } from './billing/billing-client.ts';
import type { LimitDecision } from './domain/limit-windows.ts';
import { limitSubject, principalLabel } from './domain/principal.ts';
import { authorize, ROUTE_POLICIES, type RoutePolicy, type UpstreamName } from './domain/upstream-routes.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { Limiter } from './limits/limiter.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from './proxy/forward-headers.ts';
import { hasBody, type Upstream } from './proxy/upstream-proxy.ts';
import type { UsageMeter } from './usage/usage-meter.ts';

export interface GatewayDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  gatewayMetrics: GatewayMetrics;
  secrets?: SecretStore;
  apiKeys: ApiKeyAuth;
  jwt: JwtAuth;
  jwks: JwksKeys;
  billing: Billing;
  limiter: Limiter;
  usage: UsageMeter;
  upstreams: Record<UpstreamName, Upstream>;
  /** Request bodies over this many bytes (counted as they stream) get 413. Default 10 MiB. */
  bodyLimitBytes?: number;
  now?: () => number;
}

export const GATEWAY_VERSION = '0.1.0';
const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

function setLimitHeaders(reply: FastifyReply, d: LimitDecision): void {
  reply.header('ratelimit-limit', String(d.limit));
  reply.header('ratelimit-remaining', String(d.remaining));
  reply.header('ratelimit-reset', String(d.resetSeconds));
  reply.header('ratelimit-policy', d.policy);
}

/**
 * The one public entry: authenticates (X-API-Key via billing, or a JWT), authorizes by plan feature or
 * scope, counts the request against the caller's shared limits, meters it, and streams it to the service.
 * Never listens; `main.ts` does, and tests use `inject()` or `listen()`.
 */
export async function buildApp(deps: GatewayDeps): Promise<App> {
  const now = deps.now ?? Date.now;
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const m = deps.gatewayMetrics;
  const app = await buildService({
    name: 'gateway',
    version: GATEWAY_VERSION,
    description:
      'The public entry: API key or JWT authentication, per-key limits, proxy to calc, risk and etl',
    logger: deps.logger,
    metrics: deps.metrics,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    // Redis is left out on purpose: without it the gateway still serves, with per-instance limits.
    checks: { billing: () => deps.billing.health() },
    rateLimit: false,
  });

  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return deps.jwks.publicSet();
  });

  const handle = (route: RoutePolicy) => async (req: FastifyRequest, reply: FastifyReply) => {
    let method: AuthMethod = 'none';
    let principal;
    try {
      principal = await authenticate(req.headers, deps, (mm) => (method = mm));
      m.auth.inc({ method, result: 'ok' });
    } catch (e) {
      const unauth = isZakError(e) && e.kind === 'unauthenticated';
      m.auth.inc({ method, result: unauth ? 'rejected' : 'error' });
      if (unauth) reply.header('www-authenticate', 'Bearer realm="zakupai"');
      throw e;
    }
    const verdict = authorize(principal, route);
    if (!verdict.ok) throw new ZakError('ZAK_FORBIDDEN', 'forbidden', verdict.reason);

    const at = now();
    const decision = await deps.limiter.take(limitSubject(principal), principal.quotas, at);
    setLimitHeaders(reply, decision);
    if (!decision.allowed) {
      m.limited.inc({ upstream: route.upstream });
      throw new ZakError(
        'ZAK_RATE_LIMITED',
        'rate_limited',
        `request quota of plan ${principal.plan} is spent`,
        {
          retryAfter: decision.retryAfterSeconds ?? 1,
        },
      );
    }
    if (principal.kind === 'api_key') deps.usage.record(principal.keyId, new Date(at));

    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const rest = req.url.slice(route.prefix.length);
    const path = rest.startsWith('/') ? rest : `/${rest}`;
    try {
      const res = await deps.upstreams[route.upstream].forward({
        method: req.method,
        path,
        headers: upstreamRequestHeaders(req.headers, {
          requestId: req.id,
          clientIp: req.ip,
          host: req.headers.host,
          proto: req.protocol,
          principal: principalLabel(principal),
        }),
        body: hasBody(req.raw) ? req.raw : undefined,
        bodyLimitBytes: bodyLimit,
        signal: abort.signal,
      });
      reply.status(res.statusCode);
      for (const [name, value] of Object.entries(clientResponseHeaders(res.headers)))
        reply.header(name, value);
      return reply.send(res.body);
    } catch (e) {
      m.upstreamErrors.inc({ upstream: route.upstream, code: isZakError(e) ? e.code : 'ZAK_INTERNAL' });
      throw e;
    }
  };

  await app.register(async (plain) => {
    const proxy = plain.withTypeProvider<TypeBoxTypeProvider>();
    // Bodies are streamed to the service untouched: no parsing here, and the byte limit is counted while streaming.
    proxy.removeAllContentTypeParsers();
    proxy.addContentTypeParser('*', (_req, _payload, done) => done(null));
    for (const route of ROUTE_POLICIES) {
      proxy.all(route.prefix, { schema: { hide: true } }, handle(route));
      proxy.all(`${route.prefix}/*`, { schema: { hide: true } }, handle(route));
    }
  });
  return app;
}
