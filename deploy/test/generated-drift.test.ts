import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { dashboards } from '../grafana/src/dashboards.ts';
import { PROMETHEUS } from '../grafana/src/panels.ts';
import { generatedFiles } from '../generated-files.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('generated artifacts', () => {
  it('regenerating the rules and dashboards gives no diff', () => {
    const drift = generatedFiles()
      .filter(({ path, content }) => readFileSync(path, 'utf8') !== content)
      .map(({ path }) => relative(repoRoot, path));
    assert.deepEqual(drift, [], 'run `npx tsx deploy/generate.ts` and commit the result');
  });

  it('generate.ts --check exits 0 and prints nothing', async () => {
    const run = promisify(execFile);
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'deploy/generate.ts', '--check'],
      { cwd: repoRoot },
    );
    assert.equal(stdout + stderr, '');
  });

  it('dashboards use the provisioned datasource, unique panel ids, and are provisioned from the right folder', () => {
    const ds = parse(
      readFileSync(`${repoRoot}deploy/grafana/provisioning/datasources/prometheus.yml`, 'utf8'),
    ) as {
      datasources: { uid: string; type: string }[];
    };
    assert.deepEqual(
      ds.datasources.map((d) => [d.uid, d.type]),
      [[PROMETHEUS.uid, PROMETHEUS.type]],
    );
    const uids = new Set<string>();
    for (const [file, d] of Object.entries(dashboards())) {
      assert.ok(d.uid && !uids.has(d.uid), `${file} uid`);
      uids.add(d.uid);
      const panels = d.panels ?? [];
      assert.equal(new Set(panels.map((p) => p.id)).size, panels.length, `${file} panel ids unique`);
      for (const p of panels) {
        if (p.type === 'row') continue;
        assert.deepEqual((p as { datasource?: unknown }).datasource, PROMETHEUS, `${file} › ${p.title}`);
      }
    }
    assert.deepEqual([...uids].sort(), ['zakupai-business', 'zakupai-platform']);
  });
});
