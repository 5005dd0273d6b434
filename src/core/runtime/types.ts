/**
 * The runtime's plain-data types. Nothing here imports tfjs, so the UI and the worker API can
 * use these types without pulling tfjs into the first screen.
 */

export type BackendName = 'cpu' | 'wasm' | 'webgl';
export type Framework = 'torch' | 'keras';

/**
 * What each axis of an array means, one letter per axis: N batch, C channels, H/W spatial, L
 * sequence position. Letters let any two layouts of the same data be converted by permutation
 * ('NCHW' ↔ 'NHWC', 'NCL' ↔ 'NLC', 'LNC' ↔ 'NLC'). Tokens (integer ids) are 'NL'.
 */
export type Layout = string;

/** Where a flat (N, F) array came from, so flattened CHW and HWC activations can be compared. */
export interface FlatOrigin {
  shape: number[];     // the per-sample shape that was flattened, e.g. [16, 5, 5]
  layout: Layout;      // its axis letters without N, e.g. 'CHW' (torch) or 'HWC' (Keras)
}

export interface InputSpec {
  shape: number[];               // with the batch axis, in `layout`
  layout: Layout;
  dtype: 'float32' | 'int32';
  /** integer inputs (Embedding): ids are drawn from [0, vocab) */
  vocab?: number;
  /** axes whose size is a free choice (spatial size, sequence length) and the caller may edit */
  editable: number[];
  /** the model's first layer accepts any rank (a leading Flatten): another model's shape may be used */
  anyRank?: boolean;
  /** how the shape was found ("from the first Conv2d's in_channels; 28×28 fits Linear 9") */
  note: string;
}

/** One input, given to every model in its own layout. */
export interface Sample {
  shape: number[];
  layout: Layout;
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
  /** where the values came from: "seed 0, uniform [0, 1)", "lenet5.ref.json", "x.npy" */
  origin: string;
}

export interface LayerInfo {
  path: string;          // torch: module path ('0', 'features.3'); Keras: layer name
  kind: string;          // 'Conv2d', 'Dense', …
  parametrised: boolean; // holds weights (the unit cross-framework pairing counts)
}

/** A layer's output as recorded during a run, in the framework's own layout. */
export interface Activation extends LayerInfo {
  shape: number[];
  layout: Layout;
  flatFrom?: FlatOrigin;
  data: Float32Array;
}

export interface RunResult {
  model: string;
  output: Float32Array;
  shape: number[];
  layout: Layout;
  flatFrom?: FlatOrigin;
  /** what tf.getBackend() said during the run (tfjs falls back silently when a backend fails) */
  backend: string;
  /** forward pass including reading the output back, in milliseconds */
  ms: number;
  activations?: Activation[];
}

export interface RunOptions {
  /** record every layer's output (slower: every activation is read back) */
  collect?: boolean;
}

/** A model with its weights created on one backend; dispose() frees them. */
export interface Session {
  readonly backend: string;
  /** time to create the weights (and, for Keras, build the layers), ms */
  readonly setupMs: number;
  run(sample: Sample, opts?: RunOptions): Promise<RunResult>;
  dispose(): void;
}

/** A model the runtime can execute: its input and layers are known before tfjs is loaded. */
export interface RunnableModel {
  framework: Framework;
  name: string;
  input: InputSpec;
  layers: LayerInfo[];
  warnings: string[];
  /** builds the model's weights on the given backend (loads tfjs on first use) */
  session(backend?: BackendName): Promise<Session>;
}

/** A model that cannot run from its file alone; the message starts with "cannot run: ". */
export class CannotRunError extends Error {
  constructor(readonly reason: string) {
    super(`cannot run: ${reason}`);
    this.name = 'CannotRunError';
  }
}
