import { activations } from './activation';
import { adaptivePools } from './adaptive';
import { conv, convTranspose } from './conv';
import { linear } from './linear';
import { batchNorm, layerNorm } from './norm';
import { pools } from './pool';
import { rnns } from './rnn';
import { shapeModules } from './shape';
import type { ModuleImpl } from './types';

const ALL: ModuleImpl[] = [...conv, ...convTranspose, linear, batchNorm, layerNorm, ...activations, ...pools, ...adaptivePools, ...shapeModules, ...rnns];

const byKind = new Map<string, ModuleImpl>(ALL.flatMap((m) => m.kinds.map((k) => [k, m] as const)));

export function moduleImpl(kind: string): ModuleImpl | undefined {
  return byKind.get(kind);
}

export function supportedKinds(): string[] {
  return [...byKind.keys()].sort();
}

/** Modules that return a tuple in torch: only the last module of a Sequential may be one. */
export const TUPLE_MODULES = new Set(['LSTM', 'GRU']);

export type { ModuleImpl } from './types';
