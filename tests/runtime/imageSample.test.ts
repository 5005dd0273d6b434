import { describe, expect, it } from 'vitest';
import { imageSizeFor, sampleFromPixels, type InputSpec } from '../../src/core/runtime';

const spec = (shape: number[], layout: string): InputSpec => ({ shape, layout, dtype: 'float32', editable: [0], note: '' });

/** 2×3 RGBA pixels whose channels are distinct: pixel p = (10p, 10p + 1, 10p + 2, 255). */
function pixels(w: number, h: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(w * h * 4);
  for (let p = 0; p < w * h; p++) px.set([10 * p, 10 * p + 1, 10 * p + 2, 255], 4 * p);
  return px;
}

describe('an image as a model input', () => {
  it('RGB into NCHW: one plane per channel, values / 255', () => {
    const s = sampleFromPixels(pixels(3, 2), 3, 2, spec([1, 3, 2, 3], 'NCHW'), 'x.png');
    expect(s.shape).toEqual([1, 3, 2, 3]);
    expect(s.layout).toBe('NCHW');
    // channel k of pixel p sits at k·6 + p
    for (let p = 0; p < 6; p++) for (let k = 0; k < 3; k++) expect(s.data[k * 6 + p]).toBeCloseTo((10 * p + k) / 255, 7);
  });

  it('RGB into NHWC: channels interleaved, as the pixels are', () => {
    const s = sampleFromPixels(pixels(3, 2), 3, 2, spec([1, 2, 3, 3], 'NHWC'), 'x.png');
    expect(s.shape).toEqual([1, 2, 3, 3]);
    for (let p = 0; p < 6; p++) for (let k = 0; k < 3; k++) expect(s.data[p * 3 + k]).toBeCloseTo((10 * p + k) / 255, 7);
  });

  it('one channel: BT.601 luma, so a grey pixel keeps its value', () => {
    const px = new Uint8ClampedArray([200, 200, 200, 255, 255, 0, 0, 255]);
    const s = sampleFromPixels(px, 2, 1, spec([1, 1, 1, 2], 'NCHW'), 'g.png');
    expect(s.data[0]).toBeCloseTo(200 / 255, 6);
    expect(s.data[1]).toBeCloseTo(0.299, 6);
  });

  it('refuses models whose input is not an image, and pixels of the wrong size', () => {
    expect(() => imageSizeFor(spec([1, 10], 'NC'))).toThrow(/only feed a model whose input is an image/);
    expect(() => imageSizeFor(spec([1, 5, 8, 8], 'NCHW'))).toThrow(/5 channels/);
    expect(imageSizeFor(spec([1, 28, 28, 1], 'NHWC'))).toEqual({ height: 28, width: 28, channels: 1 });
    expect(() => sampleFromPixels(pixels(3, 2), 3, 2, spec([1, 1, 28, 28], 'NCHW'), 'x.png')).toThrow(/3×2, the model wants 28×28/);
  });
});
