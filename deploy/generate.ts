// Regenerates every generated artifact under deploy/: the production alert rules and the Grafana dashboards.
// `npx tsx deploy/generate.ts` writes them; `--check` writes nothing and exits 1 naming each file that differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generatedFiles } from './generated-files.ts';

const check = process.argv.includes('--check');
let drift = 0;
for (const { path, content } of generatedFiles()) {
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) continue;
  if (check) {
    drift++;
    console.error(`out of date: ${relative(process.cwd(), path)}`);
  } else {
    writeFileSync(path, content);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
}
process.exitCode = drift > 0 ? 1 : 0;
