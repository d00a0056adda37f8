import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';

/**
 * STAND-IN for the risk service's metrics port, until the end-to-end test drives the real risk service
 * (lead: replace this with services/risk started on loopback, and push the ratio over 10 by scoring dumping lots).
 * Serves the contract names from SPEC.md (`anti_dumping_ratio`, `anti_dumping_violations_total`,
 * `lots_analyzed_total`, `risk_assessments_total{risk_level}`) on 127.0.0.1, and lets the test move the ratio.
 */
export interface StubRiskExporter {
  /** `host:port`, the Prometheus target (and the alert's `instance` label). */
  readonly target: string;
  /** Sets the gauge directly, like the service's rolling-window computation would. */
  setRatio(ratio: number): void;
  /** Records analysed lots, `violations` of them below the anti-dumping threshold. */
  analyse(lots: number, violations: number): void;
  close(): Promise<void>;
}

export async function startStubRiskExporter(initialRatio = 0): Promise<StubRiskExporter> {
  const registry = new Registry();
  const ratio = new Gauge({
    name: 'anti_dumping_ratio',
    help: 'Anti-dumping violations per 100 lots analysed in the rolling window',
    registers: [registry],
  });
  const violations = new Counter({
    name: 'anti_dumping_violations_total',
    help: 'Anti-dumping violations',
    registers: [registry],
  });
  const lots = new Counter({ name: 'lots_analyzed_total', help: 'Lots analysed', registers: [registry] });
  const assessments = new Counter({
    name: 'risk_assessments_total',
    help: 'Risk assessments by level',
    labelNames: ['risk_level'],
    registers: [registry],
  });
  ratio.set(initialRatio);
  for (const level of ['low', 'medium', 'high']) assessments.inc({ risk_level: level }, 0);
  violations.inc(0);
  lots.inc(0);

  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    void registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    setRatio: (v) => ratio.set(v),
    analyse(n, v) {
      lots.inc(n);
      violations.inc(v);
      assessments.inc({ risk_level: v > 0 ? 'high' : 'low' }, n);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
