/** Almaty time, in which the portal writes its naive timestamps (UTC+5 since 1 March 2024). */
const PORTAL_OFFSET_MS = 5 * 3_600_000;

/** A moment as the portal's `YYYY-MM-DD HH:MM:SS` local time, for GraphQL date filters. */
export function portalTime(at: Date): string {
  return new Date(at.getTime() + PORTAL_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `--since 2024-05-01` or `2024-05-01 10:00:00` as the filter value; null when it is not a date. */
export function parseSince(v: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(v.trim());
  if (!m) return null;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  const s = `${m[1]} ${time}`;
  return Number.isNaN(Date.parse(s.replace(' ', 'T') + 'Z')) ? null : s;
}
