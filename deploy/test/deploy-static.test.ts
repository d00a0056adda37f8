import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { REQUIRED_DOCKERIGNORE, checkCompose, checkDockerfile, type ComposeFile } from './deploy-checks.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const composeDir = join(repoRoot, 'deploy', 'compose');
const APP_SERVICES = ['calc', 'risk', 'etl', 'billing', 'gateway'] as const;
const opts = { dir: composeDir, repoRoot, publicService: 'gateway', appServices: APP_SERVICES };
const load = (file: string) =>
  parse(readFileSync(join(composeDir, file), 'utf8'), { merge: true }) as ComposeFile;
const base = load('compose.yaml');
const monitoring = load('docker-compose.override.monitoring.yml');

function dockerfiles(dir = repoRoot): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.git')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...dockerfiles(p));
    else if (/^Dockerfile(\..+)?$|\.Dockerfile$/.test(name)) out.push(p);
  }
  return out;
}

describe('deploy artifacts (static)', () => {
  it('compose.yaml passes every check', () => {
    assert.deepEqual(checkCompose(base, opts), []);
  });

  it('the monitoring override passes every check', () => {
    assert.deepEqual(checkCompose(monitoring, opts), []);
  });

  it('has the services the spec names, Vault 1.17 on file storage, and the bootstrap job', () => {
    const all = { ...base.services, ...monitoring.services };
    for (const s of [
      'vault',
      'vault-bootstrap',
      'postgres',
      'redis',
      ...APP_SERVICES,
      'prometheus',
      'alertmanager',
      'alertmanager-render',
      'grafana',
    ]) {
      assert.ok(all[s], `service ${s}`);
    }
    assert.equal(all.vault!.image, 'hashicorp/vault:1.17');
    assert.match(readFileSync(join(repoRoot, 'deploy/vault/config.hcl'), 'utf8'), /storage "file"/);
    assert.match(readFileSync(join(repoRoot, 'deploy/vault/config.tls.hcl'), 'utf8'), /tls_cert_file/);
    assert.deepEqual((all['vault-bootstrap']!.command as string[]).slice(1, 4), [
      'bin/zakupai.mjs',
      'vault',
      'bootstrap',
    ]);
    assert.ok((all['alertmanager-render']!.command as string[]).includes('render'));
    const published = Object.entries(all)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([n]) => n);
    assert.deepEqual(published.sort(), ['gateway', 'grafana']);
  });

  it('every Dockerfile passes every check', () => {
    const files = dockerfiles();
    assert.ok(files.length >= 1, 'at least deploy/docker/Dockerfile');
    for (const f of files) assert.deepEqual(checkDockerfile(readFileSync(f, 'utf8'), repoRoot), [], f);
  });

  it('.dockerignore excludes every .env*, *.pem, secrets/, .zakupai/ and node_modules', () => {
    const lines = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const p of REQUIRED_DOCKERIGNORE) assert.ok(lines.includes(p), p);
    assert.ok(
      !lines.some((l) => l.startsWith('!') && /env|pem|secret/.test(l)),
      'no re-inclusion of secrets',
    );
  });

  describe('the checks catch what they are for', () => {
    const df = (body: string) =>
      `ARG NODE_IMAGE=node:24-bookworm-slim\nFROM \${NODE_IMAGE} AS a\nFROM \${NODE_IMAGE}\n${body}\nUSER app\n`;
    it('a Dockerfile that copies .env, or carries a secret in ENV or ARG', () => {
      assert.match(checkDockerfile(df('COPY .env .'), repoRoot).join('\n'), /copies \.env/);
      assert.match(
        checkDockerfile(df('COPY config/.env.production /app/'), repoRoot).join('\n'),
        /secret-looking file/,
      );
      assert.match(
        checkDockerfile(df('ENV DATABASE_PASSWORD=x'), repoRoot).join('\n'),
        /DATABASE_PASSWORD looks like a secret/,
      );
      assert.match(
        checkDockerfile(df('ARG GOSZAKUP_TOKEN'), repoRoot).join('\n'),
        /GOSZAKUP_TOKEN looks like a secret/,
      );
      assert.match(
        checkDockerfile(df('ENV X=hvs.CAESIJ0123456789abcdef'), repoRoot).join('\n'),
        /secret-looking value/,
      );
      assert.match(
        checkDockerfile(df('ENV DB=postgres://u:pw@db/x'), repoRoot).join('\n'),
        /secret-looking value/,
      );
      assert.match(
        checkDockerfile(df('COPY no/such/file /app/'), repoRoot).join('\n'),
        /does not exist in the build context/,
      );
      assert.deepEqual(checkDockerfile(df('ENV VAULT_TOKEN_FILE=/run/secrets/t'), repoRoot), []);
    });
    it('a Dockerfile that runs as root, is single-stage, or is not Node 24', () => {
      assert.match(
        checkDockerfile('FROM node:24-slim\nUSER root\n', repoRoot).join('\n'),
        /multi-stage[\s\S]*runs as root/,
      );
      assert.match(
        checkDockerfile('FROM node:20 AS a\nFROM node:20\nUSER app\n', repoRoot).join('\n'),
        /not Node 24/,
      );
    });
    it('a compose file with an .env, a secret in environment, no healthcheck, or a missing file', () => {
      const bad: ComposeFile = {
        services: {
          calc: {
            env_file: ['.env'],
            environment: { DATABASE_URL: 'postgres://u:p@db/x', VAULT_TOKEN: 'x' },
            volumes: ['./nope.hcl:/x:ro'],
            ports: ['7001:7001'],
          },
          grafana: { ports: ['3000:3000'], healthcheck: { test: ['CMD', 'x', 'y'] } },
          once: { healthcheck: { disable: true } },
        },
        secrets: { s: { file: './secrets/token' } },
      };
      const p = checkCompose(bad, opts).join('\n');
      for (const re of [
        /calc: env_file is not allowed/,
        /calc: environment DATABASE_URL looks like a secret/,
        /calc: environment DATABASE_URL has a secret-looking value/,
        /calc: environment VAULT_TOKEN looks like a secret/,
        /calc: no healthcheck/,
        /calc: bind mount source \.\/nope\.hcl does not exist/,
        /calc: an internal service publishes 7001:7001/,
        /calc: AppRole credentials must be/,
        /grafana: publishes 3000:3000 beyond loopback/,
        /once: healthcheck disabled on a long-running service/,
        /secret s: file \.\/secrets\/token does not exist/,
      ]) {
        assert.match(p, re);
      }
    });
  });
});
