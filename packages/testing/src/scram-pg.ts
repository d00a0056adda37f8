import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

/** The installed server binaries (Debian keeps them outside PATH). */
export function pgBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  return undefined;
}

async function postgresOwner(): Promise<{ uid: number; gid: number }> {
  const [u, g] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export interface ScramPostgres {
  port: number;
  /** A URL for `user` with `password` on database `app`. */
  urlFor(user: string, password: string): string;
  /** Runs SQL as the superuser (over the cluster's private unix socket, so no password is needed). */
  admin(sql: string): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: sessions are cut), stays down `downMs`, and starts it again. */
  restart(downMs?: number): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster that really checks passwords (scram-sha-256 on TCP), unlike the machine's
 * trust-auth server. Runs as the `postgres` OS user when started as root, as initdb requires.
 */
export async function startScramPostgres(): Promise<ScramPostgres> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'zk-scram-pg-'));
  const data = join(dir, 'data');
  const sock = join(dir, 'sock');
  const asRoot = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  const owner = asRoot ? await postgresOwner() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  await as('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    `listen_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${sock}'\nfsync = off\n`,
  );
  mkdirSync(sock);
  if (owner) {
    chownSync(join(data, 'postgresql.auto.conf'), owner.uid, owner.gid);
    chownSync(sock, owner.uid, owner.gid);
  }
  const start = () => as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  const admin = async (sql: string) => {
    const c = new pg.Client({ host: sock, port, user: 'postgres', database: 'postgres' });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin('CREATE DATABASE app');
  return {
    port,
    urlFor: (user, password) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/app`,
    admin,
    async stop() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
  };
}
