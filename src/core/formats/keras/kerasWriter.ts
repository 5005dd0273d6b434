import type { DType } from '../../model/dtype';
import { buildHdf5 } from '../hdf5/h5Writer';

/**
 * The Keras 2 `model.save('x.h5')` layout, as keras 2.13 writes it: root attributes
 * `keras_version`, `backend`, `model_config` (JSON, fixed-length bytes as h5py stores np.bytes_);
 * group `model_weights` with `layer_names` (fixed-length strings, every layer but the InputLayer),
 * `backend`, `keras_version`; per layer a group with `weight_names` (`<layer>/<weight>:0`, or an
 * empty float64 array for layers without weights, as h5py stores `[]`) and the datasets at
 * `model_weights/<layer>/<layer>/<weight>:0`. keras.models.load_model and tfjs-layers read it.
 */
export interface KerasH5Weight { name: string; shape: number[]; dtype: DType; bytes: Uint8Array }
export interface KerasH5Layer { name: string; weights: KerasH5Weight[] }
export interface KerasH5Model {
  modelConfig: unknown;
  /** in model order, without the InputLayer */
  layers: KerasH5Layer[];
  kerasVersion?: string;
  backend?: string;
}

export const KERAS_VERSION = '2.13.1';

export function writeKerasH5(m: KerasH5Model): Promise<Uint8Array> {
  const version = m.kerasVersion ?? KERAS_VERSION, backend = m.backend ?? 'tensorflow';
  return buildHdf5('the Keras file', (b) => {
    b.attr('', 'backend', backend);
    b.attr('', 'keras_version', version);
    b.attr('', 'model_config', JSON.stringify(m.modelConfig));
    b.group('model_weights');
    b.attr('model_weights', 'backend', backend);
    b.attr('model_weights', 'keras_version', version);
    b.attr('model_weights', 'layer_names', m.layers.map((l) => l.name));
    for (const l of m.layers) {
      const g = `model_weights/${l.name}`;
      b.group(g);
      b.attr(g, 'weight_names', l.weights.length ? l.weights.map((w) => `${l.name}/${w.name}:0`) : { float64: [] });
      if (!l.weights.length) continue;
      b.group(`${g}/${l.name}`);
      for (const w of l.weights) b.dataset(`${g}/${l.name}/${w.name}:0`, w.shape, w.dtype, w.bytes);
    }
  });
}
