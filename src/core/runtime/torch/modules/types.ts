import type { Tensor, Tf } from '../../tf';

export type Cfg = Record<string, unknown>;
export type Weights = Record<string, Tensor>;
export type ParamShapes = Record<string, number[]>;

/** A shape that does not fit a module (wrong channels, window larger than the input, …). */
export class ShapeError extends Error {}

/**
 * One torch module family, computed in PyTorch's semantics (NCHW, torch's padding and pooling
 * arithmetic) with tfjs ops. Every function is pure: the same config and weights give the same op graph.
 */
export interface ModuleImpl {
  kinds: readonly string[];
  /** why this configuration cannot run (an unsupported mode), checked before anything is built */
  check?(cfg: Cfg, params: ParamShapes): string | undefined;
  /** the output shape for an input shape (with batch axis); throws ShapeError when it does not fit */
  outShape(inShape: number[], cfg: Cfg, params: ParamShapes): number[];
  /** derived weights computed once per session (transposed kernels, folded BatchNorm factors) */
  prepare?(tf: Tf, w: Weights, cfg: Cfg): Weights;
  forward(tf: Tf, x: Tensor, cfg: Cfg, w: Weights): Tensor;
}
