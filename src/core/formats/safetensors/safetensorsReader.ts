import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import { throwIfAborted } from '../../model/errors';
import { torchLayout } from '../../model/inferKind';
import { treeFromNames, walk } from '../../model/tree';
import type { LayerNode, ModelDoc, TensorRef } from '../../model/types';
import { numelOf } from '../../model/view';
import { allowRangeReads } from '../../model/rangeRead';
import type { FormatReader, Sniffed } from '../reader';
import { readSafetensorsHeader, type SafetensorsEntry } from './header';

/**
 * safetensors has no magic number: the file starts with the header length, then '{'. We accept
 * that shape (whatever the length says, so a bad length gets a specific message) or the extension
 * as a last resort, which is why this reader is listed after every reader with a real signature.
 */
export function looksLikeSafetensors(s: Sniffed): boolean {
  if (s.zip) return false;
  if (s.head.length >= 10 && s.head[8] === 0x7b) {
    const next = s.head[9];
    if (next === 0x22 || next === 0x7d || next === 0x20 || next === 0x0a) return true; // '"', '}', ' ', '\n'
  }
  return /\.safetensors$/i.test(s.name);
}

function tensorOf(src: ByteSource, e: SafetensorsEntry): TensorRef {
  const t: TensorRef = {
    name: e.name, shape: e.shape, dtype: e.dtype, layout: '', numel: numelOf(e.shape),
    byteLength: e.byteLength, group: 'model',
    async read(signal) {
      throwIfAborted(signal);
      // safetensors stores little-endian row-major bytes: exactly our convention, no conversion.
      return readExact(src, e.begin, e.byteLength);
    },
  };
  allowRangeReads(t.read, e.byteLength, (o, n) => readExact(src, e.begin + o, n));
  return t;
}

function setLayouts(root: LayerNode, byName: Map<string, TensorRef>): void {
  for (const [node] of walk(root)) {
    for (const name of node.tensors) {
      const t = byName.get(name);
      if (t) t.layout = torchLayout(node.kind, name, t.shape);
    }
  }
}

function producerOf(meta: Record<string, string>): string {
  const facts = Object.entries(meta)
    .filter(([, v]) => v.length <= 40)
    .slice(0, 4)
    .map(([k, v]) => `${k} ${v}`);
  return facts.length ? `safetensors (${facts.join(', ')})` : 'safetensors';
}

export async function openSafetensors(src: ByteSource, signal?: AbortSignal): Promise<ModelDoc> {
  const header = await readSafetensorsHeader(src);
  throwIfAborted(signal);
  const tensors = header.entries.map((e) => tensorOf(src, e));
  // Torch writes dotted names; other writers (TF, JAX) use '/'.
  const sep = tensors.some((t) => t.name.includes('.')) || !tensors.some((t) => t.name.includes('/')) ? '.' : '/';
  const root = treeFromNames(tensors, sep);
  setLayouts(root, new Map(tensors.map((t) => [t.name, t])));
  return {
    fileName: src.name,
    fileSize: src.size,
    format: 'safetensors',
    producer: producerOf(header.metadata),
    root,
    tensors,
    metadata: { ...header.metadata },
    warnings: header.warnings,
    contents: 'tensors (safetensors: a flat name → tensor map)',
  };
}

export const safetensorsReader: FormatReader = {
  id: 'safetensors',
  label: 'safetensors (.safetensors)',
  accepts: looksLikeSafetensors,
  open: (src, _s, opts) => openSafetensors(src, opts.signal),
};
