import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAlertmanagerVersion } from './version.ts';

const run = promisify(execFile);
export type Version = [number, number, number];

/** Asks a running Alertmanager (`GET /api/v2/status` → versionInfo.version). Undefined when it does not answer. */
export async function versionFromApi(baseUrl: string): Promise<Version | undefined> {
  try {
    const res = await fetch(new URL('api/v2/status', baseUrl.replace(/\/?$/, '/')), {
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { versionInfo?: { version?: string } };
    return parseAlertmanagerVersion(body.versionInfo?.version ?? '');
  } catch {
    return undefined;
  }
}

/** Runs a local `alertmanager` / `prometheus-alertmanager` (Debian) `--version`. Undefined when neither runs. */
export async function versionFromBinary(): Promise<Version | undefined> {
  for (const bin of ['alertmanager', 'prometheus-alertmanager']) {
    try {
      const { stdout, stderr } = await run(bin, ['--version'], { timeout: 5000 });
      const v = parseAlertmanagerVersion(stdout + stderr);
      if (v) return v;
    } catch {
      /* not installed */
    }
  }
  return undefined;
}
