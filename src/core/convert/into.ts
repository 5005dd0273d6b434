import type { Direction, Mapping } from '../mapping';
import type { ModelDoc } from '../model/types';
import { ConvertError } from './errors';
import { convertIntoKeras } from './intoKeras';
import { convertIntoTorch } from './intoTorch';
import type { Conversion, ConvertOptions, OpenedFile } from './types';

export interface IntoOptions extends ConvertOptions {
  /** 'a-to-b' (default): the source is the mapping's A and the target its B; 'b-to-a' the other way */
  direction?: Direction;
}

/**
 * Writes `source`'s weights into a copy of `target`, in the target's own format, naming and
 * layout: only the mapped tensors change, everything else in the target stays as it was.
 */
export async function convertInto(source: ModelDoc, target: OpenedFile, mapping: Mapping, opts: IntoOptions = {}): Promise<Conversion> {
  const direction = opts.direction ?? 'a-to-b';
  const f = target.doc.format;
  if (f.startsWith('keras')) return convertIntoKeras(source, target, mapping, direction, opts);
  if (f === 'torch-zip' || f === 'torchscript' || f === 'torch-legacy') return convertIntoTorch(source, target, mapping, direction, opts);
  throw new ConvertError(`writing into a ${f} file is not supported: choose a .pt/.pth, .h5 or .keras target, or convert standalone to .safetensors`);
}
