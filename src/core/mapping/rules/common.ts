import type { TensorRef } from '../../model/types';
import type { Config, LayerView } from '../layers';
import type { MapOptions, Problem, Severity, Step } from '../types';

/** Tensor pair as a rule states it: from the rule's first layer to its second. */
export interface RawTensorPair { from: string[]; to: string[]; steps: Step[] }

export interface RuleResult {
  rule: string;
  tensors: RawTensorPair[];
  /** tensors of the first ('from') or second ('to') layer deliberately not carried over */
  dropped: { side: 'from' | 'to'; tensor: string; why: string }[];
  /** what the rule found in the layers' hyper-parameters (shape checks come later, from validate) */
  problems: Problem[];
}

/** A rule between frameworks: always called as (torch layer, Keras layer); steps go torch → Keras. */
export type CrossRule = (torch: LayerView, keras: LayerView, options: MapOptions) => RuleResult;

export const problem = (severity: Severity, code: string, message: string): Problem => ({ severity, code, message });

export function result(rule: string): RuleResult {
  return { rule, tensors: [], dropped: [], problems: [] };
}

/** Adds a tensor pair when both tensors exist; a missing one shows up later as an unpaired tensor. */
export function link(r: RuleResult, from: TensorRef | undefined, to: TensorRef | undefined, steps: Step[] = []): void {
  if (from && to) r.tensors.push({ from: [from.name], to: [to.name], steps });
}

export const num = (cfg: Config, key: string): number | undefined => (typeof cfg[key] === 'number' ? (cfg[key] as number) : undefined);

/** A hyper-parameter that may be a number or a tuple, as a tuple of `n` numbers. */
export function tuple(cfg: Config, key: string, n: number): number[] | undefined {
  const v = cfg[key];
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
  return undefined;
}

export const str = (cfg: Config, key: string): string | undefined => (typeof cfg[key] === 'string' ? (cfg[key] as string) : undefined);

/** "`conv1` (torch)" — how messages name a layer. */
export const who = (v: LayerView): string => `\`${v.node.path || '(root)'}\` (${v.framework === 'torch' ? 'torch' : 'Keras'})`;

export const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);

/** Axis letters of a conv kernel when the reader gave no layout hint. */
export const spatialLetters = (n: number): string => ['W', 'HW', 'DHW'][n - 1] ?? '';

export const sameNumber = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
