import type { LayerNode } from '../../core/model/types';

export function findLayer(root: LayerNode, path: string): LayerNode | null {
  if (root.path === path) return root;
  const stack = [...root.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.path === path) return n;
    stack.push(...n.children);
  }
  return null;
}

/** The layers from the root down to (not including) the layer at `path`; null when there is none. */
export function ancestorsOf(root: LayerNode, path: string): LayerNode[] | null {
  const chain: LayerNode[] = [];
  const visit = (n: LayerNode): boolean => {
    if (n.path === path) return true;
    chain.push(n);
    for (const c of n.children) if (visit(c)) return true;
    chain.pop();
    return false;
  };
  return visit(root) ? chain : null;
}

/**
 * The layer a Functional graph names as an input of `node`: a sibling of that name
 * (inputs name layers of the same model), else the first layer of that name anywhere.
 */
export function resolveInput(root: LayerNode, node: LayerNode, name: string): LayerNode | null {
  const parent = ancestorsOf(root, node.path)?.at(-1);
  const sibling = parent?.children.find((c) => c.name === name);
  if (sibling) return sibling;
  const stack = [root];
  while (stack.length) {
    const n = stack.shift()!;
    if (n !== root && n.name === name) return n;
    stack.push(...n.children);
  }
  return null;
}

/** The siblings of `node` that take it as an input (what it feeds in a Functional graph). */
export function consumersOf(root: LayerNode, node: LayerNode): LayerNode[] {
  const parent = ancestorsOf(root, node.path)?.at(-1);
  return parent ? parent.children.filter((c) => c !== node && c.inputs?.includes(node.name)) : [];
}
