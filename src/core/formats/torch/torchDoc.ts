import { DTYPE_SIZE } from '../../model/dtype';
import { TreeBuilder, finishTree, inferKinds, walk } from '../../model/tree';
import { torchLayout } from '../../model/inferKind';
import type { FormatId, ModelDoc, SafetyReport, TensorInfo, TensorRef } from '../../model/types';
import type { Interpreted } from './interpret';
import { readTensorBytes } from './readTensor';
import { isContiguous, product, type TensorSpec } from './storage';
import { allowRangeReads } from '../../model/rangeRead';

export interface DocFacts {
  fileName: string;
  fileSize: number;
  format: FormatId;
  producer: string;
  bigEndian: boolean;
  metadata?: Record<string, unknown>;
  warnings?: string[];
  safety?: SafetyReport;
}

function viewKey(s: TensorSpec): string {
  return `${s.storage.key}|${s.offset}|${s.shape.join(',')}|${s.stride.join(',')}|${s.dtype}`;
}

/** Turns interpreted pickle contents into the format-neutral ModelDoc. */
export function buildTorchDoc(it: Interpreted, facts: DocFacts): ModelDoc {
  const tree = new TreeBuilder();
  const tensors: TensorRef[] = [];
  const firstByView = new Map<string, string>();
  const seenNames = new Set<string>();
  for (const e of it.events) {
    if (e.type === 'layer') {
      const node = tree.node(e.path);
      if (e.kind) { node.kind = e.kind; node.kindFrom = 'class'; }
      if (e.className) node.className = e.className;
      node.config = e.config;
      continue;
    }
    if (seenNames.has(e.name)) continue;
    seenNames.add(e.name);
    const spec = e.spec;
    const numel = product(spec.shape);
    const key = viewKey(spec);
    const tiedTo = firstByView.get(key);
    if (!tiedTo) firstByView.set(key, e.name);
    const ref: TensorRef = {
      name: e.name, shape: spec.shape, dtype: spec.dtype, layout: '', numel,
      byteLength: numel * DTYPE_SIZE[spec.dtype], group: e.group,
      storage: { key: spec.storage.key, offset: spec.offset, location: spec.storage.location },
      read: (signal) => readTensorBytes(spec, facts.bigEndian, signal),
    };
    if (!facts.bigEndian && spec.storage.ranged !== false && isContiguous(spec.shape, spec.stride)) {
      const start = spec.offset * DTYPE_SIZE[spec.dtype];
      allowRangeReads(ref.read, ref.byteLength, (o, n) => spec.storage.read(start + o, n));
    }
    if (tiedTo) ref.tiedTo = tiedTo;
    if (spec.quant) ref.quant = spec.quant;
    tensors.push(ref);
    tree.addTensor(e.name);
  }
  const byName = new Map<string, TensorInfo>(tensors.map((t) => [t.name, t]));
  inferKinds(tree.root, byName);
  for (const [node] of walk(tree.root)) {
    for (const n of node.tensors) {
      const t = byName.get(n) as TensorRef;
      t.layout = torchLayout(node.kind, n, t.shape);
    }
  }
  const optimizerRoots = new Set(it.events.filter((e) => e.type === 'tensor' && e.group === 'optimizer').map((e) => (e as { name: string }).name.split('.')[0]));
  for (const child of tree.root.children) {
    if (optimizerRoots.has(child.name) && !child.kind) { child.kind = 'Optimizer state'; child.kindFrom = 'inferred'; }
  }
  return {
    fileName: facts.fileName,
    fileSize: facts.fileSize,
    format: facts.format,
    producer: facts.producer,
    contents: it.contents,
    root: finishTree(tree.root, byName),
    tensors,
    metadata: { ...it.metadata, ...facts.metadata },
    warnings: [...dangerWarning(facts.safety), ...(facts.warnings ?? []), ...it.warnings],
    ...(facts.safety ? { safety: facts.safety } : {}),
  };
}

function dangerWarning(safety: SafetyReport | undefined): string[] {
  if (!safety?.dangerous.length) return [];
  return [`torch.load would run code from this file: ${safety.dangerous.join(', ')}. Weightbridge never runs it; the weights below were read as data.`];
}
