import { FormatError } from '../../model/errors';
import type { ModelDoc, TensorRef } from '../../model/types';
import { ARCHITECTURE_ABSENT, assembleDoc, CONTENTS_WEIGHTS_JSON, type KerasFormat } from './kerasDoc';
import { refineKinds } from './kerasTensors';
import { kerasLayout } from './layout';
import { attachLegacy, legacyGroupsFromNames } from './legacyAttach';
import { parseModelConfig } from './modelConfig';
import { layoutConfig, layoutKind, type WeightSlot } from './nodes';
import { buildVTree, V3Attacher } from './v3Attach';

const KERAS_FORMATS = new Set<string>(['keras-h5', 'keras-weights-h5', 'keras-zip', 'keras3-weights-h5']);

/**
 * Fills in the architecture of a weights-only Keras document from a model JSON
 * (`model.to_json()`, an HDF5 model_config, or a `.keras` config.json). Returns a new document:
 * the same tensors (same bytes, same read functions) placed under the layers the JSON describes,
 * with layouts recomputed from the real layer kinds. The input document is not changed.
 */
export function applyArchitecture(doc: ModelDoc, jsonText: string): ModelDoc {
  if (!KERAS_FORMATS.has(doc.format)) {
    throw new FormatError(`an architecture JSON applies to Keras weights files, not to a ${doc.format} file`);
  }
  const tree = parseModelConfig(jsonText, 'the architecture JSON');
  const warnings = doc.warnings.filter((w) => w !== ARCHITECTURE_ABSENT);
  warnings.push(...tree.warnings);
  const model = doc.tensors.filter((t) => t.group === 'model');
  const byName = new Map(model.map((t) => [t.name, t]));

  let slots: WeightSlot[];
  if (doc.format === 'keras3-weights-h5' || doc.format === 'keras-zip') {
    const attacher = new V3Attacher(warnings);
    attacher.attachRoot(buildVTree([], model.map((t) => t.name)), tree.root);
    slots = attacher.slots;
  } else {
    const prefix = doc.format === 'keras-h5' ? 'model_weights/' : '';
    slots = attachLegacy(tree.root, legacyGroupsFromNames(model.map((t) => t.name), prefix), warnings);
  }
  refineKinds(slots, (p) => byName.get(p)?.shape);

  const placed: TensorRef[] = [];
  const done = new Set<string>();
  for (const s of slots) {
    const t = byName.get(s.path);
    if (!t || done.has(t.name)) continue;
    done.add(t.name);
    placed.push({ ...t, layout: kerasLayout(layoutKind(s.node), s.role, t.shape, layoutConfig(s.node)) });
    s.node.tensors.push(t.name);
  }
  const unplaced = model.filter((t) => !done.has(t.name));
  if (unplaced.length) warnings.push(`${unplaced.length} weight(s) match no layer of the JSON and are not in the tree`);
  const fromJson = tree.root.children.filter((c) => c.kindFrom === 'config').map((c) => c.name);
  const holding = new Set(slots.filter((s) => s.node.path !== '').map((s) => s.node.path.split('.')[0]));
  if (holding.size > 0 && !fromJson.some((n) => holding.has(n))) {
    warnings.push('no layer of the JSON matches a weights group of this file: is it the JSON of this model?');
  }

  const version = typeof tree.json.keras_version === 'string' ? tree.json.keras_version : undefined;
  return assembleDoc({
    fileName: doc.fileName, fileSize: doc.fileSize, format: doc.format as KerasFormat, producer: doc.producer,
    contents: CONTENTS_WEIGHTS_JSON,
    root: tree.root,
    tensors: [...placed, ...unplaced, ...doc.tensors.filter((t) => t.group !== 'model')],
    metadata: {
      ...doc.metadata, architecture: 'from JSON', model_class: tree.modelClass,
      ...(version ? { architecture_keras_version: version } : {}),
    },
    warnings,
  });
}
