import type { LayerNode, TensorInfo } from './types';
import { inferKind } from './inferKind';
import { countsAsParams } from './dtype';
import { FormatError } from './errors';

/**
 * Layer paths deeper than this are refused: names come from files ('a.a.a…' in a state_dict key
 * or a safetensors name), and every consumer of the tree (sums, walks, the UI) recurses over it.
 */
export const MAX_TREE_DEPTH = 256;

export function newNode(path: string, name: string): LayerNode {
  return { path, name, kind: '', kindFrom: 'none', config: {}, children: [], tensors: [], params: 0, bytes: 0 };
}

/**
 * Grows a layer tree from dotted paths: asking for a node creates its missing ancestors, so
 * layers appear in the order they are first met (module order, or state_dict key order).
 */
export class TreeBuilder {
  readonly root = newNode('', '');
  private readonly index = new Map<string, LayerNode>([['', this.root]]);

  constructor(private readonly sep = '.') {}

  node(path: string): LayerNode {
    const found = this.index.get(path);
    if (found) return found;
    if (path.split(this.sep).length > MAX_TREE_DEPTH) {
      throw new FormatError(`a tensor or layer name nests more than ${MAX_TREE_DEPTH} levels deep ("${path.slice(0, 60)}…")`);
    }
    const cut = path.lastIndexOf(this.sep);
    const parent = cut < 0 ? this.root : this.node(path.slice(0, cut));
    const node = newNode(path, cut < 0 ? path : path.slice(cut + this.sep.length));
    parent.children.push(node);
    this.index.set(path, node);
    return node;
  }

  /** Attaches a tensor to the layer its name's prefix names ('a.b.weight' → layer 'a.b'). */
  addTensor(name: string): void {
    const cut = name.lastIndexOf(this.sep);
    this.node(cut < 0 ? '' : name.slice(0, cut)).tensors.push(name);
  }
}

/**
 * Builds a layer tree from flat tensor names ('layer1.0.conv1.weight'): every prefix becomes a
 * node, the last component is the tensor's own name. Kinds are inferred from each node's tensors.
 */
export function treeFromNames(tensors: TensorInfo[], sep = '.'): LayerNode {
  const b = new TreeBuilder(sep);
  for (const t of tensors) b.addTensor(t.name);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  inferKinds(b.root, byName);
  return finishTree(b.root, byName);
}

/** Fills `kind` from tensor names and shapes where no class or config gave one. */
export function inferKinds(node: LayerNode, byName: Map<string, TensorInfo>): void {
  if (node.kindFrom === 'none' && node.tensors.length > 0) {
    const kind = inferKind(node.tensors.map((n) => byName.get(n)).filter((t): t is TensorInfo => !!t), node.path);
    if (kind) { node.kind = kind; node.kindFrom = 'inferred'; }
  }
  for (const c of node.children) inferKinds(c, byName);
}

/**
 * Sums parameter counts and bytes bottom-up. Parameters are the elements of the model's
 * non-integer tensors (weights and running statistics, as Keras's "Total params" counts them),
 * so integer counters like num_batches_tracked and optimizer state are left out.
 */
export function finishTree(root: LayerNode, byName: Map<string, TensorInfo>): LayerNode {
  const visit = (n: LayerNode): void => {
    let params = 0, bytes = 0;
    for (const name of n.tensors) {
      const t = byName.get(name);
      if (!t || t.tiedTo) continue;
      bytes += t.byteLength;
      if (t.group === 'model' && countsAsParams(t.dtype)) params += t.numel;
    }
    for (const c of n.children) { visit(c); params += c.params; bytes += c.bytes; }
    n.params = params;
    n.bytes = bytes;
  };
  visit(root);
  return root;
}

/** Depth-first walk. */
export function* walk(node: LayerNode, depth = 0): Generator<[LayerNode, number]> {
  yield [node, depth];
  for (const c of node.children) yield* walk(c, depth + 1);
}

/** Layers that hold tensors themselves, in tree order: what "parametrised layers" means to a user. */
export function parametrisedLayers(root: LayerNode): LayerNode[] {
  const out: LayerNode[] = [];
  for (const [n] of walk(root)) if (n.tensors.length > 0 && n !== root) out.push(n);
  return out;
}
