/**
 * Turns a LayerNode tree into the flat array of visible rows the virtualised tree renders.
 * Pure functions: no React.
 */
import type { LayerNode, TensorInfo } from '../../core/model/types';

export interface LayerRow {
  type: 'layer';
  id: string;
  depth: number;
  parentId: string | null;
  node: LayerNode;
  expandable: boolean;
  expanded: boolean;
}

export interface TensorRow {
  type: 'tensor';
  id: string;
  depth: number;
  parentId: string | null;
  tensor: TensorInfo;
  /** the tensor's name relative to its layer ("weight" for "0.weight") */
  label: string;
}

export type Row = LayerRow | TensorRow;

export const layerId = (path: string): string => `L:${path}`;
export const tensorId = (name: string): string => `T:${name}`;

function hasContent(n: LayerNode): boolean {
  return n.children.length > 0 || n.tensors.length > 0;
}

/** A tensor's name under its layer: "weight" for torch "0.weight", "kernel:0" for HDF5 ".../conv2d/kernel:0". */
export function relativeName(tensor: string, path: string): string {
  if (path && tensor.startsWith(path) && tensor.length > path.length + 1 && /[./]/.test(tensor[path.length])) {
    return tensor.slice(path.length + 1);
  }
  const slash = tensor.lastIndexOf('/');
  if (slash >= 0 && slash < tensor.length - 1) return tensor.slice(slash + 1);
  return tensor;
}

/** Opens levels breadth-first while the number of visible rows stays under `budget`. */
export function defaultExpanded(root: LayerNode, budget = 80): Set<string> {
  const out = new Set<string>([layerId(root.path)]);
  let rows = 1 + root.children.length + root.tensors.length;
  const queue = [...root.children];
  while (queue.length) {
    const n = queue.shift()!;
    const cost = n.children.length + n.tensors.length;
    if (cost === 0) continue;
    if (rows + cost > budget) continue;
    out.add(layerId(n.path));
    rows += cost;
    queue.push(...n.children);
  }
  return out;
}

export interface FlattenOptions {
  /** ids of expanded layers when no filter is set */
  expanded: ReadonlySet<string>;
  filter: string;
  /** ids the user collapsed while a filter is set (a filter opens every ancestor of a match) */
  filterCollapsed: ReadonlySet<string>;
}

function layerMatches(n: LayerNode, q: string): boolean {
  return n.path.toLowerCase().includes(q) || n.kind.toLowerCase().includes(q) ||
    (n.className?.toLowerCase().includes(q) ?? false);
}

/** Which layers to show under a filter: those that match, hold a matching tensor, or have such a descendant. */
function visibleUnderFilter(root: LayerNode, q: string): Set<LayerNode> {
  const keep = new Set<LayerNode>();
  const visit = (n: LayerNode): boolean => {
    let any = layerMatches(n, q) || n.tensors.some((t) => t.toLowerCase().includes(q));
    for (const c of n.children) if (visit(c)) any = true;
    if (any) keep.add(n);
    return any;
  };
  visit(root);
  return keep;
}

export function flattenTree(root: LayerNode, tensors: ReadonlyMap<string, TensorInfo>, opts: FlattenOptions): Row[] {
  const q = opts.filter.trim().toLowerCase();
  const keep = q ? visibleUnderFilter(root, q) : null;
  const rows: Row[] = [];
  const visit = (n: LayerNode, depth: number, parentId: string | null): void => {
    if (keep && !keep.has(n)) return;
    const id = layerId(n.path);
    const expandable = hasContent(n);
    const expanded = expandable && (q ? !opts.filterCollapsed.has(id) : opts.expanded.has(id));
    rows.push({ type: 'layer', id, depth, parentId, node: n, expandable, expanded });
    if (!expanded) return;
    const showAll = !q || layerMatches(n, q);
    for (const name of n.tensors) {
      if (!showAll && !name.toLowerCase().includes(q)) continue;
      const t = tensors.get(name);
      if (!t) continue;
      rows.push({ type: 'tensor', id: tensorId(name), depth: depth + 1, parentId: id, tensor: t, label: relativeName(name, n.path) });
    }
    for (const c of n.children) visit(c, depth + 1, id);
  };
  visit(root, 0, null);
  if (keep && keep.size === 0) return [];
  return rows;
}

/** Layers that hold tensors themselves (what a user calls "parametrised layers"). */
export function countParametrised(root: LayerNode): number {
  let n = 0;
  const visit = (x: LayerNode): void => { if (x !== root && x.tensors.length) n++; x.children.forEach(visit); };
  visit(root);
  return n;
}
