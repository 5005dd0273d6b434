import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CannotRunError, prepareModel, withArchitectureOf } from '../../src/core/runtime';
import { HAS_SHARED, OWN_FIXTURES, SHARED } from '../helpers/fixtures';
import { cannotRunReason, openFile } from './helpers';

const real = (f: string): string => join(SHARED, 'real', f);

/** Models whose computation is not in their file say so, naming what is missing. */
describe.skipIf(!HAS_SHARED)('models that cannot run from their file', () => {
  const cases: [string, RegExp][] = [
    [join(SHARED, 'torch', 'simple_nn.pt'), /^cannot run: the forward of __main__\.SimpleNN is Python code not stored in the file/],
    [join(SHARED, 'torch', 'complexnet.pt'), /^cannot run: the forward of __main__\.ComplexNet is Python code not stored in the file/],
    [join(SHARED, 'torch', 'lenet5.state_dict.pt'), /^cannot run: lenet5\.state_dict\.pt holds a state_dict: weights only, no architecture; its weights can run with the architecture/],
    [real('keras2-h5/carnd-nvidia-lambda-dropout-keras224.h5'), /^cannot run: layer "lambda_1" \(Lambda\) is a Lambda layer: its Python function is stored as bytecode, which is never run/],
    [real('keras-old/carnd-nvidia-lambda-keras1.1.1.h5'), /layer "lambda_1" \(Lambda\) is a Lambda layer/],
    [real('keras2-h5/siamese-2input-shared-subclassed-lambda-tfkeras2.9.h5'), /layer "res_net" \(ResNet\) is a custom class whose computation is Python code not stored in the file/],
    [real('keras3/siamese-2input-nested-seq-custom-layer-keras3.5.keras'), /layer "cosine_distance" \(CosineDistance\) is a custom class/],
    [real('keras3/vae-subclassed-tfkeras2.14-v3format.keras'), /subclassed model \(VAE\): its call\(\) is Python code not stored in the file/],
    [real('keras3/conv-encoder-ops-layers-keras3.4.1.keras'), /layer "max" \(Max\) is not a layer tfjs-layers can build/],
    [real('keras2-weights-h5/lenet5-weights-keras224.h5'), /holds weights only \(save_weights\), no architecture: add the model JSON/],
    [real('torchscript/mlp-traced-torchscript-2022.pt'), /the forward of model\.MLP2 calls torch\.slice, which the runtime does not implement/],
    [real('torchscript/adder-mlp-scripted-torch2x.pt'), /the forward of Adder takes 2 inputs/],
    [real('torchscript/mnist-cnn-torchscript-v1-2019.pt'), /2019 TorchScript layout/],
    [real('torch-state-dict/lenet-state-dict-quantized-qint8.pt'), /^cannot run: .*state_dict/],
    [real('other/mlp-safetensors-torch-with-metadata.safetensors'), /safetensors file: tensors without an architecture/],
  ];
  for (const [file, reason] of cases) {
    it(file.split('/').pop()!, async () => {
      expect(await cannotRunReason(file)).toMatch(reason);
    });
  }

  it('a CannotRunError is what prepareModel throws', async () => {
    const f = await openFile(join(SHARED, 'torch', 'simple_nn.pt'));
    await expect(prepareModel(f.doc)).rejects.toBeInstanceOf(CannotRunError);
    await f.close();
  });

  it('simple_nn.pth (a state_dict) does not fit LeNet-5: the mismatch is named', async () => {
    const w = await openFile(join(SHARED, 'torch', 'simple_nn.pth'));
    const arch = await openFile(join(SHARED, 'torch', 'lenet5.pt'));
    expect(() => withArchitectureOf(arch.doc, w.doc)).toThrow(/do not match the architecture's 1:1 \(missing 0\.weight/);
    await w.close();
    await arch.close();
  });
});

describe('own fixtures that cannot run', () => {
  it('usernet.pt: a user class', async () => {
    expect(await cannotRunReason(join(OWN_FIXTURES, 'torch', 'usernet.pt'))).toMatch(/the forward of __main__\.UserNet is Python code/);
  });
  it('quantized.pt: no module, and quantized tensors', async () => {
    expect(await cannotRunReason(join(OWN_FIXTURES, 'torch', 'quantized.pt'))).toMatch(/^cannot run: /);
  });
  it('k3-functional.keras: two inputs', async () => {
    expect(await cannotRunReason(join(OWN_FIXTURES, 'keras', 'k3-functional.keras'))).toMatch(/takes 2 inputs/);
  });
});
