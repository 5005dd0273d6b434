/**
 * What the Convert view and the convert worker (src/workers/convertWorker.ts) exchange: plain
 * data, Files and Blobs only (they cross a structured clone without copying their bytes).
 */
import type { BackendName } from '../../core/runtime/types';

/** A standalone output: no target file. */
export type StandaloneFormat = 'pt' | 'h5' | 'safetensors';

export interface ConvertJob {
  /** the page's session (where outputs are stored) and the job's number in it */
  session: string;
  id: number;
  source: File;
  /** write into a copy of this file (its format kept); absent for a standalone conversion */
  target?: File;
  format?: StandaloneFormat;
  /** the user's own mapping between the two slots (Map layers, edited or imported), as JSON */
  mappingJson?: string;
  /** convert even with incompatible pairs (they keep the target's values) */
  force: boolean;
  /** a file whose torch module tree a state_dict side may borrow to run during the check */
  architecture?: File;
  backend: BackendName;
  tolerance: number;
  seed: number;
}

export interface ConvertStep {
  stage: string;
  /** in [0, 1] when the size is known */
  fraction?: number;
  bytes?: number;
}

/** The check of a converted file, without the per-layer details. */
export interface PlainVerdict {
  ok: boolean;
  method: 'outputs' | 'tensors' | 'none';
  tolerance: number;
  maxAbs?: number;
  reason?: string;
  summary: string;
  /** the tfjs backend both models ran on (method 'outputs') */
  backend?: string;
  sampleShape?: number[];
  argmax?: { agree: number; rows: number };
  /** method 'tensors': bit-exact tensors out of those compared */
  exact?: number;
  compared?: number;
}

export interface MappingSummary {
  status: string;
  pairs: number;
  incompatible: number;
  /** what is wrong, one line each (incompatible pairs, unmapped layers with weights) */
  problems: string[];
  /** 'yours' when the Map layers view's mapping was used, 'automatic' otherwise */
  origin: 'yours' | 'automatic';
}

export type ConvertReply =
  | { kind: 'blocked'; mapping: MappingSummary }
  | {
    kind: 'done';
    output: Blob;
    fileName: string;
    format: string;
    bytes: number;
    convertMs: number;
    checkMs: number;
    warnings: string[];
    written: number;
    mapping?: MappingSummary;
    verdict: PlainVerdict;
  };

export interface ConvertWorkerApi {
  convert(job: ConvertJob, onStep: (s: ConvertStep) => void): Promise<ConvertReply>;
  /** Frees the stored output of a job whose result is no longer shown. */
  discard(session: string, id: number): Promise<void>;
}
