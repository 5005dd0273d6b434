import { DTYPE_SIZE } from '../../model/dtype';
import { throwIfAborted } from '../../model/errors';
import type { LayerNode, ModelDoc, TensorGroup, TensorRef } from '../../model/types';
import { numelOf } from '../../model/view';
import type { H5Dataset, Hdf5File } from '../hdf5/hdf5File';
import { kerasLayout, varRoles } from './layout';
import { kindFromWeights, layoutConfig, layoutKind, type WeightSlot } from './nodes';

type ReadFn = TensorRef['read'];

/** Which open HDF5 file each tensor reads from (keyed by the read function, which copies share). */
const owners = new WeakMap<ReadFn, Hdf5File>();

/**
 * Closes the HDF5 file(s) behind a Keras document now, instead of when it is garbage-collected.
 * Its tensors can no longer be read afterwards.
 */
export function releaseKerasModel(doc: Pick<ModelDoc, 'tensors'>): void {
  for (const t of doc.tensors) owners.get(t.read)?.close();
}

export function datasetTensor(file: Hdf5File, ds: H5Dataset, group: TensorGroup, layout: string): TensorRef | undefined {
  if (!ds.dtype) return undefined;
  const numel = numelOf(ds.shape);
  const byteLength = numel * DTYPE_SIZE[ds.dtype];
  const read: ReadFn = async (signal) => {
    throwIfAborted(signal);
    return file.read(ds.path, byteLength);
  };
  owners.set(read, file);
  return { name: ds.path, shape: ds.shape, dtype: ds.dtype, layout, numel, byteLength, group, read };
}

/** Kinds for layers nobody named (weights-only files with user-chosen names), then their var roles. */
export function refineKinds(slots: WeightSlot[], shapeOf: (path: string) => number[] | undefined): void {
  const byNode = new Map<LayerNode, WeightSlot[]>();
  for (const s of slots) {
    if (s.node.kindFrom !== 'none') continue;
    let list = byNode.get(s.node);
    if (!list) { list = []; byNode.set(s.node, list); }
    list.push(s);
  }
  for (const [node, list] of byNode) {
    const kind = kindFromWeights(list.map((s) => ({ role: s.role, shape: shapeOf(s.path) ?? [] })));
    if (!kind) continue;
    node.kind = kind;
    node.kindFrom = 'inferred';
    const roles = varRoles(kind, {});
    if (roles) for (const s of list) if (/^\d+$/.test(s.role)) s.role = roles[Number(s.role)] ?? s.role;
  }
}

export interface TensorPlan {
  slots: WeightSlot[];       // model weights, placed in the tree
  optimizer: string[];       // dataset paths of optimizer state
}

/**
 * TensorRefs for every tensor dataset of the file: model weights (attached to their layers),
 * optimizer state, and anything else (group 'other', attached nowhere) so nothing is hidden.
 */
export function buildTensors(file: Hdf5File, datasets: H5Dataset[], plan: TensorPlan, warnings: string[]): TensorRef[] {
  const byPath = new Map(datasets.map((d) => [d.path, d]));
  refineKinds(plan.slots, (p) => byPath.get(p)?.shape);
  const out: TensorRef[] = [];
  const used = new Set<string>();
  const take = (path: string, group: TensorGroup, layout: (ds: H5Dataset) => string): TensorRef | undefined => {
    const ds = byPath.get(path);
    if (!ds || used.has(path)) {
      if (!ds) warnings.push(`weight "${path}" is listed by the file but has no dataset`);
      return undefined;
    }
    used.add(path);
    const t = datasetTensor(file, ds, group, layout(ds));
    if (!t) warnings.push(`dataset "${path}" holds ${ds.unsupported} data, not a tensor: skipped`);
    else out.push(t);
    return t;
  };
  for (const s of plan.slots) {
    const t = take(s.path, 'model', (ds) => kerasLayout(layoutKind(s.node), s.role, ds.shape, layoutConfig(s.node)));
    if (t) s.node.tensors.push(t.name);
  }
  for (const path of plan.optimizer) take(path, 'optimizer', (ds) => (ds.shape.length === 0 ? 'scalar' : ''));
  const rest = datasets.filter((d) => !used.has(d.path));
  for (const d of rest) take(d.path, 'other', (ds) => (ds.shape.length === 0 ? 'scalar' : ''));
  if (rest.length) warnings.push(`${rest.length} dataset(s) belong to no layer or optimizer; listed as 'other'`);
  return out;
}
