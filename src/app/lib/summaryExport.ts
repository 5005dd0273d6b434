/**
 * The model summary as JSON (everything the summary and tree show) and as CSV (one row per
 * tensor, with the layer it belongs to), built from the ModelDocView the main thread holds.
 */
import type { LayerNode, ModelDocView } from '../../core/model/types';

interface LayerOf { path: string; kind: string }

function layersByTensor(root: LayerNode): Map<string, LayerOf> {
  const out = new Map<string, LayerOf>();
  const visit = (n: LayerNode): void => {
    for (const t of n.tensors) if (!out.has(t)) out.set(t, { path: n.path, kind: n.kind });
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}

function layerList(root: LayerNode): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (n: LayerNode): void => {
    for (const c of n.children) {
      out.push({
        path: c.path, name: c.name, kind: c.kind, kindFrom: c.kindFrom, className: c.className,
        params: c.params, bytes: c.bytes, tensors: c.tensors, inputs: c.inputs, config: c.config,
      });
      visit(c);
    }
  };
  visit(root);
  return out;
}

/** JSON that never throws: bigints as strings, typed arrays as plain arrays. */
function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  return v;
}

export function summaryJson(doc: ModelDocView): string {
  const layerOf = layersByTensor(doc.root);
  const tensors = doc.tensors.map((t) => ({
    name: t.name, shape: t.shape, dtype: t.dtype, layout: t.layout, numel: t.numel, bytes: t.byteLength, group: t.group,
    layer: layerOf.get(t.name)?.path ?? null, tiedTo: t.tiedTo, quant: t.quant,
  }));
  const out = {
    fileName: doc.fileName, fileSize: doc.fileSize, format: doc.format, producer: doc.producer, contents: doc.contents,
    totalParams: doc.totalParams, bytesByDtype: doc.bytesByDtype, warnings: doc.warnings, metadata: doc.metadata,
    tensors, layers: layerList(doc.root),
  };
  return JSON.stringify(out, replacer, 2);
}

export const CSV_COLUMNS = ['name', 'shape', 'dtype', 'layout', 'numel', 'bytes', 'group', 'layer', 'layer_kind'] as const;

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function summaryCsv(doc: ModelDocView): string {
  const layerOf = layersByTensor(doc.root);
  const rows = doc.tensors.map((t) => {
    const l = layerOf.get(t.name);
    return [t.name, `[${t.shape.join(',')}]`, t.dtype, t.layout, t.numel, t.byteLength, t.group, l?.path ?? '', l?.kind ?? ''];
  });
  return [CSV_COLUMNS as readonly string[], ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
