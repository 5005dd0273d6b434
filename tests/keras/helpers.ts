import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import type { ModelDoc, TensorRef } from '../../src/core/model/types';
import { toNumbers } from '../../src/core/model/dtype';
import { sumValues } from '../../src/core/model/stats';

/** ../shared/fixtures relative to the repository root (present in CI, absent in a fresh clone). */
export const SHARED = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
export const REAL = `${SHARED}real/`;
/** WEIGHTBRIDGE_SKIP_SHARED=1 runs the suite as a fresh clone would (only the project's own fixtures). */
const FORCE_SKIP = !!process.env.WEIGHTBRIDGE_SKIP_SHARED;
export const HAVE_SHARED = !FORCE_SKIP && existsSync(`${REAL}MANIFEST.md`);

/** Whether a file under ../shared/fixtures can be used. */
export const haveShared = (path: string): boolean => !FORCE_SKIP && existsSync(path);
export const SKIP_SHARED = 'skipped: ../shared/fixtures is absent (a fresh clone); CI always has it';

/** The project's own small fixtures, written by tests/keras/make_keras_fixtures.py. */
export const LOCAL = fileURLToPath(new URL('../fixtures/keras/', import.meta.url));

const opened: Array<{ close(): Promise<void> }> = [];

/**
 * Opens a file on disk through the registry (sniffing, ReadError wrapping). The handle stays open
 * so tensors can be read (safetensors reads through it); call closeOpened() in afterAll.
 */
export async function openPath(path: string): Promise<ModelDoc> {
  const src = await fileSource(path);
  opened.push(src);
  try {
    return await openModel(src);
  } catch (err) {
    await src.close();
    opened.pop();
    throw err;
  }
}

export async function closeOpened(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close()));
}

export function tensor(doc: ModelDoc, name: string): TensorRef {
  const t = doc.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`no tensor ${name} in ${doc.fileName}`);
  return t;
}

export async function sumOf(t: TensorRef): Promise<number> {
  return sumValues(toNumbers(t.dtype, await t.read()));
}
