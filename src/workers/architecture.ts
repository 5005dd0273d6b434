/**
 * Applying an architecture JSON to a weights-only Keras document, for the model worker.
 * The Keras code is imported on first use, so the worker's first chunk stays small.
 */
import type { LayerNode, ModelDoc } from '../core/model/types';

const KERAS_FORMATS = new Set<string>(['keras-h5', 'keras-weights-h5', 'keras-zip', 'keras3-weights-h5']);

/** Model tensors that the JSON's own layers took in (a layer from the config, or a sub-layer of one). */
function placedByJson(root: LayerNode): number {
  let n = 0;
  const count = (x: LayerNode): void => { n += x.tensors.length; x.children.forEach(count); };
  for (const c of root.children) if (c.kindFrom === 'config') count(c);
  return n;
}

/**
 * A new document with the JSON's architecture. Throws (keeping `doc` untouched) when the JSON is
 * not a Keras model config or when none of its layers takes any weight of this file: applying it
 * would only hide the weights behind a wrong tree.
 */
export async function withArchitecture(doc: ModelDoc, jsonText: string): Promise<ModelDoc> {
  if (!KERAS_FORMATS.has(doc.format)) {
    throw new Error(`an architecture JSON only applies to Keras weights files; ${doc.fileName} is not one`);
  }
  const { applyArchitecture } = await import('../core/formats/keras/applyArchitecture');
  const next = applyArchitecture(doc, jsonText);
  const weights = next.tensors.filter((t) => t.group === 'model').length;
  if (weights > 0 && placedByJson(next.root) === 0) {
    const groups = doc.root.children.filter((c) => c.params > 0).map((c) => c.name);
    const shown = groups.slice(0, 4).join(', ') + (groups.length > 4 ? ', …' : '');
    throw new Error(
      `this JSON does not describe the weights of ${doc.fileName}: none of its layers matches a weights group (${shown}). Is it the JSON of this model?`,
    );
  }
  return next;
}
