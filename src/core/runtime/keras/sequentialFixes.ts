import type { Json } from './kerasConfig';

/**
 * Differences between Keras and tfjs-layers that only show with shapes, fixed by following the
 * rank and image size of a Sequential model from its input:
 * - tf.keras copies batch_input_shape into later layers; tfjs warns about each: kept on the first only;
 * - Keras (3) lets Flatten take a rank-2 input (a no-op), tfjs refuses: it becomes an identity;
 * - tfjs's Resizing drops the batch axis from its output shape: a Resizing to the size the image
 *   already has (common after augmentation layers) becomes an identity, any other is refused.
 * Identities are linear Activations, which every tfjs version builds.
 */

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const SAME_SHAPE = new Set([
  'Activation', 'Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Rescaling', 'BatchNormalization', 'LayerNormalization',
  'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'SpatialDropout1D', 'Masking',
]);

interface Shape { rank?: number; hw?: unknown[] }

function next(cls: string, c: Json, s: Shape): Shape {
  if (SAME_SHAPE.has(cls)) return s;
  if (/^Global(Average|Max)Pooling[123]D$/.test(cls)) return { rank: c.keepdims === true ? s.rank : 2 };
  if (cls === 'Dense') return { rank: s.rank };
  if (cls === 'Flatten') return { rank: 2 };
  if (cls === 'Embedding') return { rank: s.rank === undefined ? undefined : s.rank + 1 };
  if (cls === 'Reshape' && Array.isArray(c.target_shape)) return { rank: c.target_shape.length + 1 };
  if (/^(Conv|MaxPooling|AveragePooling|ZeroPadding|UpSampling|Cropping)2D|^DepthwiseConv2D$|^SeparableConv2D$/.test(cls)) return { rank: 4 };
  if (cls === 'LSTM' || cls === 'GRU' || cls === 'SimpleRNN') return { rank: c.return_sequences === true ? 3 : 2 };
  return {};
}

const identity = (l: Json, c: Json): Json => ({ ...l, class_name: 'Activation', config: { name: c.name, activation: 'linear', trainable: false } });

export function fixSequential(layers: Json[], notes: string[]): string[] {
  const problems: string[] = [];
  let s: Shape = {};
  let seenInput = false;
  layers.forEach((l, i) => {
    const cls = String(l.class_name);
    const c = isRecord(l.config) ? { ...l.config } : {};
    if (Array.isArray(c.batch_input_shape)) {
      if (!seenInput) s = { rank: c.batch_input_shape.length, hw: c.batch_input_shape.slice(1, 3) };
      else delete c.batch_input_shape;
      seenInput = true;
      l.config = c;
    }
    if (cls === 'Flatten' && s.rank === 2) {
      layers[i] = identity(l, c);
      notes.push(`layer "${String(c.name)}" (Flatten) of a 2-d input does nothing: run as an identity`);
      return;
    }
    if (cls === 'Resizing') {
      if (s.hw && s.rank === 4 && s.hw[0] === c.height && s.hw[1] === c.width) {
        layers[i] = identity(l, c);
        notes.push(`layer "${String(c.name)}" (Resizing) to the image's own size: run as an identity`);
      } else {
        problems.push(`layer "${String(c.name)}" (Resizing) changes the image size, which tfjs-layers' Resizing gets wrong (it drops the batch axis)`);
      }
      return;
    }
    if (cls !== 'InputLayer') s = next(cls, c, s);
  });
  return problems;
}
