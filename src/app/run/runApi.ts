/**
 * What the Run view and the run worker (src/workers/runWorker.ts) exchange. Plain data only:
 * everything crosses a structured clone, so no classes, closures or tfjs tensors.
 */
import type { BackendName, InputSpec } from '../../core/runtime/types';
import type { Distribution } from '../../core/runtime/sample';

/** One slot's model as the worker sees it; `key` changes whenever the slot opens another file. */
export interface ModelRef { key: string; file: File }

/** The input: a seeded random sample, or a user's ref.json / .npy / image file. */
export type SampleRequest =
  | { kind: 'random'; seed: number; distribution: Distribution }
  | { kind: 'file'; name: string; bytes: Uint8Array };

export type Prepared =
  | { ok: true; name: string; framework: string; input: InputSpec; layers: number; warnings: string[] }
  | { ok: false; reason: string };

export interface RunReply {
  requested: BackendName;
  /** tf.getBackend() during the run: tfjs falls back silently, so this is what we show */
  backend: string;
  fellBack: boolean;
  /** the first values of the output (all of them up to OUTPUT_LIMIT) */
  values: number[];
  total: number;
  shape: number[];
  layout: string;
  inputShape: number[];
  inputOrigin: string;
  ms: number;
  setupMs: number;
}

export interface LayerRowReply { a: string; b: string; maxAbs?: number; relative?: number; ok: boolean; note?: string }

export interface CompareReply {
  requested: BackendName;
  backend: string;
  fellBack: boolean;
  verdict: 'match' | 'differ' | 'incomparable';
  tolerance: number;
  maxAbs?: number;
  meanAbs?: number;
  relative?: number;
  argmax?: { agree: number; rows: number };
  note?: string;
  inputShape: number[];
  inputOrigin: string;
  msA: number;
  msB: number;
  rows: LayerRowReply[];
  mode?: 'segment' | 'exact';
  firstDivergent?: number;
  biggestJump?: number;
  notes: string[];
}

/** What the worker is doing now ("reading the model", "running on wasm"…), for the busy line. */
export type PhaseFn = (what: string) => void;

export interface RunWorkerApi {
  prepare(m: ModelRef): Promise<Prepared>;
  run(m: ModelRef, backend: BackendName, sample: SampleRequest, onPhase?: PhaseFn): Promise<RunReply>;
  compare(a: ModelRef, b: ModelRef, backend: BackendName, sample: SampleRequest, tolerance: number, onPhase?: PhaseFn): Promise<CompareReply>;
}

export const OUTPUT_LIMIT = 64;

/** Input files decoded as images (by the browser, in the run worker). */
export const IMAGE_FILE = /\.(png|jpe?g|webp|gif|bmp)$/i;
