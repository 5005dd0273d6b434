/**
 * Warms a spare model worker for HDF5 files: loads h5wasm, then writes and opens a tiny Keras 2
 * file through the same path a dropped file takes (a Blob mounted with WORKERFS, the Keras HDF5
 * reader, one tensor read). Loading alone is not enough: the browser compiles a WebAssembly
 * function when it is first called, and the JavaScript reader is not yet optimised either, so
 * without this the user's next open would pay for compiling HDF5's B-tree, object-header and
 * attribute code.
 */
import { openModel } from '../core/formats/registry';
import { blobSource } from '../core/io/byteSource';

const MODEL_CONFIG = JSON.stringify({
  class_name: 'Sequential',
  config: { name: 'warm', layers: [
    { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], dtype: 'float32', name: 'input' } },
    { class_name: 'Dense', config: { name: 'dense', units: 3, activation: 'linear', use_bias: true } },
  ] },
});

const floats = (n: number): Uint8Array => new Uint8Array(Float32Array.from({ length: n }, (_, i) => i / n).buffer);

/** Returns the number of tensors the warm-up file showed (2), so a test can tell it really opened. */
export async function warmHdf5(): Promise<number> {
  const { buildHdf5 } = await import('../core/formats/hdf5/h5Writer');
  const { releaseKerasModel } = await import('../core/formats/keras');
  const bytes = await buildHdf5('the warm-up file', (b) => {
    b.attr('', 'keras_version', '2.13.1');
    b.attr('', 'backend', 'tensorflow');
    b.attr('', 'model_config', MODEL_CONFIG);
    b.group('model_weights');
    b.attr('model_weights', 'layer_names', ['dense']);
    b.group('model_weights/dense');
    b.attr('model_weights/dense', 'weight_names', ['dense/kernel:0', 'dense/bias:0']);
    b.group('model_weights/dense/dense');
    b.dataset('model_weights/dense/dense/kernel:0', [2, 3], 'float32', floats(6));
    b.dataset('model_weights/dense/dense/bias:0', [3], 'float32', floats(3));
  });
  const doc = await openModel(blobSource(new Blob([bytes as BlobPart]), 'warm-up.h5'));
  try {
    await doc.tensors[0]?.read();
    return doc.tensors.length;
  } finally {
    releaseKerasModel(doc);
  }
}
