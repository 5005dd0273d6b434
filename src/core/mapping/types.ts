import type { FormatId } from '../model/types';

/** Which framework's conventions a document follows (safetensors and pickles count as torch). */
export type Framework = 'torch' | 'keras';

/** Which way a mapping is applied: A's tensors become B's, or B's become A's. */
export type Direction = 'a-to-b' | 'b-to-a';

/**
 * One named transform with its parameters. A tensor pair lists steps that turn the A-side
 * tensors into the B-side ones; `invertSteps` gives the way back. Steps that take several
 * tensors (stack, sum) consume the whole list; the others apply to each tensor in it.
 */
export type Step =
  /** Axis permutation: output axis k is input axis perm[k]. `from`/`to` name the layouts for people. */
  | { op: 'transpose'; perm: number[]; from?: string; to?: string }
  /** Same elements in the same order, new shape. */
  | { op: 'reshape'; shape: number[] }
  /**
   * The rows (along `axis`) of a Linear/Dense fed by a Flatten of a C×H×W map: 'chw-to-hwc' turns
   * torch's channel-major order into Keras's channel-last order. Only C and H·W matter for the
   * permutation; `spatial` keeps what is known ([H, W], or [H·W] when only the product is).
   */
  | { op: 'flattenRows'; axis: number; channels: number; spatial: number[]; order: 'chw-to-hwc' | 'hwc-to-chw' }
  /** Reorders equal blocks along `axis`: output block k is input block order[k] (RNN gates). */
  | { op: 'gates'; axis: number; order: number[]; from?: string[]; to?: string[] }
  /** n tensors of one shape → one tensor with a new leading axis of size n. */
  | { op: 'stack' }
  /** The inverse of stack: splits the leading axis into `parts` tensors. */
  | { op: 'unstack'; parts: number }
  /** n tensors → their element-wise sum; `keep` is where the inverse split puts the whole value. */
  | { op: 'sum'; keep: number }
  /** One tensor → `parts` tensors: part `keep` gets the values, the others −0.0 (so that summing gives back the exact input). */
  | { op: 'split'; parts: number; keep: number };

export type Severity = 'error' | 'attention' | 'info';

/** What a caller can answer to settle a needs-attention pair (passed back through MapOptions). */
export interface Question {
  /** the option to set: 'flatten' → MapOptions.flatten[layer] */
  option: 'flatten';
  /** layer path (on either side) the answer is keyed by */
  layer: string;
  /** the answer the mapping assumed meanwhile */
  assumed: FeatureMap | 'none';
}

export interface Problem {
  severity: Severity;
  /** stable machine-readable reason: 'shape', 'missing-tensor', 'unpaired-tensor', 'eps', 'momentum', 'no-rule', 'ambiguous', … */
  code: string;
  message: string;
  /** the tensors the problem is about, when it is about particular tensors */
  tensors?: string[];
  question?: Question;
}

export type PairStatus = 'ok' | 'needs-attention' | 'incompatible';

/** Which tensors of A become which tensors of B, and how. */
export interface TensorPair {
  a: string[];
  b: string[];
  /** applied to the A tensors (in order) they give the B tensors (in order) */
  steps: Step[];
  /** shapes as found in the documents the mapping was validated against (empty when a tensor is missing) */
  shapesA: number[][];
  shapesB: number[][];
}

/** A tensor deliberately not carried over (torch's num_batches_tracked). */
export interface DroppedTensor { side: 'a' | 'b'; tensor: string; why: string }

export interface LayerPair {
  /** 'A path ↔ B path': unique within a mapping */
  id: string;
  a: string;
  b: string;
  kindA: string;
  kindB: string;
  /** the layer rule that produced the tensor pairs: 'conv', 'dense', 'batchnorm', 'gru', 'identity', … */
  rule: string;
  origin: 'auto' | 'manual' | 'imported';
  tensors: TensorPair[];
  dropped: DroppedTensor[];
  problems: Problem[];
  status: PairStatus;
}

export interface UnmappedLayer {
  path: string;
  kind: string;
  tensors: string[];
  why: string;
}

/** A feature map flattened into a Linear/Dense: C channels by `spatial` positions ([H, W], or [H·W]). */
export interface FeatureMap { channels: number; spatial: number[] }

export interface MapOptions {
  /**
   * Per Linear/Dense layer path (either side's path): the C×H×W map its input is the flattening of,
   * or 'none' when it is not fed by a flattened feature map. Answers the 'flatten' question.
   */
  flatten?: Record<string, FeatureMap | 'none'>;
  /** Keras → torch LSTM/RNN: which torch bias receives bias (the other is −0.0). Default 'input' (b_ih). */
  rnnBiasSplit?: 'input' | 'recurrent';
}

export interface DocRef { file: string; format: FormatId | string; framework: Framework }

export interface MappingCounts {
  pairs: number; ok: number; attention: number; incompatible: number;
  unmappedA: number; unmappedB: number;
  /** model tensors of each side, and how many of them are covered by a tensor pair or dropped on purpose */
  tensorsA: number; tensorsB: number; mappedA: number; mappedB: number;
}

export interface Mapping {
  a: DocRef;
  b: DocRef;
  options: MapOptions;
  pairs: LayerPair[];
  /** layers holding model tensors that no pair covers */
  unmappedA: UnmappedLayer[];
  unmappedB: UnmappedLayer[];
  /** leaf layers without weights (activations, pooling, InputLayer, Flatten…): never paired */
  weightlessA: { path: string; kind: string }[];
  weightlessB: { path: string; kind: string }[];
  /** incompatible when a pair is, or a layer with weights is unmapped; needs-attention when a pair needs it */
  status: PairStatus;
  counts: MappingCounts;
}

/** A mapping that cannot be read, or cannot be applied to the documents given. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}
