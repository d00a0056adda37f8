import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { configError, validationError } from '@zakupai/errors';
import {
  BillingAdminClient,
  mintAdminToken,
  tokenPolicyFromEnv,
  type KeyView,
} from '@zakupai/billing/client';
import type { CliIo, Command } from '../io.ts';

/**
 * `zakupai keys create|list|revoke`: API keys through billing's admin API (BILLING_URL, default
 * http://127.0.0.1:7004), never the database directly: the running billing service owns the rows, and dev
 * mode's embedded database can be open in one process only.
 *
 * The admin token comes from, in order: ZAKUPAI_ADMIN_TOKEN_FILE (a JWT with scope zakupai:admin),
 * ZAKUPAI_ADMIN_TOKEN, ZAKUPAI_ADMIN_JWK_FILE (a private JWK whose public half is in JWT_PUBLIC_KEYS; a
 * 5-minute token is minted), or dev mode's `.zakupai/dev-jwt-private.json`. Tokens are never taken from argv.
 */
const usage = `usage:
  zakupai keys create --owner OWNER [--plan free|premium|…] [--label TEXT] [--expires ISO-8601] [--json]
  zakupai keys list [--prefix zk_live_…] [--owner OWNER] [--all] [--limit N] [--json]
  zakupai keys revoke ID|PREFIX [--json]
`;

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw configError('ZAK_CLI_FILE_UNREADABLE', `${what} ${path} cannot be read`);
  }
}

async function adminToken(io: CliIo): Promise<string> {
  const env = io.env;
  if (env.ZAKUPAI_ADMIN_TOKEN_FILE) return read(env.ZAKUPAI_ADMIN_TOKEN_FILE, 'ZAKUPAI_ADMIN_TOKEN_FILE');
  if (env.ZAKUPAI_ADMIN_TOKEN) return env.ZAKUPAI_ADMIN_TOKEN.trim();
  const devKey = join(io.cwd, '.zakupai', 'dev-jwt-private.json');
  const jwkFile = env.ZAKUPAI_ADMIN_JWK_FILE || (existsSync(devKey) ? devKey : undefined);
  if (jwkFile) {
    let user = 'operator';
    try {
      user = userInfo().username;
    } catch {
      /* no passwd entry */
    }
    return mintAdminToken(read(jwkFile, 'admin signing key'), tokenPolicyFromEnv(env), `cli:${user}`);
  }
  throw configError(
    'ZAK_CLI_NO_ADMIN_TOKEN',
    'no admin credentials: set ZAKUPAI_ADMIN_TOKEN_FILE (a JWT with scope zakupai:admin) or ZAKUPAI_ADMIN_JWK_FILE (a private signing JWK)',
  );
}

type Values = Record<string, string | boolean | undefined>;

function parse(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { ...options, json: { type: 'boolean' } },
    });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw validationError('argv', (e as Error).message);
  }
}

const line = (k: KeyView) =>
  [
    k.prefix,
    k.state,
    k.plan,
    k.owner,
    k.createdAt.slice(0, 19),
    k.expiresAt?.slice(0, 19) ?? '-',
    k.label ?? '',
  ].join('\t');
const HEADER = ['PREFIX', 'STATE', 'PLAN', 'OWNER', 'CREATED', 'EXPIRES', 'LABEL'].join('\t');

export const run: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  const client = async () =>
    new BillingAdminClient(io.env.BILLING_URL || 'http://127.0.0.1:7004', await adminToken(io));
  const out = (text: string) => io.stdout.write(`${text}\n`);

  if (sub === 'create') {
    const { values, positionals } = parse(rest, {
      owner: { type: 'string' },
      plan: { type: 'string', default: 'free' },
      label: { type: 'string' },
      expires: { type: 'string' },
    });
    if (positionals.length)
      throw validationError('argv', `unexpected argument ${JSON.stringify(positionals[0])}`);
    if (typeof values.owner !== 'string' || values.owner === '')
      throw validationError('--owner', '--owner is required');
    const k = await (
      await client()
    ).createKey({
      owner: values.owner,
      plan: String(values.plan),
      ...(typeof values.label === 'string' ? { label: values.label } : {}),
      ...(typeof values.expires === 'string' ? { expiresAt: values.expires } : {}),
    });
    if (values.json) out(JSON.stringify(k));
    else {
      out(k.key);
      io.stderr.write(`${k.prefix} (${k.plan}, owner ${k.owner}): ${k.notice}\n`);
    }
    return 0;
  }

  if (sub === 'list') {
    const { values, positionals } = parse(rest, {
      prefix: { type: 'string' },
      owner: { type: 'string' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
    });
    if (positionals.length)
      throw validationError('argv', `unexpected argument ${JSON.stringify(positionals[0])}`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
      throw validationError('--limit', '--limit must be an integer from 1 to 1000');
    }
    const keys = await (
      await client()
    ).listKeys({
      ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
      ...(typeof values.owner === 'string' ? { owner: values.owner } : {}),
      ...(values.all ? { includeInactive: true } : {}),
      ...(limit ? { limit } : {}),
    });
    if (values.json) out(JSON.stringify(keys));
    else {
      out(HEADER);
      keys.forEach((k) => out(line(k)));
    }
    return 0;
  }

  if (sub === 'revoke') {
    const { values, positionals } = parse(rest, {});
    if (positionals.length !== 1) throw validationError('argv', 'revoke takes one key id or prefix');
    const k = await (await client()).revokeKey(positionals[0]!);
    if (values.json) out(JSON.stringify(k));
    else out(`${k.prefix} revoked at ${k.revokedAt}`);
    return 0;
  }

  io.stderr.write(usage);
  return 2;
};
