import type { LayerNode } from '../../model/types';
import { isOpLayer, toSnakeCase } from './kerasClasses';
import { varRoles } from './layout';
import { addGroupChild, findChild, isContainer, layoutConfig, layoutKind, type WeightSlot } from './nodes';

/**
 * Places the weights of a Keras 3 layout file (`.keras` model.weights.h5, `.weights.h5`) into the tree.
 * That layout names nothing after the user's layer names:
 *   layers/<snake_case_class>[_N]/vars/<i>      a layer's variables, in creation order
 *   layers/<…>/layers/…                          a nested model's layers
 *   layers/<…>/cell/vars/<i>                     an RNN layer's cell
 *   layers/<…>/<attribute>/…                     a custom layer's sub-layer attributes
 *   optimizer/vars/<i>, vars/                    optimizer state, the model's own variables
 * so a container's groups are matched to its config layers by recomputing those names, as Keras
 * does when it saves: snake_case(class), numbered per class in the order of the model's `layers`.
 * tf.keras 2.14 wrote the same layout with '_layer_checkpoint_dependencies' for 'layers' and, on
 * Windows, backslashes inside group names: both are read as path separators here.
 */
export interface VGroup {
  children: Map<string, VGroup>;
  datasets: Array<{ leaf: string; path: string }>;
}

const CONTAINER_NAMES = new Set(['layers', '_layer_checkpoint_dependencies']);

function components(path: string): string[] {
  return path.split('/').flatMap((p) => p.split('\\')).filter((p) => p !== '');
}

function vgroup(): VGroup {
  return { children: new Map(), datasets: [] };
}

/** A virtual group tree from HDF5 group and dataset paths. */
export function buildVTree(groups: string[], datasets: string[]): VGroup {
  const root = vgroup();
  const at = (parts: string[]): VGroup => {
    let g = root;
    for (const p of parts) {
      let c = g.children.get(p);
      if (!c) { c = vgroup(); g.children.set(p, c); }
      g = c;
    }
    return g;
  };
  for (const g of groups) at(components(g));
  for (const d of datasets) {
    const parts = components(d);
    const leaf = parts.pop() ?? d;
    at(parts).datasets.push({ leaf, path: d });
  }
  return root;
}

const numeric = (a: { leaf: string }, b: { leaf: string }): number => {
  const x = Number(a.leaf), y = Number(b.leaf);
  if (Number.isInteger(x) && Number.isInteger(y)) return x - y;   // vars/10 after vars/2
  return a.leaf < b.leaf ? -1 : a.leaf > b.leaf ? 1 : 0;
};

/** Every dataset below a group, numeric leaves in numeric order. */
export function allDatasets(g: VGroup): string[] {
  const out = [...g.datasets].sort(numeric).map((d) => d.path);
  for (const c of g.children.values()) out.push(...allDatasets(c));
  return out;
}

/** The weights-group name Keras 3 gives each config child of a container. */
function expectedGroups(container: LayerNode): Map<string, LayerNode> {
  const used = new Map<string, number>();
  const out = new Map<string, LayerNode>();
  for (const child of container.children) {
    if (child.kindFrom !== 'config') continue;
    // Sequential.layers leaves out the InputLayer; keras.ops used as layers are not Layers at all.
    if (container.kind === 'Sequential' && child.kind === 'InputLayer') continue;
    if (isOpLayer(child.className)) continue;
    const base = toSnakeCase(child.kind);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    out.set(n === undefined ? base : `${base}_${n + 1}`, child);
  }
  return out;
}

export class V3Attacher {
  readonly slots: WeightSlot[] = [];
  readonly optimizer: string[] = [];

  constructor(private readonly warnings: string[]) {}

  attachRoot(vroot: VGroup, root: LayerNode): void {
    for (const [name, child] of vroot.children) {
      if (name === 'optimizer') this.optimizer.push(...allDatasets(child));
      else this.member(name, child, root);
    }
    this.loose(vroot, root);
  }

  private saveable(g: VGroup, node: LayerNode): void {
    for (const [name, child] of g.children) this.member(name, child, node);
    this.loose(g, node);
  }

  private member(name: string, g: VGroup, node: LayerNode): void {
    if (name === 'vars') this.vars(g, node);
    else if (CONTAINER_NAMES.has(name)) this.container(g, node);
    else if (name === 'cell' && !isContainer(node)) this.saveable(g, node); // an RNN's cell: its weights are the layer's
    else if (name === 'layer' && node.kind === 'TimeDistributed') this.saveable(g, node); // the wrapped layer's weights
    else this.saveable(g, findChild(node, name) ?? this.attributeChild(node, name));
  }

  /** A sub-saveable stored under an attribute name; Bidirectional's two RNNs get their class from its config. */
  private attributeChild(node: LayerNode, name: string): LayerNode {
    const child = addGroupChild(node, name);
    const key = name === 'forward_layer' ? 'layer' : name === 'backward_layer' ? 'backward_layer' : undefined;
    const inner = node.kind === 'Bidirectional' && key ? (node.config[key] ?? node.config.layer) : undefined;
    if (inner && typeof inner === 'object' && typeof (inner as { class_name?: unknown }).class_name === 'string') {
      const { class_name: kind, config } = inner as { class_name: string; config?: unknown };
      child.kind = kind;
      child.kindFrom = 'config';
      if (config && typeof config === 'object') child.config = config as Record<string, unknown>;
    }
    return child;
  }

  private vars(g: VGroup, node: LayerNode): void {
    const roles = varRoles(layoutKind(node), layoutConfig(node));
    const sorted = [...g.datasets].sort(numeric);
    for (const d of sorted) {
      const index = Number(d.leaf);
      const role = Number.isInteger(index) ? roles?.[index] : undefined;
      this.slots.push({ node, path: d.path, role: role ?? d.leaf });
    }
    for (const [name, child] of g.children) this.saveable(child, findChild(node, name) ?? addGroupChild(node, name));
  }

  private container(g: VGroup, node: LayerNode): void {
    const expected = expectedGroups(node);
    const fromConfig = expected.size > 0;
    for (const [name, child] of g.children) {
      let target = expected.get(name) ?? findChild(node, name);
      if (!target) {
        if (fromConfig) this.warnings.push(`weights group "${name}" under "${node.name || 'the model'}" matches no layer of the config`);
        target = addGroupChild(node, name);
      }
      this.saveable(child, target);
    }
  }

  /** Datasets sitting directly in a saveable's group (not in vars/): kept, named by their leaf. */
  private loose(g: VGroup, node: LayerNode): void {
    for (const d of [...g.datasets].sort(numeric)) this.slots.push({ node, path: d.path, role: d.leaf });
  }
}
