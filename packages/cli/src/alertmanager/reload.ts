/** `POST /-/reload` on Alertmanager (needs no flag). Rejects with the status and Alertmanager's reason. */
export async function reloadAlertmanager(baseUrl: string): Promise<void> {
  const res = await fetch(new URL('-/reload', baseUrl.replace(/\/?$/, '/')), {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`alertmanager reload failed: ${res.status} ${text.split('\n')[0]}`);
}
