import type { TokenMode } from './render-config.ts';

/** `0.25.0`, `v0.27.0`, `alertmanager, version 0.25.0 (revision …)` → [0, 25, 0]; undefined when none is found. */
export function parseAlertmanagerVersion(text: string): [number, number, number] | undefined {
  const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** `bot_token_file` exists from Alertmanager 0.26; 0.25 refuses to load a config that has it. */
export function tokenModeFor(version: readonly [number, number, number]): TokenMode {
  const [major, minor] = version;
  return major > 0 || minor >= 26 ? 'file' : 'inline';
}
