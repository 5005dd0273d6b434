/**
 * The mapping board's layout: the layers of A and B in model order, side by side, with paired
 * layers on the same row wherever the pairing keeps both orders (like a side-by-side diff), so
 * most links are short horizontal lines and only re-ordered pairs cross.
 */
import type { Mapping, PairStatus } from '../../core/mapping/types';
import type { LayerNode, ModelDocView } from '../../core/model/types';

export type Side = 'a' | 'b';
export type ItemStatus = PairStatus | 'unmapped' | 'weightless' | 'missing';

export interface BoardItem {
  side: Side;
  path: string;
  kind: string;
  status: ItemStatus;
  /** the pair this layer is in */
  pairId?: string;
  /** the main tensor's shape (the first of the layer's own), for choosing partners by eye */
  shape?: number[];
  params: number;
  /** why an unmapped layer is unmapped */
  why?: string;
}

export interface BoardRow { a?: BoardItem; b?: BoardItem; y: number; h: number }

export interface BoardLink { id: string; status: PairStatus; ya: number; yb: number; straight: boolean }

export interface Board { rows: BoardRow[]; links: BoardLink[]; height: number; itemsA: BoardItem[]; itemsB: BoardItem[] }

export const ROW_H = 34;
export const WEIGHTLESS_H = 22;

function leavesInOrder(root: LayerNode): LayerNode[] {
  const out: LayerNode[] = [];
  const visit = (n: LayerNode): void => { out.push(n); for (const c of n.children) visit(c); };
  visit(root);
  return out;
}

function sideItems(side: Side, doc: ModelDocView, m: Mapping, showWeightless: boolean): BoardItem[] {
  const shapes = new Map(doc.tensors.map((t) => [t.name, t.shape]));
  const paired = new Map(m.pairs.map((p) => [side === 'a' ? p.a : p.b, p]));
  const unmapped = new Map((side === 'a' ? m.unmappedA : m.unmappedB).map((u) => [u.path, u]));
  const weightless = new Map((side === 'a' ? m.weightlessA : m.weightlessB).map((w) => [w.path, w]));
  const items: BoardItem[] = [];
  const seen = new Set<string>();
  for (const n of leavesInOrder(doc.root)) {
    const p = paired.get(n.path), u = unmapped.get(n.path), w = weightless.get(n.path);
    if (!p && !u && !(w && showWeightless)) continue;
    seen.add(n.path);
    const base = { side, path: n.path, params: n.params, shape: n.tensors.length ? shapes.get(n.tensors[0]) : undefined };
    if (p) items.push({ ...base, kind: side === 'a' ? p.kindA : p.kindB, status: p.status, pairId: p.id });
    else if (u) items.push({ ...base, kind: u.kind, status: 'unmapped', why: u.why });
    else items.push({ ...base, kind: w!.kind, status: 'weightless' });
  }
  // An imported mapping can name layers these files do not have: show them, at the end.
  for (const [path, p] of paired) {
    if (!seen.has(path)) items.push({ side, path, params: 0, kind: side === 'a' ? p.kindA : p.kindB, status: 'missing', pairId: p.id });
  }
  return items;
}

/** Indexes (into `pairs`) of a longest run of pairs increasing in both orders: those share rows. */
function monotone(pairs: { ia: number; ib: number }[]): Set<number> {
  const tails: number[] = [], prev = new Array<number>(pairs.length).fill(-1);
  pairs.forEach((p, i) => {
    let lo = 0, hi = tails.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (pairs[tails[mid]].ib < p.ib) lo = mid + 1; else hi = mid; }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

const heightOf = (it?: BoardItem): number => (!it ? 0 : it.status === 'weightless' ? WEIGHTLESS_H : ROW_H);

export function buildBoard(docA: ModelDocView, docB: ModelDocView, m: Mapping, showWeightless: boolean): Board {
  const itemsA = sideItems('a', docA, m, showWeightless), itemsB = sideItems('b', docB, m, showWeightless);
  const idxB = new Map(itemsB.map((it, i) => [it.pairId ?? `#${i}`, i]));
  const linked = itemsA.flatMap((it, ia) => (it.pairId && idxB.has(it.pairId) ? [{ ia, ib: idxB.get(it.pairId)!, id: it.pairId }] : []));
  const anchors = monotone(linked);
  const anchorList = linked.filter((_, i) => anchors.has(i));

  const rows: BoardRow[] = [];
  let y = 0;
  const push = (a?: BoardItem, b?: BoardItem): void => {
    const h = Math.max(heightOf(a), heightOf(b));
    rows.push({ a, b, y, h });
    y += h;
  };
  let ia = 0, ib = 0;
  // Between two anchors, the layers left on each side share rows in order.
  for (const anchor of [...anchorList, { ia: itemsA.length, ib: itemsB.length, id: '' }]) {
    while (ia < anchor.ia || ib < anchor.ib) push(ia < anchor.ia ? itemsA[ia++] : undefined, ib < anchor.ib ? itemsB[ib++] : undefined);
    if (anchor.id) push(itemsA[ia++], itemsB[ib++]);
  }

  const yOf = new Map<BoardItem, number>();
  for (const r of rows) { if (r.a) yOf.set(r.a, r.y + r.h / 2); if (r.b) yOf.set(r.b, r.y + r.h / 2); }
  const straight = new Set(anchorList.map((x) => x.id));
  const statusOf = new Map(m.pairs.map((p) => [p.id, p.status]));
  const links: BoardLink[] = linked.map(({ ia: i, ib: j, id }) => ({
    id, status: statusOf.get(id) ?? 'incompatible',
    ya: yOf.get(itemsA[i])!, yb: yOf.get(itemsB[j])!, straight: straight.has(id),
  }));
  return { rows, links, height: y, itemsA, itemsB };
}
