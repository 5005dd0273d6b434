import type { DType } from '../../model/dtype';
import type { H5Metadata } from './h5wasmTypes';

const INT: Record<number, DType> = { 1: 'int8', 2: 'int16', 4: 'int32', 8: 'int64' };
const UINT: Record<number, DType> = { 1: 'uint8', 2: 'uint16', 4: 'uint32', 8: 'uint64' };
const FLOAT: Record<number, DType> = { 2: 'float16', 4: 'float32', 8: 'float64' };
const CLASS_NAMES: Record<number, string> = {
  2: 'time', 3: 'string', 4: 'bitfield', 5: 'opaque', 6: 'compound', 7: 'reference', 9: 'variable-length', 10: 'array',
};

export interface H5TypeFacts {
  dtype?: DType;
  /** Why there is no dtype, e.g. "string": such datasets are not tensors. */
  unsupported?: string;
}

/**
 * Maps an HDF5 type to our DType. h5py stores bool as an enum {FALSE, TRUE} over int8 and
 * complex numbers as a compound {r, i} of two floats; both are recognised here.
 */
export function h5TypeFacts(m: H5Metadata): H5TypeFacts {
  if (m.vlen) return { unsupported: 'variable-length' };
  if (m.type === 0) {
    const d = (m.signed ? INT : UINT)[m.size];
    return d ? { dtype: d } : { unsupported: `${m.size * 8}-bit integer` };
  }
  if (m.type === 1) {
    const d = FLOAT[m.size];
    return d ? { dtype: d } : { unsupported: `${m.size * 8}-bit float` };
  }
  if (m.type === 8 && m.enum_type) {
    const keys = Object.keys(m.enum_type.members).map((k) => k.toUpperCase()).sort().join(',');
    if (keys === 'FALSE,TRUE' && m.size === 1) return { dtype: 'bool' };
    const d = (m.signed ? INT : UINT)[m.size];
    return d ? { dtype: d } : { unsupported: 'enum' };
  }
  if (m.type === 6 && m.compound_type?.nmembers === 2) {
    const [re, im] = m.compound_type.members;
    if (re.type === 1 && im.type === 1 && re.size === im.size && im.offset === re.size) {
      if (re.size === 4) return { dtype: 'complex64' };
      if (re.size === 8) return { dtype: 'complex128' };
    }
  }
  return { unsupported: CLASS_NAMES[m.type] ?? `HDF5 type class ${m.type}` };
}
