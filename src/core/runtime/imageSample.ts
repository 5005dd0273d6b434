import type { InputSpec, Sample } from './types';

/** The image size a model's input wants: [height, width], or why an image cannot be its input. */
export function imageSizeFor(spec: InputSpec): { height: number; width: number; channels: number } {
  const at = (axis: string): number => spec.layout.indexOf(axis);
  const [c, h, w] = [at('C'), at('H'), at('W')];
  if (spec.shape.length !== 4 || c < 0 || h < 0 || w < 0 || spec.dtype !== 'float32') {
    throw new Error(`an image can only feed a model whose input is an image (N, C, H, W); this one takes [${spec.shape.join(', ')}] ${spec.layout}`);
  }
  const channels = spec.shape[c];
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new Error(`the model takes ${channels} channels; an image gives 1 (grey), 3 (RGB) or 4 (RGBA)`);
  return { height: spec.shape[h], width: spec.shape[w], channels };
}

/**
 * An image's pixels (RGBA, row-major, already at the model's height × width) as one sample in the
 * model's layout: values in [0, 1] like torchvision's ToTensor, grey as ITU-R BT.601 luma for
 * one-channel models. No mean/std normalisation: the model's own preprocessing is not in its file.
 */
export function sampleFromPixels(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, spec: InputSpec, origin: string): Sample {
  const size = imageSizeFor(spec);
  if (size.width !== width || size.height !== height) throw new Error(`${origin}: pixels are ${width}×${height}, the model wants ${size.width}×${size.height}`);
  if (rgba.length !== width * height * 4) throw new Error(`${origin}: expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const { channels } = size;
  const data = new Float32Array(width * height * channels);
  const channelsLast = spec.layout.indexOf('C') === 3;
  const plane = width * height;
  for (let p = 0; p < plane; p++) {
    const r = rgba[4 * p], g = rgba[4 * p + 1], b = rgba[4 * p + 2];
    const px = channels === 1 ? [(0.299 * r + 0.587 * g + 0.114 * b) / 255] : Array.from({ length: channels }, (_, k) => rgba[4 * p + k] / 255);
    for (let k = 0; k < channels; k++) data[channelsLast ? p * channels + k : k * plane + p] = px[k];
  }
  const shape = channelsLast ? [1, height, width, channels] : [1, channels, height, width];
  return { shape, layout: channelsLast ? 'NHWC' : 'NCHW', dtype: 'float32', data, origin: `${origin} (${width}×${height}, ${channels === 1 ? 'grey' : channels === 3 ? 'RGB' : 'RGBA'}, [0, 1])` };
}
