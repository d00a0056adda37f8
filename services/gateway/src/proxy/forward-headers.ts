import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 hop-by-hop fields, plus the legacy ones proxies still see. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The client's credentials and anything it might use to impersonate the gateway: never sent upstream. */
const CLIENT_ONLY = new Set(['host', 'authorization', 'x-api-key', 'cookie', 'x-request-id', 'forwarded']);
const GATEWAY_OWNED = /^(x-zakupai-|x-forwarded-)/;
/** The upstream's own limiter sees only the gateway; its headers would contradict ours. */
const UPSTREAM_LIMIT = /^(x-)?ratelimit(-|$)/;

function connectionTokens(headers: IncomingHttpHeaders | Record<string, unknown>): Set<string> {
  const raw = headers.connection;
  const list = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '';
  return new Set(
    list
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

export interface ForwardContext {
  requestId: string;
  clientIp: string;
  host: string | undefined;
  proto: string;
  principal: string;
}

/** Request headers for the upstream: hop-by-hop and credentials stripped, request id and forwarding set. */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  ctx: ForwardContext,
): Record<string, string | string[]> {
  const named = connectionTokens(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (
      value === undefined ||
      HOP_BY_HOP.has(n) ||
      named.has(n) ||
      CLIENT_ONLY.has(n) ||
      GATEWAY_OWNED.test(n)
    )
      continue;
    out[n] = value;
  }
  out['x-request-id'] = ctx.requestId;
  out['x-forwarded-for'] = ctx.clientIp;
  out['x-forwarded-proto'] = ctx.proto;
  if (ctx.host) out['x-forwarded-host'] = ctx.host;
  out['x-zakupai-principal'] = encodeURIComponent(ctx.principal);
  return out;
}

/** Response headers for the client: hop-by-hop and the upstream's own limit headers stripped. */
export function clientResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const named = connectionTokens(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (
      value === undefined ||
      HOP_BY_HOP.has(n) ||
      named.has(n) ||
      UPSTREAM_LIMIT.test(n) ||
      n === 'x-request-id'
    )
      continue;
    out[n] = value;
  }
  return out;
}
