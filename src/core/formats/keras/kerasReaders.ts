import { FormatError } from '../../model/errors';
import type { FormatReader } from '../reader';
import { findSignature } from '../hdf5/superblock';
import type { ZipDirectory } from '../zip/zipReader';

export function isKerasZip(zip: ZipDirectory): boolean {
  return zip.byName.has('config.json') && (zip.byName.has('model.weights.h5') || zip.byName.has('metadata.json'));
}

/**
 * The two Keras readers. They only sniff bytes here; the code that parses (and the ~1 MB h5wasm
 * it needs) is loaded with import() when a Keras file is actually opened, so listing these readers
 * in the registry costs the first screen almost nothing.
 */
export const kerasHdf5Reader: FormatReader = {
  id: 'keras-h5',
  label: 'Keras HDF5 (.h5, .hdf5, .weights.h5, HDF5 saved as .keras)',
  // A zip is never HDF5, even when a stored .h5 entry happens to put the HDF5 signature at
  // offset 512/1024/2048 of the zip (where HDF5 looks for it behind a user block).
  accepts: (s) => !s.zip && findSignature(s.head) >= 0,
  async open(src, _s, opts) {
    const { openKerasHdf5 } = await import('./openKerasHdf5');
    return openKerasHdf5(src, opts);
  },
};

export const kerasZipReader: FormatReader = {
  id: 'keras-zip',
  label: 'Keras 3 (.keras)',
  accepts: (s) => !!s.zip && isKerasZip(s.zip),
  async open(src, s, opts) {
    if (!s.zip) throw new FormatError('not a zip archive');
    const { openKerasZip } = await import('./openKerasZip');
    return openKerasZip(src, s.zip, opts);
  },
};
