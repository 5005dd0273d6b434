import { FormatError } from '../../model/errors';
import type { TensorGroup } from '../../model/types';
import type { PyValue } from '../pickle/values';
import { PyDict, PyObject, PyTuple } from '../pickle/values';
import { keyName, toPlain } from './plain';
import { isTensorSpec, type TensorSpec } from './storage';

/** What a torch pickle holds, flattened into the events a layer tree is built from. */
export interface Interpreted {
  /** layers and tensors in the order met, so the tree keeps module order */
  events: ({ type: 'layer'; path: string; kind: string; className: string; config: Record<string, unknown> }
    | { type: 'tensor'; name: string; spec: TensorSpec; group: TensorGroup })[];
  metadata: Record<string, unknown>;
  contents: string;
  warnings: string[];
}

const MODEL_KEYS = ['model_state_dict', 'state_dict', 'model', 'net', 'network', 'model_state', 'state', 'weights', 'params', 'module'];
const OPTIMIZER_KEY = /optim|scheduler|scaler/i;
const MAX_DEPTH = 256;
const MANGLE = /\.___torch_mangle_\d+/g;

export function isModuleObject(v: PyValue | undefined): v is PyObject {
  return v instanceof PyObject && v.state instanceof PyDict && (v.state.has('_modules') || v.state.has('_parameters'));
}

function isScriptObject(v: PyValue | undefined): v is PyObject {
  return v instanceof PyObject && v.cls.module.startsWith('__torch__');
}

class Walker {
  readonly out: Interpreted = { events: [], metadata: {}, contents: '', warnings: [] };
  private readonly tensorMemo = new WeakMap<object, boolean>();
  private readonly ancestors = new Set<object>();

  hasTensors(v: PyValue | undefined, depth = 0): boolean {
    if (isTensorSpec(v)) return true;
    if (typeof v !== 'object' || v === null || v instanceof Uint8Array || depth > MAX_DEPTH) return false;
    const memo = this.tensorMemo.get(v);
    if (memo !== undefined) return memo;
    this.tensorMemo.set(v, false); // cycles count as "no tensors" until proven otherwise
    let found = false;
    if (Array.isArray(v) || v instanceof PyTuple) found = (Array.isArray(v) ? v : v.items).some((x) => this.hasTensors(x, depth + 1));
    else if (v instanceof PyDict) found = v.values.some((x) => this.hasTensors(x, depth + 1));
    else if (v instanceof PyObject) found = this.hasTensors(v.state, depth + 1) || v.dictItems.some(([, x]) => this.hasTensors(x, depth + 1));
    this.tensorMemo.set(v, found);
    return found;
  }

  walk(v: PyValue | undefined, path: string, group: TensorGroup, depth: number): void {
    if (depth > MAX_DEPTH) throw new FormatError(`objects nest deeper than ${MAX_DEPTH} levels`);
    if (isTensorSpec(v)) {
      this.out.events.push({ type: 'tensor', name: path, spec: v, group });
      return;
    }
    if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return;
    if (this.ancestors.has(v)) return; // a reference back up the tree
    this.ancestors.add(v);
    try {
      if (isModuleObject(v)) this.walkModule(v, path, group, depth);
      else if (isScriptObject(v)) this.walkScript(v, path, group, depth);
      else if (v instanceof PyObject) {
        if (v.state !== null) this.walk(v.state, path, group, depth + 1);
        for (const [k, x] of v.dictItems) this.walkChild(x, path, keyName(k), group, depth);
      } else if (v instanceof PyDict) {
        for (const [k, x] of v.entries()) this.walkChild(x, path, keyName(k), group, depth);
      } else if (Array.isArray(v) || v instanceof PyTuple) {
        (Array.isArray(v) ? v : v.items).forEach((x, i) => this.walkChild(x, path, String(i), group, depth));
      }
    } finally {
      this.ancestors.delete(v);
    }
  }

  private walkChild(v: PyValue, path: string, key: string | undefined, group: TensorGroup, depth: number): void {
    if (key === undefined || !this.hasTensors(v)) return;
    this.walk(v, path ? `${path}.${key}` : key, group, depth + 1);
  }

  private walkModule(m: PyObject, path: string, group: TensorGroup, depth: number): void {
    const state = m.state as PyDict;
    const config: Record<string, unknown> = {};
    this.out.events.push({ type: 'layer', path, kind: m.cls.name, className: m.cls.qualified, config });
    for (const slot of ['_parameters', '_buffers']) {
      const d = state.get(slot);
      if (d instanceof PyDict) for (const [k, x] of d.entries()) this.walkChild(x, path, keyName(k), group, depth);
    }
    for (const [k, x] of state.entries()) {
      const name = keyName(k);
      if (!name || name.startsWith('_') || name === 'training') continue;
      if (this.hasTensors(x) || isModuleObject(x)) this.walk(x, path ? `${path}.${name}` : name, group, depth + 1);
      else config[name] = toPlain(x);
    }
    const mods = state.get('_modules');
    if (mods instanceof PyDict) {
      for (const [k, x] of mods.entries()) {
        const name = keyName(k);
        if (name !== undefined && x instanceof PyObject) this.walk(x, path ? `${path}.${name}` : name, group, depth + 1);
      }
    }
  }

  private walkScript(m: PyObject, path: string, group: TensorGroup, depth: number): void {
    const config: Record<string, unknown> = {};
    const className = m.cls.qualified.replace(/^__torch__\./, '').replace(MANGLE, '');
    this.out.events.push({ type: 'layer', path, kind: m.cls.name, className, config });
    const state = m.state instanceof PyDict ? m.state : null;
    if (!state) return;
    for (const [k, x] of state.entries()) {
      const name = keyName(k);
      if (!name) continue;
      if (isTensorSpec(x) || x instanceof PyObject || this.hasTensors(x)) this.walk(x, path ? `${path}.${name}` : name, group, depth + 1);
      else if (name !== 'training' && !name.startsWith('_')) config[name] = toPlain(x);
    }
  }
}

/** Classifies the unpickled top-level value and walks it into layer and tensor events. */
export function interpret(top: PyValue, scripted: boolean): Interpreted {
  const w = new Walker();
  const out = w.out;
  // A module tree is worth showing even when no layer holds weights (pooling-only models).
  if (!w.hasTensors(top) && !isModuleObject(top) && !isScriptObject(top)) {
    out.contents = top instanceof PyDict ? 'a dict without tensors' : 'a value without tensors';
    if (top instanceof PyDict) for (const [k, v] of top.entries()) out.metadata[keyName(k) ?? String(toPlain(k))] = toPlain(v);
    return out;
  }
  if (isTensorSpec(top)) {
    out.contents = 'a single tensor';
    w.walk(top, 'tensor', 'model', 0);
  } else if (isModuleObject(top)) {
    out.contents = `whole nn.Module (${top.cls.qualified})`;
    w.walk(top, '', 'model', 0);
  } else if (scripted || isScriptObject(top)) {
    out.contents = `TorchScript module (${(top as PyObject).cls?.name ?? 'unknown'})`;
    w.walk(top, '', 'model', 0);
  } else if (top instanceof PyDict) {
    interpretDict(top, w);
  } else {
    out.contents = 'a container of tensors';
    w.walk(top, '', 'model', 0);
  }
  return out;
}

function interpretDict(top: PyDict, w: Walker): void {
  const out = w.out;
  const keys = top.keys.map(keyName);
  const tensorValued = top.values.filter((v) => isTensorSpec(v)).length;
  const modelKey = MODEL_KEYS.find((k) => keys.includes(k) && w.hasTensors(top.get(k)));
  if (!modelKey || tensorValued > top.size / 2) {
    out.contents = top.className === 'collections.OrderedDict' || tensorValued === top.size ? 'state_dict' : 'a dict of tensors';
    w.walk(top, '', 'model', 0);
    checkDataParallel(out, '');
    return;
  }
  const lightning = keys.includes('pytorch-lightning_version');
  const modelValue = top.get(modelKey);
  const what = isModuleObject(modelValue) ? `whole nn.Module ${modelValue.cls.name}` : 'state_dict';
  out.contents = `${lightning ? 'Lightning checkpoint' : 'checkpoint'} (${what} under "${modelKey}")`;
  for (const [k, v] of top.entries()) {
    const key = keyName(k);
    if (key === undefined) continue;
    if (!w.hasTensors(v)) { out.metadata[key] = toPlain(v); continue; }
    const group: TensorGroup = key === modelKey ? 'model' : OPTIMIZER_KEY.test(key) ? 'optimizer' : 'other';
    w.walk(v, key, group, 1);
    if (group === 'optimizer' && v instanceof PyDict && v.has('param_groups')) {
      out.metadata[`${key}.param_groups`] = toPlain(v.get('param_groups'));
    }
  }
  checkDataParallel(out, `${modelKey}.`);
}

function checkDataParallel(out: Interpreted, prefix: string): void {
  const names = out.events.filter((e) => e.type === 'tensor' && e.group === 'model').map((e) => (e as { name: string }).name);
  if (names.length > 0 && names.every((n) => n.startsWith(`${prefix}module.`))) {
    out.warnings.push("state_dict keys carry DataParallel's 'module.' prefix (shown as a 'module' layer); strip it to load into a bare model");
  }
}
