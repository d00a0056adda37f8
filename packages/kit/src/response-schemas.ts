import { Type, type TSchema } from 'typebox';
import type { RouteOptions } from 'fastify';

/** The uniform error body (SPEC.md, Services), as every non-2xx answer of every service carries it. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ pattern: '^ZAK_[A-Z0-9_]+$' }),
        message: Type.String(),
        requestId: Type.String(),
        field: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'The uniform error body' },
);

/** Error responses documented on every route that declares its success body. */
export const errorResponses: Record<string, TSchema> = { '4xx': ErrorBody, '5xx': ErrorBody };

/**
 * An `onRoute` hook: a visible route that declares a response schema also documents the uniform error body for
 * 4xx and 5xx, so a route schema file names only its success bodies and `/openapi.json` describes every answer.
 */
export function documentErrorResponses(route: RouteOptions): void {
  const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
  if (!schema?.response || schema.hide) return;
  schema.response = { ...errorResponses, ...schema.response };
}

/**
 * Response schemas document; they never rewrite. A schema-driven serializer drops fields the schema lacks and
 * coerces wrong types (null → "", "x" → 0), which would hide exactly the drift the contract tests and the fuzz
 * run look for. Bodies are written with JSON.stringify, as they are on routes without a response schema.
 */
export function plainJsonSerializer(): (data: unknown) => string {
  return (data) => JSON.stringify(data);
}

declare module 'fastify' {
  interface FastifySchema {
    /** The route reads a missing body as `{}`: `/openapi.json` then marks its request body as not required. */
    'x-body-optional'?: boolean;
  }
}

type OpenApiDoc = {
  paths?: Record<string, Record<string, { requestBody?: { required?: boolean } } & Record<string, unknown>>>;
};

/**
 * `@fastify/swagger` marks every declared body as required; a route flagged `x-body-optional` (it accepts an
 * empty POST and applies the defaults) gets `requestBody.required: false`, so the document says what it does.
 */
export function markOptionalBodies<T>(doc: T): T {
  for (const ops of Object.values((doc as OpenApiDoc).paths ?? {})) {
    for (const op of Object.values(ops)) {
      if (!op || typeof op !== 'object' || !op['x-body-optional']) continue;
      if (op.requestBody) op.requestBody.required = false;
      delete op['x-body-optional'];
    }
  }
  return doc;
}
