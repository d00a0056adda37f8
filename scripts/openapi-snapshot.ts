import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { RawEnv, RunningService } from '@zakupai/kit';
import { ensureDevSecrets } from '@zakupai/secrets';

type Start = (env: RawEnv, options?: { destination?: Writable }) => Promise<RunningService>;

export const SERVICES: Record<string, () => Promise<{ start: Start }>> = {
  calc: () => import('@zakupai/calc'),
  risk: () => import('@zakupai/risk'),
  etl: () => import('@zakupai/etl'),
  billing: () => import('@zakupai/billing'),
  gateway: () => import('@zakupai/gateway'),
};

/**
 * Each service's OpenAPI document as its real composition root serves it: started with generated dev secrets
 * and a throwaway embedded database on free ports, asked for `/openapi.json`, stopped.
 */
export async function openapiDocuments(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-openapi-'));
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  try {
    const dev = await ensureDevSecrets(dir);
    const env = {
      ZAKUPAI_SECRETS_FILE: dev.file,
      PORT: '0',
      METRICS_PORT: '0',
      ETL_SCHEDULE: 'off',
      LOG_LEVEL: 'warn',
    };
    const out: Record<string, string> = {};
    for (const [name, load] of Object.entries(SERVICES)) {
      const { start } = await load();
      const svc = await start(env, { destination: quiet });
      try {
        const doc = await (await fetch(`${svc.url}/openapi.json`)).json();
        out[name] = `${JSON.stringify(doc, null, 2)}\n`;
      } finally {
        await svc.stop();
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
