/**
 * Benchmark models built in code with random weights (no files): a ResNet-18 as a Keras
 * Functional config (residual Adds, as tfjs-layers builds it) and a plain nn.Sequential with
 * ResNet-18's convolutions (the torch runtime runs Sequential models only), both as ModelDocs
 * so they go through the same prepareModel path as files do.
 */
import { treeFromModelConfig } from '../../src/core/formats/keras';
import { finishTree, newNode } from '../../src/core/model/tree';
import type { LayerNode, ModelDoc, TensorRef } from '../../src/core/model/types';

type Json = Record<string, unknown>;

let seed = 12345;
function random(n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    out[i] = ((seed / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

function tensor(name: string, shape: number[], data: Float32Array): TensorRef {
  const bytes = new Uint8Array(data.buffer);
  return {
    name, shape, dtype: 'float32', layout: '', numel: data.length, byteLength: bytes.byteLength, group: 'model',
    read: async () => bytes,
  };
}

function doc(name: string, format: ModelDoc['format'], root: LayerNode, tensors: TensorRef[]): ModelDoc {
  finishTree(root, new Map(tensors.map((t) => [t.name, t])));
  return { fileName: name, fileSize: 0, format, producer: 'built in code', root, tensors, metadata: {}, warnings: [], contents: 'whole nn.Module' };
}

/** ResNet-18's convolutions (7×7/2, then 16 3×3 in four stages) in a plain torch Sequential. */
export function torchResNet18Plain(): ModelDoc {
  const root = newNode('', '');
  Object.assign(root, { kind: 'Sequential', kindFrom: 'class', className: 'torch.nn.modules.container.Sequential' });
  const tensors: TensorRef[] = [];
  let i = 0;
  const add = (kind: string, mod: string, config: Json, params: Record<string, [number[], number]> = {}): void => {
    const node = newNode(String(i), String(i));
    Object.assign(node, { kind, kindFrom: 'class', className: `torch.nn.modules.${mod}.${kind}`, config });
    for (const [role, [shape, scale]] of Object.entries(params)) {
      const t = tensor(`${i}.${role}`, shape, random(shape.reduce((a, b) => a * b, 1), scale));
      tensors.push(t);
      node.tensors.push(t.name);
    }
    root.children.push(node);
    i++;
  };
  const conv = (cin: number, cout: number, k: number, s: number): void => {
    add('Conv2d', 'conv', { in_channels: cin, out_channels: cout, kernel_size: [k, k], stride: [s, s], padding: [k >> 1, k >> 1], dilation: [1, 1], groups: 1 },
      { weight: [[cout, cin, k, k], Math.sqrt(2 / (cin * k * k))] });
    add('BatchNorm2d', 'batchnorm', { num_features: cout, eps: 1e-5 },
      { weight: [[cout], 1], bias: [[cout], 0.1], running_mean: [[cout], 0.1], running_var: [[cout], 0.5] });
    add('ReLU', 'activation', {});
  };
  conv(3, 64, 7, 2);
  add('MaxPool2d', 'pooling', { kernel_size: 3, stride: 2, padding: 1, dilation: 1, ceil_mode: false });
  let c = 64;
  for (const [out, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
    for (let j = 0; j < 4; j++) { conv(j === 0 ? c : out, out, 3, j === 0 ? stride : 1); }
    c = out;
  }
  add('AdaptiveAvgPool2d', 'pooling', { output_size: [1, 1] });
  add('Flatten', 'flatten', { start_dim: 1, end_dim: -1 });
  add('Linear', 'linear', { in_features: 512, out_features: 1000 }, { weight: [[1000, 512], 0.05], bias: [[1000], 0.01] });
  return doc('resnet18-plain (torch Sequential, random weights)', 'torch-zip', root, tensors);
}

/** ResNet-18 (basic blocks, 1×1 projection shortcuts) as a Keras 2 Functional config. */
export function kerasResNet18Config(): Json {
  const layers: Json[] = [];
  const layer = (cls: string, name: string, config: Json, inputs: string[]): string => {
    layers.push({ class_name: cls, name, config: { name, ...config }, inbound_nodes: inputs.length ? [inputs.map((n) => [n, 0, 0, {}])] : [] });
    return name;
  };
  let n = 0;
  const convBn = (x: string, filters: number, k: number, s: number, relu: boolean): string => {
    const id = n++;
    let y = layer('Conv2D', `conv${id}`, { filters, kernel_size: [k, k], strides: [s, s], padding: 'same', use_bias: false }, [x]);
    y = layer('BatchNormalization', `bn${id}`, { axis: -1, epsilon: 1e-5 }, [y]);
    return relu ? layer('Activation', `relu${id}`, { activation: 'relu' }, [y]) : y;
  };
  let x = layer('InputLayer', 'input', { batch_input_shape: [null, 224, 224, 3], dtype: 'float32' }, []);
  x = convBn(x, 64, 7, 2, true);
  x = layer('MaxPooling2D', 'pool0', { pool_size: [3, 3], strides: [2, 2], padding: 'same' }, [x]);
  let c = 64;
  for (const [out, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
    for (let j = 0; j < 2; j++) {
      const s = j === 0 ? stride : 1;
      const short = s !== 1 || c !== out ? convBn(x, out, 1, s, false) : x;
      const y = convBn(convBn(x, out, 3, s, true), out, 3, 1, false);
      x = layer('Activation', `block${n++}`, { activation: 'relu' }, [layer('Add', `add${n++}`, {}, [y, short])]);
      c = out;
    }
  }
  x = layer('GlobalAveragePooling2D', 'gap', {}, [x]);
  x = layer('Dense', 'fc', { units: 1000, activation: 'softmax' }, [x]);
  return { class_name: 'Functional', config: { name: 'resnet18', layers, input_layers: [['input', 0, 0]], output_layers: [[x, 0, 0]] } };
}

/** Random weights for a Keras config, shaped as tfjs-layers builds them, in a document. */
export async function kerasDocWithRandomWeights(config: Json, shapesOf: (config: Json) => Promise<Map<string, { name: string; shape: number[] }[]>>): Promise<ModelDoc> {
  const tree = treeFromModelConfig(config);
  const tensors: TensorRef[] = [];
  for (const [layerName, vars] of await shapesOf(config)) {
    const node = tree.root.children.find((c) => c.name === layerName);
    if (!node) continue;
    for (const v of vars) {
      const size = v.shape.reduce((a, b) => a * b, 1);
      const fanIn = v.shape.length > 1 ? v.shape.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
      const scale = /variance/.test(v.name) ? 0.5 : /gamma/.test(v.name) ? 1 : Math.sqrt(2 / fanIn);
      const data = /variance|gamma/.test(v.name) ? random(size, 0.2).map((x) => x + scale) : random(size, v.shape.length > 1 ? scale : 0.05);
      const t = tensor(`model_weights/${layerName}/${v.name}:0`, v.shape, data);
      tensors.push(t);
      node.tensors.push(t.name);
    }
  }
  return { ...doc('resnet18 (Keras Functional, random weights)', 'keras-h5', tree.root, tensors), contents: 'full model (architecture + weights)' };
}
