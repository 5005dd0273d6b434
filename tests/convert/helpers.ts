import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectBytes, type Conversion } from '../../src/core/convert';
import { bytesSource } from '../../src/core/io/byteSource';
import { openModel } from '../../src/core/formats/registry';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { sha256Hex } from '../../src/core/model/hash';
import type { ModelDoc, TensorRef } from '../../src/core/model/types';
import { PROJECT_ROOT } from '../helpers/fixtures';

export { open, closeAll, MAP_FIXTURES } from '../mapping/helpers';

const run = promisify(execFile);
// Debian's python3 has torch 1.13, h5py and numpy (the pyenv python3 on PATH has no torch); overridable for other machines
const PYTHON = process.env.WB_ORACLE_PYTHON ?? '/usr/bin/python3';
const ORACLE = join(PROJECT_ROOT, 'tests', 'convert', 'oracle', 'oracle.py');

/** Whether Debian's python3 has torch, h5py and numpy: the oracle tests skip (with this reason) when not. */
function probe(): { ok: boolean; why: string } {
  const r = spawnSync(PYTHON, [ORACLE, 'check-env'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { ok: false, why: `${PYTHON} is not available (${r.error?.message ?? r.stderr.trim()})` };
  const j = JSON.parse(r.stdout) as { ok: boolean; why?: string };
  return j.ok ? { ok: true, why: '' } : { ok: false, why: `${PYTHON} lacks torch/h5py/numpy (${j.why})` };
}

const env = probe();
export const HAS_ORACLE = env.ok;
export const ORACLE_SKIP_REASON = `oracle checks skipped: ${env.why}`;
if (!HAS_ORACLE) console.warn(ORACLE_SKIP_REASON);

/** Runs one oracle command (tests/convert/oracle/oracle.py) and parses its JSON answer. */
export async function oracle<T = Record<string, unknown>>(cmd: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(PYTHON, [ORACLE, cmd, ...args], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as T;
}

export const TMP = mkdtempSync(join(tmpdir(), 'wb-convert-'));

/** Runs a conversion to the end and keeps its bytes (and a copy on disk for the oracle). */
export async function finish(c: Conversion, fileName = c.fileName): Promise<{ bytes: Uint8Array; path: string }> {
  const bytes = await collectBytes(c.parts);
  const path = join(TMP, fileName);
  writeFileSync(path, bytes);
  return { bytes, path };
}

const reopened: ModelDoc[] = [];

/** The project's own reader on converted bytes. */
export async function reopen(bytes: Uint8Array, name: string): Promise<ModelDoc> {
  const doc = await openModel(bytesSource(bytes, name));
  reopened.push(doc);
  return doc;
}

export function releaseReopened(): void {
  while (reopened.length) releaseKerasModel(reopened.pop()!);
}

export async function tensorSha(t: TensorRef): Promise<string> {
  return sha256Hex(await t.read());
}

/** name → sha256 of every tensor of a document. */
export async function shas(doc: ModelDoc, filter: (t: TensorRef) => boolean = () => true): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of doc.tensors.filter(filter)) out.set(t.name, await tensorSha(t));
  return out;
}

/** A document whose float tensors read negated: new values in the same shapes, for writing into a file of that shape. */
export function negated(doc: ModelDoc): ModelDoc {
  return {
    ...doc,
    fileName: `negated ${doc.fileName}`,
    tensors: doc.tensors.map((t) => (t.dtype !== 'float32' ? t : {
      ...t,
      read: async (signal?: AbortSignal) => {
        const b = (await t.read(signal)).slice();
        for (let i = 3; i < b.length; i += 4) b[i] ^= 0x80;
        return b;
      },
    })),
  };
}
