import type { ModelDoc, TensorRef } from '../model/types';
import { CannotRunError } from './types';

/**
 * Runs one file's weights with another file's architecture: a state_dict (or a user class whose
 * forward is not in the file) borrows the module tree of a runnable model with the same tensors.
 * Tensors are matched by name (after stripping a prefix such as 'module.' or 'model_state_dict.'),
 * by explicit [architecture name, weights name] pairs (what a mapping provides), or by order.
 */

export interface BorrowOptions {
  /** explicit [tensor of the architecture, tensor of the weights file] pairs */
  pairs?: [string, string][];
  /** match the model tensors of both files in order (shapes must agree) */
  byOrder?: boolean;
}

function modelTensors(doc: ModelDoc): TensorRef[] {
  return doc.tensors.filter((t) => t.group === 'model' && !t.name.endsWith('num_batches_tracked'));
}

/** The prefix that, put before every architecture name, finds it in the weights file. */
function findPrefix(arch: TensorRef[], names: Set<string>): string | undefined {
  const first = arch[0]?.name;
  if (first === undefined) return undefined;
  const prefixes = [...names]
    .filter((n) => n.endsWith(first))
    .map((n) => n.slice(0, n.length - first.length))
    .filter((p) => p === '' || p.endsWith('.'));
  return prefixes.find((p) => arch.every((t) => names.has(p + t.name)));
}

function matchPairs(arch: TensorRef[], weights: TensorRef[], opts: BorrowOptions, weightsName: string): Map<string, TensorRef> {
  const byName = new Map(weights.map((t) => [t.name, t]));
  const out = new Map<string, TensorRef>();
  if (opts.pairs) {
    for (const [a, w] of opts.pairs) {
      const t = byName.get(w);
      if (!t) throw new CannotRunError(`the mapping names "${w}", which ${weightsName} does not hold`);
      out.set(a, t);
    }
    return out;
  }
  if (opts.byOrder) {
    if (arch.length !== weights.length) throw new CannotRunError(`the architecture has ${arch.length} tensors, ${weightsName} has ${weights.length}`);
    arch.forEach((t, i) => out.set(t.name, weights[i]));
    return out;
  }
  const prefix = findPrefix(arch, new Set(byName.keys()));
  if (prefix === undefined) {
    const missing = arch.filter((t) => !byName.has(t.name)).slice(0, 3).map((t) => t.name);
    throw new CannotRunError(`the tensor names of ${weightsName} do not match the architecture's 1:1 (missing ${missing.join(', ')}…); give a name mapping or match by order`);
  }
  for (const t of arch) out.set(t.name, byName.get(prefix + t.name)!);
  return out;
}

export function withArchitectureOf(arch: ModelDoc, weights: ModelDoc, opts: BorrowOptions = {}): ModelDoc {
  const archTensors = modelTensors(arch);
  const matched = matchPairs(archTensors, modelTensors(weights), opts, weights.fileName);
  const bad = archTensors.filter((t) => {
    const w = matched.get(t.name);
    return !w || w.shape.length !== t.shape.length || w.shape.some((d, i) => d !== t.shape[i]);
  });
  if (bad.length) {
    const t = bad[0];
    const w = matched.get(t.name);
    throw new CannotRunError(`${bad.length} tensor(s) do not fit the architecture, e.g. "${t.name}" [${t.shape.join(', ')}] ← ${w ? `"${w.name}" [${w.shape.join(', ')}]` : 'nothing'}`);
  }
  const tensors = arch.tensors.map((t) => {
    const w = matched.get(t.name);
    if (!w) return t;
    const { tiedTo: _tied, ...rest } = w; // tie names refer to the other file
    return { ...rest, name: t.name, layout: t.layout, group: t.group };
  });
  return {
    ...arch,
    fileName: `${weights.fileName} (with the architecture of ${arch.fileName})`,
    tensors,
    warnings: [...arch.warnings],
  };
}
