import { fileURLToPath } from 'node:url';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { businessDashboard } from './business-dashboard.ts';
import { platformDashboard } from './platform-dashboard.ts';

const DASHBOARD_DIR = new URL('../dashboards/', import.meta.url);

/** Every dashboard by its committed file name (under deploy/grafana/dashboards/). */
export function dashboards(): Record<string, Dashboard> {
  return {
    'zakupai-business.json': withPanelIds(businessDashboard()),
    'zakupai-platform.json': withPanelIds(platformDashboard()),
  };
}

/** Grafana links, embeds and alerts address panels by id: give each one (rows included) a unique, stable id. */
function withPanelIds(d: Dashboard): Dashboard {
  (d.panels ?? []).forEach((p, i) => {
    p.id = i + 1;
  });
  return d;
}

/** The committed JSON of each dashboard (stable: two-space indent, trailing newline). */
export function dashboardFiles(): { path: string; content: string }[] {
  return Object.entries(dashboards()).map(([name, d]) => ({
    path: fileURLToPath(new URL(name, DASHBOARD_DIR)),
    content: `${JSON.stringify(d, null, 2)}\n`,
  }));
}
