import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Static checks of the deploy artifacts, as pure functions returning problems (empty = fine), so the test can show
 * both that the committed files pass and that each check catches what it is meant to catch.
 */

/** Names that hold a secret when set directly; the `<NAME>_FILE` form (a path) is the accepted one. */
const SECRET_NAME =
  /(PASSWORD|PASSWD|TOKEN|SECRET|PEPPER|PRIVATE|API_?KEY|CREDENTIAL|ROLE_ID|DATABASE_URL|REDIS_URL|JWT)/i;
/** Values that look like a secret whatever the name: Vault tokens, bot tokens, keys, URLs with a password. */
const SECRET_VALUE = [
  /\bhv[sbr]\.[A-Za-z0-9_-]{10,}/,
  /\b\d{6,}:[A-Za-z0-9_-]{30,}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY/,
  /:\/\/[^/\s:@]+:[^/\s@]+@/,
];

export const isSecretName = (name: string) => SECRET_NAME.test(name) && !/_FILE$/.test(name);
export const isSecretValue = (value: string) => SECRET_VALUE.some((r) => r.test(value));
const SECRET_PATH = /(^|\/)\.env($|[./])|\.pem$|\.key$|(^|\/)secrets(\/|$)|(^|\/)\.zakupai(\/|$)/;

// ---------------------------------------------------------------- compose

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  environment?: Record<string, unknown> | string[];
  env_file?: unknown;
  volumes?: (
    | string
    | { type?: string; source?: string; target?: string; read_only?: boolean; volume?: { subpath?: string } }
  )[];
  ports?: (string | number | { published?: string | number; host_ip?: string })[];
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  secrets?: unknown[];
  command?: unknown;
}
export interface ComposeFile {
  services?: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; environment?: string; external?: boolean }>;
}

export interface ComposeCheckOptions {
  /** Directory of the compose file: relative paths resolve against it. */
  dir: string;
  /** Repository root: in-image paths under /app map to it (the image copies the repository to /app). */
  repoRoot: string;
  /** The only service allowed to publish a port on all interfaces. */
  publicService: string;
  /** App services that must get their AppRole credentials as a read-only volume subpath named after them. */
  appServices: readonly string[];
}

function envEntries(env: ComposeService['environment']): [string, string][] {
  if (!env) return [];
  if (Array.isArray(env))
    return env.map((e) => [e.split('=')[0]!, e.includes('=') ? e.slice(e.indexOf('=') + 1) : '']);
  return Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]);
}

export function checkCompose(doc: ComposeFile, o: ComposeCheckOptions): string[] {
  const problems: string[] = [];
  const exists = (p: string) => existsSync(isAbsolute(p) ? p : resolve(o.dir, p));
  for (const [name, s] of Object.entries(doc.services ?? {})) {
    const at = `service ${name}`;
    if (s.env_file !== undefined) problems.push(`${at}: env_file is not allowed (secrets come from Vault)`);
    for (const [k, v] of envEntries(s.environment)) {
      if (isSecretName(k))
        problems.push(`${at}: environment ${k} looks like a secret; pass a file (${k}_FILE)`);
      if (isSecretValue(v)) problems.push(`${at}: environment ${k} has a secret-looking value`);
      if (/_FILE$/.test(k) && !v.startsWith('/'))
        problems.push(`${at}: ${k} must be an absolute in-container path`);
    }
    const hc = s.healthcheck;
    if (!hc) problems.push(`${at}: no healthcheck`);
    else if (hc.disable && s.restart !== 'no')
      problems.push(`${at}: healthcheck disabled on a long-running service`);
    else if (!hc.disable && !(Array.isArray(hc.test) && hc.test.length > 1) && typeof hc.test !== 'string') {
      problems.push(`${at}: healthcheck without a test`);
    }
    // in-image paths the healthcheck or command run must exist in the repository (the image is the repository)
    for (const arg of [hc?.test, s.command].flat().filter((x): x is string => typeof x === 'string')) {
      if (/^(deploy|bin|services|packages)\//.test(arg) && !existsSync(join(o.repoRoot, arg))) {
        problems.push(`${at}: ${arg} does not exist in the repository`);
      }
    }
    if (s.build) {
      const b = typeof s.build === 'string' ? { context: s.build } : s.build;
      const ctx = resolve(o.dir, b.context ?? '.');
      if (!existsSync(ctx)) problems.push(`${at}: build context ${b.context} does not exist`);
      const df = join(ctx, b.dockerfile ?? 'Dockerfile');
      if (!existsSync(df)) problems.push(`${at}: Dockerfile ${b.dockerfile ?? 'Dockerfile'} does not exist`);
      const args = Array.isArray(b.args) ? b.args.map((a) => a.split('=')) : Object.entries(b.args ?? {});
      for (const [k, v = ''] of args) {
        if (isSecretName(k!) || isSecretValue(String(v)))
          problems.push(`${at}: build arg ${k} looks like a secret`);
      }
    }
    for (const v of s.volumes ?? []) {
      const src = typeof v === 'string' ? v.split(':')[0]! : v.type === 'bind' ? (v.source ?? '') : '';
      if (src.startsWith('.') || src.startsWith('/')) {
        if (!exists(src)) problems.push(`${at}: bind mount source ${src} does not exist`);
        if (SECRET_PATH.test(src)) problems.push(`${at}: bind mount ${src} looks like a secret file`);
      }
    }
    for (const p of s.ports ?? []) {
      const text = typeof p === 'object' ? `${p.host_ip ?? ''}:${p.published ?? ''}` : String(p);
      const loopback = text.startsWith('127.0.0.1:') || text.startsWith('[::1]:');
      if (name !== o.publicService && !loopback) problems.push(`${at}: publishes ${text} beyond loopback`);
      if (o.appServices.includes(name) && name !== o.publicService)
        problems.push(`${at}: an internal service publishes ${text}`);
    }
    if (o.appServices.includes(name)) {
      const cred = (s.volumes ?? []).find(
        (v) => typeof v === 'object' && v.target === '/run/zakupai/approle',
      );
      if (!cred || typeof cred !== 'object' || !cred.read_only || cred.volume?.subpath !== name) {
        problems.push(
          `${at}: AppRole credentials must be the read-only subpath ${name} of a volume at /run/zakupai/approle`,
        );
      }
    }
  }
  for (const [name, sec] of Object.entries(doc.secrets ?? {})) {
    if (sec.file !== undefined) {
      if (!exists(sec.file)) problems.push(`secret ${name}: file ${sec.file} does not exist`);
      else problems.push(`secret ${name}: a secret file inside the repository (${sec.file})`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- Dockerfile

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

/** Instructions of a Dockerfile, with `\` continuations joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    const start = i + 1;
    if (/^\s*(#|$)/.test(l)) continue;
    while (/\\\s*$/.test(l) && i + 1 < lines.length) {
      l = l.replace(/\\\s*$/, ' ') + lines[++i]!.replace(/^\s*#.*$/, '');
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(l);
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start });
  }
  return out;
}

function keyValues(args: string): [string, string][] {
  // ENV a=b c=d | ENV a b | ARG a | ARG a=b
  if (!args.includes('=')) {
    const [k, ...rest] = args.split(/\s+/);
    return [[k!, rest.join(' ')]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|\S*))?/g)].map((m) => [
    m[1]!,
    (m[2] ?? '').replace(/^"|"$/g, ''),
  ]);
}

export function checkDockerfile(text: string, contextRoot: string): string[] {
  const problems: string[] = [];
  const ins = parseDockerfile(text);
  const froms = ins.filter((i) => i.op === 'FROM');
  if (froms.length < 2) problems.push('not a multi-stage build');
  const args = new Map<string, string>();
  for (const i of ins) {
    const at = `line ${i.line}: ${i.op}`;
    if (i.op === 'ENV' || i.op === 'ARG') {
      for (const [k, v] of keyValues(i.args)) {
        if (i.op === 'ARG') args.set(k, v);
        if (isSecretName(k)) problems.push(`${at} ${k} looks like a secret`);
        if (isSecretValue(v)) problems.push(`${at} ${k} has a secret-looking value`);
      }
    }
    if (i.op === 'COPY' || i.op === 'ADD') {
      const parts = i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/);
      const fromStage = parts.some((p) => p.startsWith('--from='));
      const paths = parts.filter((p) => !p.startsWith('--'));
      for (const src of paths.slice(0, -1)) {
        if (SECRET_PATH.test(src)) problems.push(`${at} copies ${src}, a secret-looking file`);
        if (!fromStage && src !== '.' && !/[*?]/.test(src) && !existsSync(join(contextRoot, src))) {
          problems.push(`${at} ${src} does not exist in the build context`);
        }
      }
    }
    if (i.op === 'RUN' && /\.env\b/.test(i.args)) problems.push(`${at} touches a .env file`);
  }
  // the final stage: Node 24, and a non-root USER
  const lastFrom = froms.at(-1);
  const finalStage = ins.slice(lastFrom ? ins.indexOf(lastFrom) : 0);
  const image = (lastFrom?.args.split(/\s+/)[0] ?? '').replace(
    /^\$\{?(\w+)\}?$/,
    (_, n: string) => args.get(n) ?? '',
  );
  if (!/^node:24([.-]|$)/.test(image)) problems.push(`final stage is ${image || 'unknown'}, not Node 24`);
  const user = finalStage.filter((i) => i.op === 'USER').at(-1)?.args;
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push('the final stage runs as root (no non-root USER)');
  return problems;
}

/** Patterns .dockerignore must contain so no secret or local state reaches a build context. */
export const REQUIRED_DOCKERIGNORE = [
  '**/.env*',
  '**/*.pem',
  '**/secrets/',
  '**/.zakupai/',
  '**/node_modules/',
];
