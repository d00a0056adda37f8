#!/usr/bin/env node
// `npm run test:chaos`: the chaos suite (test/chaos) with rounds of faults for CHAOS_DURATION (default 10m), then
// the leak audit over everything it captured. CI runs the same file with one round (CHAOS_DURATION unset).
// Optional: CHAOS_RECORDS_FILE=path writes every request as a JSON line.
import { spawn } from 'node:child_process';

const env = { ...process.env, CHAOS_DURATION: process.env.CHAOS_DURATION || '10m' };
const child = spawn(process.execPath, ['scripts/run-tests.mjs', 'test/chaos/'], { stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
