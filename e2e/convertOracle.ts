/**
 * The project's Python oracle (tests/convert/oracle/oracle.py: real torch, h5py, numpy) for files
 * the browser downloaded. Skips, with the reason, where Debian's python3 lacks them.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO } from './helpers';

const PYTHON = process.env.WB_ORACLE_PYTHON ?? '/usr/bin/python3';
const ORACLE = resolve(REPO, 'tests/convert/oracle/oracle.py');

function probe(): string | null {
  const r = spawnSync(PYTHON, [ORACLE, 'check-env'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `${PYTHON} is not available (${r.error?.message ?? r.stderr.trim()})`;
  const j = JSON.parse(r.stdout) as { ok: boolean; why?: string };
  return j.ok ? null : `${PYTHON} lacks torch/h5py/numpy (${j.why})`;
}

/** null when the oracle can run, else why not. */
export const ORACLE_MISSING = probe();

export function oracle<T = Record<string, unknown>>(cmd: string, ...args: string[]): T {
  const r = spawnSync(PYTHON, [ORACLE, cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`oracle ${cmd} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
