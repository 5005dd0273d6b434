import { openModel } from '../core/formats/registry';
import { releaseKerasModel } from '../core/formats/keras';
import { fileSource } from '../core/io/nodeSource';
import { sha256Hex } from '../core/model/hash';
import { walk } from '../core/model/tree';
import { toView } from '../core/model/view';
import type { ModelDoc } from '../core/model/types';

export interface InspectJson {
  file: string;
  format: string;
  producer: string;
  contents: string;
  totalParams: number;
  tensors: { name: string; shape: number[]; dtype: string; group: string; layout: string; tiedTo?: string; sha256?: string }[];
  layers: { path: string; kind: string; params: number }[];
  metadata: Record<string, unknown>;
  warnings: string[];
  /** pickle-based files: every global the pickle names, classified, and the dangerous ones */
  globals?: { name: string; category: string }[];
  dangerous?: string[];
}

export async function inspectFile(path: string, withHash: boolean): Promise<{ doc: ModelDoc; json: InspectJson }> {
  const src = await fileSource(path);
  let opened: ModelDoc | undefined;
  try {
    const doc = (opened = await openModel(src));
    const view = toView(doc);
    const tensors: InspectJson['tensors'] = [];
    for (const t of doc.tensors) {
      const row: InspectJson['tensors'][number] = { name: t.name, shape: t.shape, dtype: t.dtype, group: t.group, layout: t.layout };
      if (t.tiedTo) row.tiedTo = t.tiedTo;
      if (withHash) row.sha256 = await sha256Hex(await t.read());
      tensors.push(row);
    }
    const layers = [...walk(doc.root)].filter(([n]) => n !== doc.root).map(([n]) => ({ path: n.path, kind: n.kind, params: n.params }));
    const json: InspectJson = {
      file: path, format: doc.format, producer: doc.producer, contents: doc.contents, totalParams: view.totalParams,
      tensors, layers, metadata: doc.metadata, warnings: doc.warnings,
    };
    if (doc.safety) {
      json.globals = doc.safety.globals.map(({ name, category }) => ({ name, category }));
      json.dangerous = doc.safety.dangerous;
    }
    return { doc, json };
  } finally {
    // HDF5-based documents hold their own file handle in h5wasm.
    if (opened) releaseKerasModel(opened);
    await src.close();
  }
}

const fmtInt = (n: number): string => n.toLocaleString('en-US');

export function renderText(doc: ModelDoc, json: InspectJson): string {
  const lines: string[] = [];
  lines.push(`${doc.fileName}  (${fmtInt(doc.fileSize)} bytes)`);
  lines.push(`  format:     ${doc.producer}`);
  lines.push(`  contents:   ${doc.contents}`);
  lines.push(`  parameters: ${fmtInt(json.totalParams)} in ${json.tensors.length} tensors`);
  for (const [k, v] of Object.entries(doc.metadata)) {
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    lines.push(`  ${k}: ${s.length > 100 ? `${s.slice(0, 97)}…` : s}`);
  }
  for (const w of doc.warnings) lines.push(`  warning: ${w}`);
  if (doc.safety) {
    lines.push(`  pickle globals (${doc.safety.globals.length}; never called here):`);
    for (const g of doc.safety.globals) lines.push(`    ${g.category === 'dangerous' ? '!!' : '  '} ${g.name}  [${g.category}]`);
  }
  lines.push('');
  const byName = new Map(json.tensors.map((t) => [t.name, t]));
  for (const [node, depth] of walk(doc.root)) {
    const indent = '  '.repeat(Math.max(0, depth - 1));
    if (node !== doc.root) lines.push(`${indent}${node.name}  ${node.kind || '·'}  ${fmtInt(node.params)} params`);
    for (const name of node.tensors) {
      const t = byName.get(name)!;
      const leaf = name.slice(name.lastIndexOf('.') + 1);
      const extra = [t.layout, t.tiedTo ? `tied to ${t.tiedTo}` : '', t.sha256 ?? ''].filter(Boolean).join('  ');
      lines.push(`${indent}  ${leaf}  ${t.shape.join('×') || 'scalar'} ${t.dtype}  ${extra}`);
    }
  }
  return lines.join('\n');
}
