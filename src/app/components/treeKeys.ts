import type { Row } from '../lib/treeRows';

export type TreeKeyAction = { type: 'move'; index: number } | { type: 'toggle' } | { type: 'activate' } | null;

/** What a key does in the tree (WAI-ARIA tree pattern), given the focused row index. */
export function nextIndexForKey(key: string, rows: readonly Row[], i: number, indexById: ReadonlyMap<string, number>): TreeKeyAction {
  const row = rows[i];
  switch (key) {
    case 'ArrowDown': return { type: 'move', index: Math.min(rows.length - 1, i + 1) };
    case 'ArrowUp': return { type: 'move', index: Math.max(0, i - 1) };
    case 'Home': return { type: 'move', index: 0 };
    case 'End': return { type: 'move', index: rows.length - 1 };
    case 'ArrowRight':
      if (row.type === 'layer' && row.expandable) return row.expanded ? { type: 'move', index: Math.min(rows.length - 1, i + 1) } : { type: 'toggle' };
      return { type: 'move', index: i };
    case 'ArrowLeft':
      if (row.type === 'layer' && row.expanded) return { type: 'toggle' };
      if (row.parentId !== null) return { type: 'move', index: indexById.get(row.parentId) ?? i };
      return { type: 'move', index: i };
    case 'Enter': case ' ': return { type: 'activate' };
    default: return null;
  }
}
