#!/usr/bin/env node
// `npm run fuzz [-- vitest args]`: the fuzz suite (tests/fuzz) with 10,000 cases per family and a
// fresh random seed, printed first so any failure replays with FUZZ_SEED=<seed> npm run fuzz.
// FUZZ_CASES, FUZZ_SEED, FUZZ_FROM, FUZZ_FAMILY and FUZZ_CASE_MS are passed through (see tests/fuzz/harness.ts).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.FUZZ_CASES ||= '10000';
env.FUZZ_SEED ||= String(randomInt(1, 2 ** 32 - 1));
env.FUZZ_VERBOSE ||= '1';
const family = env.FUZZ_FAMILY ? ` FUZZ_FAMILY=${env.FUZZ_FAMILY}` : '';
console.log(`[fuzz] FUZZ_SEED=${env.FUZZ_SEED} FUZZ_CASES=${env.FUZZ_CASES}${family}`);
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync(process.execPath, [vitest, 'run', 'tests/fuzz', ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: root });
process.exit(r.status ?? 1);
