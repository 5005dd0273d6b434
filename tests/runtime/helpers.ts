import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import type { ModelDoc } from '../../src/core/model/types';
import { configureNodeWasm } from '../../src/cli/wasmPaths';
import { prepareModel, runModel, sampleFromRefJson, type BackendName, type PrepareOptions, type RunnableModel } from '../../src/core/runtime';

configureNodeWasm();

/** Both backends tfjs offers in Node (wasm loads its .wasm files from node_modules). */
export const NODE_BACKENDS: BackendName[] = ['cpu', 'wasm'];

export interface Opened {
  doc: ModelDoc;
  src: Awaited<ReturnType<typeof fileSource>>;
  close(): Promise<void>;
}

export async function openFile(path: string): Promise<Opened> {
  const src = await fileSource(path);
  const doc = await openModel(src);
  return { doc, src, close: async () => { releaseKerasModel(doc); await src.close(); } };
}

/** Opens and prepares a model file; the caller closes it. */
export async function prepareFile(path: string, opts: PrepareOptions = {}): Promise<{ model: RunnableModel; opened: Opened }> {
  const opened = await openFile(path);
  try {
    return { model: await prepareModel(opened.doc, { source: opened.src, ...opts }), opened };
  } catch (err) {
    await opened.close();
    throw err;
  }
}

/** The message a model that cannot run gives. */
export async function cannotRunReason(path: string): Promise<string> {
  const opened = await openFile(path);
  try {
    await prepareModel(opened.doc, { source: opened.src });
    return '(it ran)';
  } catch (err) {
    return (err as Error).message;
  } finally {
    await opened.close();
  }
}

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

interface RefIO { input_shape: number[]; input: number[]; output_shape: number[]; output: number[] }

/**
 * A describe per model file in `dir`, an it per Node backend: the model run on its ref.json's input
 * (the file name with `ext` replaced by `.ref.json`) gives that file's output within `tolerance`.
 * Opened files are pushed to `open`, for the caller's afterAll to close.
 */
export function referenceRuns(dir: string, files: string[], ext: string, tolerance: number, open: Opened[]): void {
  for (const file of files) {
    describe(file, () => {
      let model: RunnableModel | undefined;
      const ref = readJson<RefIO>(join(dir, file.slice(0, -ext.length) + '.ref.json'));
      for (const backend of NODE_BACKENDS) {
        it(`on ${backend}`, async () => {
          if (!model) {
            const p = await prepareFile(join(dir, file));
            open.push(p.opened);
            model = p.model;
          }
          const r = await runModel(model, sampleFromRefJson(ref, file), { backend });
          expect(r.backend).toBe(backend);
          expect(r.shape).toEqual(ref.output_shape);
          expect(maxAbsDiff(r.output, ref.output)).toBeLessThanOrEqual(tolerance);
        });
      }
    });
  }
}
