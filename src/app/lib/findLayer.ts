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
