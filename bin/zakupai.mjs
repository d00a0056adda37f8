#!/usr/bin/env node
// The `zakupai` CLI. TypeScript sources run through tsx's loader; no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../packages/cli/src/main.ts');
const ac = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => ac.abort());
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: ac.signal,
});
process.exitCode = code;
