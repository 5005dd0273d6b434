import { attrText } from '../../formats/keras/h5Attrs';
import { Hdf5File } from '../../formats/hdf5/hdf5File';
import { isZipMagic, readEntry, readZipDirectory } from '../../formats/zip/zipReader';
import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import type { LayerNode, ModelDoc } from '../../model/types';

/**
 * The Keras model config a runtime builds from. Readers keep the architecture as a layer tree, not
 * as the raw JSON; the raw JSON is exact (shared layers, node indices), so it is read again from
 * the file when the file is at hand. Without it (a weights-only file given its architecture as
 * JSON, or only a document), the config is rebuilt from the tree: exact for Sequential models,
 * and for Functional graphs as long as no layer is called twice (node indices are not in the tree).
 */

export type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const utf8 = new TextDecoder('utf-8');

/** The model_config of a Keras HDF5 file or the config.json of a .keras zip; undefined when there is none. */
export async function readKerasConfig(src: ByteSource): Promise<Json | undefined> {
  const head = await readExact(src, 0, Math.min(src.size, 8));
  if (isZipMagic(head)) {
    const zip = await readZipDirectory(src);
    const e = zip.byName.get('config.json');
    return e ? parse(utf8.decode(await readEntry(src, e))) : undefined;
  }
  const file = await Hdf5File.open(src);
  try {
    const text = file.attrNames('').includes('model_config') ? attrText(file, '', 'model_config') : undefined;
    return text === undefined ? undefined : parse(text);
  } finally {
    file.close();
  }
}

function parse(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

const MODEL_KINDS = new Set(['Sequential', 'Functional', 'Model']);

function entryOf(node: LayerNode, functional: boolean): Json {
  const entry: Json = { class_name: node.kind, config: { ...node.config } };
  if (MODEL_KINDS.has(node.kind)) (entry.config as Json).layers = node.children.map((c) => entryOf(c, node.kind !== 'Sequential'));
  if (functional) {
    entry.name = node.name;
    entry.inbound_nodes = node.inputs?.length ? [node.inputs.map((n) => [n, 0, 0, {}])] : [];
  }
  return entry;
}

/** A Keras-2-style model config rebuilt from a document's layer tree (see the note above). */
export function kerasConfigFromDoc(doc: ModelDoc): Json | undefined {
  const root = doc.root;
  if (!MODEL_KINDS.has(root.kind) || root.children.length === 0) return undefined;
  return entryOf(root, false);
}

/** The config to build: the file's own when `source` is given and holds one, else the rebuilt one. */
export async function kerasModelConfig(doc: ModelDoc, source?: ByteSource): Promise<Json | undefined> {
  if (source) {
    const raw = await readKerasConfig(source).catch(() => undefined);
    if (raw) return raw;
  }
  return kerasConfigFromDoc(doc);
}
