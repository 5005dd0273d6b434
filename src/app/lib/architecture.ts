/** Architecture JSON files (model.to_json(), config.json) and the Keras documents they complete. */
import type { ModelDocView } from '../../core/model/types';
import { formatBytes } from './format';

export const MAX_JSON_BYTES = 64 * 1024 * 1024;

const KERAS_FORMATS = new Set<string>(['keras-h5', 'keras-weights-h5', 'keras-zip', 'keras3-weights-h5']);

/** A dropped file that is an architecture JSON rather than a model file (by its name). */
export function isArchitectureJson(file: File): boolean {
  return /\.json$/i.test(file.name);
}

/** What the Keras reader says about a document's architecture: 'present', 'absent', 'from JSON'; undefined for other formats. */
export function architectureOf(doc: ModelDocView): string | undefined {
  if (!KERAS_FORMATS.has(doc.format)) return undefined;
  const a = doc.metadata.architecture;
  return typeof a === 'string' ? a : undefined;
}

export function needsWeightsFirst(jsonName: string): string {
  return `${jsonName} is a model architecture JSON. A JSON architecture needs its weights file first: open the weights ` +
    '(.h5 / .weights.h5 from save_weights) in this slot, then drop the JSON onto it — or drop both files together.';
}

/** Why a JSON cannot be applied to this document, or null when it can. */
export function architectureRefusal(doc: ModelDocView, json: File, readerAlive: boolean): string | null {
  const arch = architectureOf(doc);
  if (arch === undefined) {
    return `${json.name}: an architecture JSON completes Keras weights-only files; ${doc.fileName} is not a Keras file, so nothing was changed`;
  }
  if (arch !== 'absent' && arch !== 'from JSON') {
    return `${json.name}: ${doc.fileName} already holds its architecture; a JSON only completes weights-only files (save_weights), so nothing was changed`;
  }
  if (json.size > MAX_JSON_BYTES) return `${json.name}: ${formatBytes(json.size)} is too big for a model JSON`;
  if (!readerAlive) return `${json.name}: the reader of this slot stopped; open ${doc.fileName} again first`;
  return null;
}
