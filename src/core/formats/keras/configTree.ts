import { FormatError } from '../../model/errors';
import { MAX_TREE_DEPTH, newNode } from '../../model/tree';
import type { LayerNode } from '../../model/types';
import { inboundLayerNames } from './inbound';
import { isKnownClass, isModelClass, toSnakeCase } from './kerasClasses';
import { neuterLambdaConfig } from './lambdaLayer';

/**
 * Turns a Keras model config (HDF5 `model_config`, a `.keras` config.json, or `model.to_json()`)
 * into a LayerNode tree. Handles Keras 1 Sequential configs that are a bare list of layers,
 * Keras 1/2/3 inbound-node shapes, nested models as subtrees and Keras 3's module/registered_name.
 * Node kind = the Keras class name as written (Convolution2D stays Convolution2D).
 */
export interface ConfigTree {
  root: LayerNode;
  warnings: string[];
  modelClass: string;
  /** A subclassed model: its config lists no layers, so the tree comes from the weights. */
  subclassed: boolean;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The layer list of a model entry: `config.layers`, or Keras 1's bare-list `config`. */
export function layersOf(entry: Json): unknown[] | undefined {
  const cfg = entry.config;
  if (Array.isArray(cfg)) return cfg;
  if (isRecord(cfg) && Array.isArray(cfg.layers)) return cfg.layers;
  return undefined;
}

function fullClassName(entry: Json): string | undefined {
  const cls = str(entry.class_name);
  const mod = str(entry.module);
  return cls && mod ? `${mod}.${cls}` : undefined;
}

class Builder {
  readonly warnings: string[] = [];

  model(entry: Json, path: string, name: string, depth = 0): LayerNode {
    // Configs are untrusted JSON: models nested without end would overflow every tree walk.
    if (depth > MAX_TREE_DEPTH) throw new FormatError(`models nest more than ${MAX_TREE_DEPTH} levels deep`);
    const node = this.base(entry, path, name);
    const cfg = isRecord(entry.config) ? entry.config : {};
    const { layers: _layers, ...rest } = cfg;
    node.config = rest;
    const taken = new Set<string>();
    (layersOf(entry) ?? []).forEach((l, i) => {
      if (!isRecord(l)) return;
      const child = this.layer(l, path, i, taken, depth);
      node.children.push(child);
    });
    return node;
  }

  private base(entry: Json, path: string, name: string): LayerNode {
    const node = newNode(path, name);
    node.kind = str(entry.class_name) ?? '';
    node.kindFrom = node.kind ? 'config' : 'none';
    const full = fullClassName(entry);
    if (full) node.className = full;
    return node;
  }

  private layer(entry: Json, parentPath: string, index: number, taken: Set<string>, depth: number): LayerNode {
    const cls = str(entry.class_name) ?? '';
    const cfg = isRecord(entry.config) ? entry.config : {};
    let name = str(entry.name) ?? str(cfg.name) ?? `${toSnakeCase(cls) || 'layer'}_${index}`;
    if (taken.has(name)) name = `${name}#${index}`; // keeps paths unique even in a malformed config
    taken.add(name);
    const path = parentPath ? `${parentPath}.${name}` : name;
    const node = layersOf(entry) ? this.model(entry, path, name, depth + 1) : this.base(entry, path, name);
    if (!layersOf(entry)) node.config = this.layerConfig(cls, name, cfg);
    if (entry.inbound_nodes !== undefined) {
      const inputs = inboundLayerNames(entry.inbound_nodes);
      if (inputs.length) node.inputs = inputs;
    }
    if (cls && !isKnownClass(cls, entry.module)) {
      const where = str(entry.module) ? `, module ${entry.module as string}` : '';
      this.warnings.push(
        `custom layer class "${cls}" (layer "${name}"${where}) is not part of Keras: shown with its stored config and weights; its computation is not in the file`,
      );
    }
    return node;
  }

  private layerConfig(cls: string, name: string, cfg: Json): Json {
    if (cls !== 'Lambda') return cfg;
    const { config, bytes } = neuterLambdaConfig(cfg);
    if (bytes > 0) {
      this.warnings.push(`Lambda layer "${name}" holds Python bytecode (${bytes} bytes): shown as a note, never decoded or run`);
    } else {
      this.warnings.push(`Lambda layer "${name}" calls a Python function that is not in the file`);
    }
    return config;
  }
}

export function treeFromModelConfig(modelConfig: unknown): ConfigTree {
  if (!isRecord(modelConfig) || typeof modelConfig.class_name !== 'string') {
    throw new TypeError('the model config is not a Keras config (no class_name)');
  }
  const b = new Builder();
  const cfg = modelConfig.config;
  const name = isRecord(cfg) ? str(cfg.name) ?? '' : '';
  const root = b.model(modelConfig, '', name);
  const modelClass = modelConfig.class_name;
  const subclassed = !layersOf(modelConfig);
  if (subclassed) {
    b.warnings.unshift(
      `subclassed model "${modelClass}": its config lists no layers, so the layer tree is built from the weight groups`,
    );
  } else if (!isModelClass(modelClass) && !isKnownClass(modelClass, modelConfig.module)) {
    b.warnings.unshift(`custom model class "${modelClass}": its layers are shown, its own computation is not in the file`);
  }
  return { root, warnings: b.warnings, modelClass, subclassed };
}
