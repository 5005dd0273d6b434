import type { Hdf5File } from '../hdf5/hdf5File';

/**
 * Keras attributes are strings stored either as fixed-length bytes (h5py 'S', what Keras 2 writes)
 * or as variable-length strings (Keras 3, h5py str); h5wasm hands both back as JS strings.
 * An empty list is stored as an empty float array, which comes back as [].
 */
function strings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * A string-list attribute. Keras splits attributes larger than HDF5's 64 KB header limit into
 * `name0`, `name1`, … (save_attributes_to_hdf5_group); those are joined back here.
 */
export function attrStrings(file: Hdf5File, path: string, name: string): string[] | undefined {
  const names = file.attrNames(path);
  if (names.includes(name)) return strings(file.attr(path, name));
  if (!names.includes(`${name}0`)) return undefined;
  const out: string[] = [];
  for (let i = 0; names.includes(`${name}${i}`); i++) out.push(...(strings(file.attr(path, `${name}${i}`)) ?? []));
  return out;
}

/** A single-string attribute (keras_version, backend, model_config…), or undefined. */
export function attrText(file: Hdf5File, path: string, name: string): string | undefined {
  const v = file.attr(path, name);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return undefined;
}
