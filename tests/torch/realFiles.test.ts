import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import { sha256Hex } from '../../src/core/model/hash';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON } from '../helpers/fixtures';

/**
 * Every PyTorch file from public repositories in ../shared/fixtures/real opens. Where real torch
 * can read a file with weights_only=True, its listing (expected/real-torch.json, made by
 * list_real_torch.py) is the oracle for names, shapes, dtypes and sha256.
 */
const FOLDERS = ['torch-checkpoint', 'torch-legacy', 'torch-module', 'torch-state-dict', 'torchscript'];
interface Listing { loadable: boolean; reason?: string; tensors?: { name: string; shape: number[]; dtype: string; sha256: string }[] }
const oracle = JSON.parse(readFileSync(join(__dirname, 'expected', 'real-torch.json'), 'utf8')) as Record<string, Listing>;

/** Facts from real/MANIFEST.md for files torch itself will not load without running code. */
const FACTS: Record<string, { format: string; contents: RegExp; tensors: number; check?: (names: string[]) => void }> = {
  'torch-checkpoint/adder-checkpoint-epoch-state-optimizer.pth': { format: 'torch-zip', contents: /checkpoint/, tensors: 4 },
  'torch-checkpoint/sbs-linreg-checkpoint-model-optimizer.pth': { format: 'torch-zip', contents: /checkpoint \(state_dict under "model_state_dict"\)/, tensors: 2 },
  'torch-legacy/morvan-sequential-whole-module-legacy.pkl': { format: 'torch-legacy', contents: /whole nn\.Module \(torch\.nn\.modules\.container\.Sequential\)/, tensors: 4 },
  'torch-module/cnn-bn-dropout-whole-module-custom-class.pt': { format: 'torch-zip', contents: /whole nn\.Module \(ModelCreation\.CNN\)/, tensors: 37 },
  'torch-module/mlp-sequential-whole-module.pkl': { format: 'torch-zip', contents: /whole nn\.Module \(torch\.nn\.modules\.container\.Sequential\)/, tensors: 4 },
  'torch-state-dict/lenet-state-dict-quantized-qint8.pt': { format: 'torch-zip', contents: /state_dict/, tensors: 22 },
  'torchscript/mnist-cnn-torchscript-v1-2019.pt': {
    format: 'torchscript-v1', contents: /TorchScript/, tensors: 8,
    check: (names) => expect(names).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']),
  },
};

const files = HAS_SHARED ? FOLDERS.flatMap((f) => readdirSync(join(SHARED, 'real', f)).map((n) => `${f}/${n}`)) : [];

describe.skipIf(!HAS_SHARED)(`real-world PyTorch files ${HAS_SHARED ? '' : `(${SHARED_SKIP_REASON})`}`, () => {
  it('covers all 17 PyTorch files', () => expect(files.length).toBe(17));

  for (const rel of files) {
    it(`${rel} opens, and every tensor reads back whole`, async () => {
      const src = await fileSource(join(SHARED, 'real', rel));
      try {
        const doc = await openModel(src);
        const listing = oracle[rel];
        if (listing?.loadable) {
          const ours = doc.tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: t.dtype }));
          expect(ours).toEqual(listing.tensors!.map(({ name, shape, dtype }) => ({ name, shape, dtype })));
          for (const [i, t] of doc.tensors.entries()) expect(await sha256Hex(await t.read()), t.name).toBe(listing.tensors![i].sha256);
        } else {
          const facts = FACTS[rel];
          expect(facts, `no oracle and no facts for ${rel}`).toBeDefined();
          expect(doc.format).toBe(facts.format);
          expect(doc.contents).toMatch(facts.contents);
          expect(doc.tensors.length).toBe(facts.tensors);
          facts.check?.(doc.tensors.map((t) => t.name));
          for (const t of doc.tensors) expect((await t.read()).byteLength, t.name).toBe(t.byteLength);
        }
      } finally {
        await src.close();
      }
    });
  }

  it('quantized qint8 tensors keep their quantisation parameters', async () => {
    const src = await fileSource(join(SHARED, 'real', 'torch-state-dict/lenet-state-dict-quantized-qint8.pt'));
    const doc = await openModel(src);
    const q = doc.tensors.filter((t) => t.dtype === 'qint8');
    expect(q.length).toBeGreaterThan(0);
    expect(q.every((t) => t.quant?.scheme.startsWith('per_'))).toBe(true);
    await src.close();
  });

  it("a user class's module tree keeps the class name and its submodules' hyper-parameters", async () => {
    const src = await fileSource(join(SHARED, 'real', 'torch-module/cnn-bn-dropout-whole-module-custom-class.pt'));
    const doc = await openModel(src);
    expect(doc.root.className).toBe('ModelCreation.CNN');
    const convs = doc.root.children.filter((c) => c.kind === 'Conv2d');
    expect(convs.length).toBeGreaterThan(0);
    expect(convs[0].config).toHaveProperty('kernel_size');
    expect(convs[0].kindFrom).toBe('class');
    await src.close();
  });
});
