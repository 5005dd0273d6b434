/**
 * Limits every reader checks BEFORE allocating or looping, so a hostile or damaged file fails fast
 * with a sentence instead of exhausting memory or time. They are generous for real models (the
 * largest checkpoints in the wild stay far below them) and finite for everything else. The pickle
 * VM's own limits (stack, memo, marks, container items, opcodes) live in pickle/config.ts.
 */

const MiB = 1024 * 1024;

/** JSON read whole: Keras config.json / metadata.json and TorchScript model.json (real ones: KBs to a few MB). */
export const MAX_JSON_BYTES = 64 * MiB;

/** A safetensors header (the format's reference implementation refuses more than 100 MB as well). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100 * MiB;

/** A pickle read whole: data.pkl of a torch zip, or a plain .pkl file. */
export const MAX_PICKLE_BYTES = 256 * MiB;

/** Entries and directory bytes of a zip (torch writes one entry per storage). */
export const MAX_ZIP_ENTRIES = 1_000_000;
export const MAX_ZIP_DIRECTORY_BYTES = 512 * MiB;

/** Any zip entry read whole (inflated if needed). Tensor storages are read by range, never whole. */
export const MAX_ZIP_ENTRY_BYTES = 1024 * MiB;

/**
 * Deflate cannot expand data by more than about 1032:1 (258-byte matches coded in 2 bits), so an
 * entry or an HDF5 chunked dataset claiming more than this ratio of its stored size is lying.
 */
export const MAX_DEFLATE_RATIO = 1032;

/**
 * A tensor view with more elements than its storage holds (stride-0 broadcasts made by
 * `expand()`) is expanded when read; beyond this many bytes we refuse instead of allocating.
 */
export const MAX_EXPANDED_VIEW_BYTES = 256 * MiB;

/** Dimensions of a tensor (torch allows 64; more is a corrupt file). */
export const MAX_TENSOR_RANK = 64;

/** Nesting of layer names ('a.b.c…') and layer trees: deeper is a corrupt or hostile file. */
export { MAX_TREE_DEPTH } from '../model/tree';

/** Text shown to users from inside a file (entry names in messages) is cut to this many characters. */
export const MAX_SHOWN_NAME = 80;

/** A file-provided name, safe to put in a one-line message: printable, and cut short. */
export function shownName(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return clean.length > MAX_SHOWN_NAME ? `${clean.slice(0, MAX_SHOWN_NAME - 1)}…` : clean;
}
