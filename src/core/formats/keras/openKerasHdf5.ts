import type { ByteSource } from '../../io/byteSource';
import { FormatError, throwIfAborted } from '../../model/errors';
import type { ModelDoc } from '../../model/types';
import { Hdf5File, type H5Listing } from '../hdf5/hdf5File';
import type { OpenOptions } from '../reader';
import { attrStrings } from './h5Attrs';
import { assembleDoc } from './kerasDoc';
import { legacyFullModel, legacyWeightsOnly } from './legacyH5';
import { v3WeightsOnly } from './v3Weights';

export type KerasH5Layout = 'legacy-full' | 'legacy-weights' | 'v3-weights';

/** Which Keras writer made an HDF5 file, from its structure (never from its name). */
export function classifyKerasH5(file: Hdf5File, listing: H5Listing): KerasH5Layout {
  const attrs = file.attrNames('');
  if (attrs.includes('model_config')) return 'legacy-full';
  if (attrStrings(file, '', 'layer_names') !== undefined) return 'legacy-weights';
  const top = listing.groups.filter((g) => !g.includes('/'));
  if (top.includes('layers') || top.includes('vars')) return 'v3-weights';
  const seen = top.slice(0, 6).join(', ') || 'nothing';
  throw new FormatError(
    `an HDF5 file, but not a Keras model or weights file: no model_config, layer_names or layers group (top level holds ${seen})`,
  );
}

/** Opens a Keras HDF5 file. The file stays open for the document's tensors to read from. */
export async function openKerasHdf5(src: ByteSource, opts: OpenOptions): Promise<ModelDoc> {
  opts.onProgress?.(0.05, 'loading the HDF5 reader');
  const file = await Hdf5File.open(src, opts.signal);
  try {
    throwIfAborted(opts.signal);
    opts.onProgress?.(0.5, 'reading the HDF5 structure');
    const listing = file.list();
    const layout = classifyKerasH5(file, listing);
    const parts = layout === 'legacy-full' ? legacyFullModel(file, listing)
      : layout === 'legacy-weights' ? legacyWeightsOnly(file, listing)
        : v3WeightsOnly(file, listing);
    opts.onProgress?.(1, 'done');
    return assembleDoc({ ...parts, fileName: src.name, fileSize: src.size });
  } catch (err) {
    file.close();
    throw err;
  }
}
