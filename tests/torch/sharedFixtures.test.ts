import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import { sha256Hex } from '../../src/core/model/hash';
import { parametrisedLayers } from '../../src/core/model/tree';
import { toView } from '../../src/core/model/view';
import { sumValues } from '../../src/core/model/stats';
import { toNumbers } from '../../src/core/model/dtype';
import type { ModelDoc } from '../../src/core/model/types';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON, type RefJson } from '../helpers/fixtures';

const dir = join(SHARED, 'torch');

/** Each model file and the ref.json whose tensors it must hold exactly. */
const CASES: [file: string, ref: string, format: string, contents: RegExp][] = [
  ['lenet5.pt', 'lenet5', 'torch-zip', /whole nn\.Module \(torch\.nn\.modules\.container\.Sequential\)/],
  ['lenet5.state_dict.pt', 'lenet5', 'torch-zip', /^state_dict$/],
  ['lenet5.legacy.pt', 'lenet5', 'torch-legacy', /^state_dict$/],
  ['lenet5.torchscript.pt', 'lenet5', 'torchscript', /TorchScript/],
  ['cnn_bn.pth', 'cnn_bn', 'torch-zip', /^state_dict$/],
  ['complexnet.pt', 'complexnet', 'torch-zip', /whole nn\.Module \(__main__\.ComplexNet\)/],
  ['complexnet.pth', 'complexnet', 'torch-zip', /^state_dict$/],
  ['simple_nn.pt', 'simple_nn', 'torch-zip', /whole nn\.Module \(__main__\.SimpleNN\)/],
  ['simple_nn.pth', 'simple_nn', 'torch-zip', /^state_dict$/],
];

async function open(file: string): Promise<ModelDoc> {
  const src = await fileSource(join(dir, file));
  try {
    return await openModel(src);
  } finally {
    // Tensor reads after close reopen nothing: tests that read bytes use openWithSource.
  }
}

describe.skipIf(!HAS_SHARED)(`shared torch fixtures ${HAS_SHARED ? '' : `(${SHARED_SKIP_REASON})`}`, () => {
  for (const [file, refName, format, contents] of CASES) {
    it(`${file}: every tensor's name, shape, dtype and sha256 equal ${refName}.ref.json`, async () => {
      const ref = JSON.parse(readFileSync(join(dir, `${refName}.ref.json`), 'utf8')) as RefJson;
      const doc = await open(file);
      expect(doc.format).toBe(format);
      expect(doc.contents).toMatch(contents);
      const model = doc.tensors.filter((t) => t.group === 'model');
      expect(model.map((t) => t.name).sort()).toEqual(ref.tensors.map((t) => t.name).sort());
      for (const r of ref.tensors) {
        const t = model.find((x) => x.name === r.name)!;
        expect(t.shape, r.name).toEqual(r.shape);
        expect(t.dtype, r.name).toBe(r.dtype);
        const bytes = await t.read();
        expect(await sha256Hex(bytes), r.name).toBe(r.sha256);
        expect(sumValues(toNumbers(t.dtype, bytes))).toBeCloseTo(r.sum, 3);
      }
      expect(toView(doc).totalParams).toBe(ref.total_params);
    });
  }

  it('lenet5.pt: the module tree has 5 parametrised layers with their classes and hyper-parameters', async () => {
    const doc = await open('lenet5.pt');
    const layers = parametrisedLayers(doc.root);
    expect(layers.map((l) => `${l.path}:${l.kind}`)).toEqual(['0:Conv2d', '3:Conv2d', '6:Conv2d', '9:Linear', '11:Linear']);
    expect(layers[0].config).toMatchObject({ in_channels: 1, out_channels: 6, kernel_size: [5, 5], stride: [1, 1], padding: [2, 2] });
    expect(layers[0].params).toBe(6 * 25 + 6);
    expect(doc.root.kind).toBe('Sequential');
    // Weightless modules (activations, pooling, Flatten) are in the tree too, in module order.
    expect(doc.root.children.map((c) => c.path)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(doc.tensors.find((t) => t.name === '0.weight')!.layout).toBe('OIHW');
    expect(doc.tensors.find((t) => t.name === '9.weight')!.layout).toBe('(out,in)');
    expect(doc.tensors.find((t) => t.name === '9.bias')!.layout).toBe('(out)');
  });

  it('cnn_bn.pth: BatchNorm inferred from running stats; num_batches_tracked is int64 and not a parameter', async () => {
    const doc = await open('cnn_bn.pth');
    const bn = doc.root.children.find((c) => c.name === 'bn1')!;
    expect(bn.kind).toBe('BatchNorm');
    expect(bn.kindFrom).toBe('inferred');
    const nbt = doc.tensors.find((t) => t.name === 'bn1.num_batches_tracked')!;
    expect(nbt.dtype).toBe('int64');
    expect(nbt.shape).toEqual([]);
  });

  it('lenet5.checkpoint.pth: model weights under model_state_dict, Adam state apart, scalars as metadata', async () => {
    const doc = await open('lenet5.checkpoint.pth');
    expect(doc.contents).toMatch(/checkpoint \(state_dict under "model_state_dict"\)/);
    expect(doc.metadata).toHaveProperty('epoch');
    expect(doc.metadata).toHaveProperty('train_loss');
    expect(doc.metadata).toHaveProperty('best_acc');
    const model = doc.tensors.filter((t) => t.group === 'model');
    expect(model.map((t) => t.name)).toContain('model_state_dict.0.weight');
    const opt = doc.tensors.filter((t) => t.group === 'optimizer');
    expect(opt.some((t) => /^optimizer_state_dict\.state\.\d+\.exp_avg$/.test(t.name))).toBe(true);
    expect(toView(doc).totalParams).toBe(61706);
    expect(doc.metadata['optimizer_state_dict.param_groups']).toBeDefined();
  });

  it('a truncated copy is refused with a message naming the file and the problem', async () => {
    const bytes = readFileSync(join(dir, 'lenet5.pt'));
    const { bytesSource } = await import('../../src/core/io/byteSource');
    for (const cut of [0.1, 0.5, 0.9, 0.999]) {
      const src = bytesSource(new Uint8Array(bytes.subarray(0, Math.floor(bytes.length * cut))), 'cut.pt');
      await expect(openModel(src)).rejects.toThrow(/^cut\.pt: .*(truncated|corrupt)/);
    }
  });
});
