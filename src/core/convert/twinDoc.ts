import { DTYPE_SIZE, type DType } from '../model/dtype';
import { newNode } from '../model/tree';
import type { LayerNode, ModelDoc, TensorRef } from '../model/types';
import { ConvertError } from './errors';

/**
 * A document describing a file that does not exist yet: the layers and tensor shapes a standalone
 * conversion will write, in the other framework's naming and layout. Mapping the real source onto
 * it with autoMap reuses every layout rule (conv transposes, the Flatten row permutation,
 * BatchNorm renames, RNN gates), so standalone output is exactly what converting into an existing
 * file of that shape would give. Its tensors have shapes but no values.
 */
export interface TwinTensor { name: string; shape: number[]; dtype: DType; layout?: string }
export interface TwinLayer { path: string; kind: string; config: Record<string, unknown>; tensors: TwinTensor[] }

const numelOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function twinDoc(framework: 'torch' | 'keras', fileName: string, layers: TwinLayer[]): ModelDoc {
  const root = newNode('', '');
  root.kind = 'Sequential';
  root.kindFrom = framework === 'torch' ? 'class' : 'config';
  const tensors: TensorRef[] = [];
  for (const l of layers) {
    const node: LayerNode = { ...newNode(l.path, l.path), kind: l.kind, kindFrom: framework === 'torch' ? 'class' : 'config', config: l.config };
    for (const t of l.tensors) {
      const numel = numelOf(t.shape);
      tensors.push({
        name: t.name, shape: t.shape, dtype: t.dtype, layout: t.layout ?? '', numel, byteLength: numel * DTYPE_SIZE[t.dtype], group: 'model',
        read: () => Promise.reject(new ConvertError(`\`${t.name}\` is part of a file still to be written; it has no values yet`)),
      });
      node.tensors.push(t.name);
    }
    root.children.push(node);
  }
  return {
    fileName, fileSize: 0, format: framework === 'torch' ? 'torch-zip' : 'keras-h5', producer: 'Weightbridge (to be written)',
    root, tensors, metadata: {}, warnings: [], contents: framework === 'torch' ? 'state_dict' : 'full model (architecture + weights)',
  };
}
