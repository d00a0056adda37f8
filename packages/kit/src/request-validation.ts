import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { ZakError } from '@zakupai/errors';

const COMMON: Options = {
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  addUsedSchema: false,
};

/**
 * Request validation. URL parts (querystring, params, headers) arrive as text, so their values are coerced to the
 * declared types ("20" → 20, one value → a one-item array). JSON bodies arrive typed and are never coerced: a
 * coercing validator reads `null` as 0 and `false` as "false", so a request the client did not mean (a rotation
 * with `"overlapSeconds": null` cut the old key off at once) was accepted instead of refused.
 */
export function requestValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const text = new Ajv({ ...COMMON, coerceTypes: 'array' });
  const json = new Ajv({ ...COMMON, coerceTypes: false });
  addFormats.default(text);
  addFormats.default(json);
  return ({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema as object);
}

const NUL = '\u0000';

/**
 * The first place (`body.lots.0.item.code`) where a string value or an object key contains U+0000, or undefined.
 * Iterative, so a deeply nested hostile body cannot overflow the stack.
 */
export function nulCharacterAt(value: unknown, root: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes(NUL)) return path;
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return undefined;
}

/**
 * Refuses U+0000 in a validated request's body, querystring and params, naming the field. PostgreSQL text and
 * jsonb cannot hold it, so it would otherwise fail deep in a query as a 500; no field of this API needs it.
 */
export async function rejectNulCharacters(req: {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}): Promise<void> {
  const at =
    nulCharacterAt(req.params, 'params') ??
    nulCharacterAt(req.query, 'querystring') ??
    nulCharacterAt(req.body, 'body');
  if (at)
    throw new ZakError('ZAK_VALIDATION', 'validation', `${at} must not contain the NUL character`, {
      field: at,
    });
}
