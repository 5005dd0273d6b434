import { releaseKerasModel } from '../formats/keras';
import { openModel } from '../formats/registry';
import { bytesSource, type ByteSource } from '../io/byteSource';
import { frameworkOf } from '../mapping';
import type { ModelDoc } from '../model/types';
import {
  CannotRunError, compareModels, DEFAULT_TOLERANCE, prepareModel, withArchitectureOf,
  type BackendName, type ModelComparison, type RunnableModel, type Sample,
} from '../runtime';
import type { Conversion, OpenedFile } from './types';
import { checkTensors, type TensorCheck } from './verifyTensors';

/**
 * Re-opens a converted file with the project's own readers and checks it: both models run on one
 * seeded sample (each in its own layout) and their outputs are compared; when either cannot run
 * (a state_dict without an architecture, a layer the runtime lacks), the converted tensors are
 * compared with what the mapping makes of the source instead, and the reason is given.
 */
export interface VerifyOptions {
  /** the converted file's name (shown in messages) */
  name?: string;
  /** the source file's bytes: TorchScript code and the exact Keras config are read from it */
  sourceSrc?: ByteSource;
  /** a runnable torch model whose module tree a state_dict on either side borrows (by names, else by order) */
  architecture?: OpenedFile;
  /** what the conversion reported: its mapping makes the tensor check possible */
  conversion?: Partial<Pick<Conversion, 'mapping' | 'direction' | 'written'>>;
  tolerance?: number;
  seed?: number;
  sample?: Sample;
  spatial?: number[];
  backend?: BackendName;
  signal?: AbortSignal;
}

export interface Verdict {
  ok: boolean;
  /** 'outputs': both models ran; 'tensors': the weights were compared instead; 'none': nothing could be checked */
  method: 'outputs' | 'tensors' | 'none';
  tolerance: number;
  maxAbs?: number;
  /** why the models were not run (method 'tensors' or 'none'), or why the check failed */
  reason?: string;
  comparison?: ModelComparison;
  tensors?: TensorCheck;
  /** one line for a terminal or a status bar */
  summary: string;
}

async function runnable(doc: ModelDoc, src: ByteSource | undefined, borrowFrom: (OpenedFile | undefined)[], spatial?: number[]): Promise<RunnableModel> {
  try {
    return await prepareModel(doc, { source: src, spatial });
  } catch (err) {
    if (!(err instanceof CannotRunError) || frameworkOf(doc) !== 'torch') throw err;
    for (const arch of borrowFrom) {
      if (!arch || frameworkOf(arch.doc) !== 'torch' || arch.doc === doc) continue;
      for (const byOrder of [false, true]) {
        try {
          return await prepareModel(withArchitectureOf(arch.doc, doc, { byOrder }), { source: arch.src, spatial });
        } catch (e) {
          if (!(e instanceof CannotRunError)) throw e;
        }
      }
    }
    throw err;
  }
}

const fmt = (x: number | undefined): string => (x === undefined ? '–' : x === 0 ? '0' : x.toExponential(2));

async function byOutputs(source: ModelDoc, converted: ModelDoc, convertedSrc: ByteSource, opts: VerifyOptions, tolerance: number): Promise<Verdict> {
  const convertedFile: OpenedFile = { doc: converted, src: convertedSrc };
  const sourceFile: OpenedFile | undefined = opts.sourceSrc ? { doc: source, src: opts.sourceSrc } : undefined;
  const a = await runnable(source, opts.sourceSrc, [opts.architecture, convertedFile], opts.spatial);
  const b = await runnable(converted, convertedSrc, [opts.architecture, sourceFile], opts.spatial);
  const c = await compareModels(a, b, { seed: opts.seed ?? 0, tolerance, backend: opts.backend ?? 'cpu', ...(opts.sample ? { sample: opts.sample } : {}) });
  const o = c.output;
  const ok = o.verdict === 'match';
  const summary = o.verdict === 'incomparable'
    ? `FAIL: the outputs cannot be compared (${o.note ?? ''})`
    : `${ok ? 'PASS' : 'FAIL'}: outputs on one ${c.sample.origin} sample agree to max |Δ| ${fmt(o.maxAbs)} (tolerance ${fmt(tolerance)}; ${c.a.backend})`;
  return { ok, method: 'outputs', tolerance, maxAbs: o.maxAbs, comparison: c, summary, ...(ok ? {} : { reason: o.note ?? 'the outputs differ' }) };
}

async function byTensors(source: ModelDoc, converted: ModelDoc, opts: VerifyOptions, tolerance: number, reason: string): Promise<Verdict> {
  const how: VerifyOptions['conversion'] = opts.conversion ?? {};
  const written = how.written ?? converted.tensors.filter((t) => t.group === 'model').map((t) => t.name);
  const t = await checkTensors(source, converted, written, how, opts.signal);
  if (!t.compared) return { ok: false, method: 'none', tolerance, reason, summary: `NOT VERIFIED: ${reason}` };
  const ok = t.maxAbs <= tolerance && !t.missing.length;
  const missing = t.missing.length ? `; missing from the file: ${t.missing.slice(0, 3).join(', ')}` : '';
  return {
    ok, method: 'tensors', tolerance, maxAbs: t.maxAbs, reason, tensors: t,
    summary: `${ok ? 'PASS (weights only)' : 'FAIL'}: ${t.exact} of ${t.compared} tensors bit-exact, max |Δ| ${fmt(t.maxAbs)}${t.worst && t.maxAbs > 0 ? ` (${t.worst})` : ''}${missing}; models not run: ${reason}`,
  };
}

export async function verifyConversion(sourceDoc: ModelDoc, converted: Uint8Array | ByteSource, opts: VerifyOptions = {}): Promise<Verdict> {
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const src = converted instanceof Uint8Array ? bytesSource(converted, opts.name ?? 'converted file') : converted;
  let doc: ModelDoc;
  try {
    doc = await openModel(src, { signal: opts.signal });
  } catch (err) {
    const reason = `the converted file does not open: ${(err as Error).message}`;
    return { ok: false, method: 'none', tolerance, reason, summary: `FAIL: ${reason}` };
  }
  try {
    return await byOutputs(sourceDoc, doc, src, opts, tolerance);
  } catch (err) {
    // A model the runtime cannot build, or a run that fails, still leaves the weights to check.
    const reason = err instanceof CannotRunError ? err.reason : `running the models failed: ${(err as Error).message}`;
    return await byTensors(sourceDoc, doc, opts, tolerance, reason);
  } finally {
    releaseKerasModel(doc);
  }
}
