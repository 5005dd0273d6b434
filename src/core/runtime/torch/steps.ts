import type { LayerNode, ModelDoc } from '../../model/types';
import { CannotRunError } from '../types';
import { moduleImpl, TUPLE_MODULES } from './modules';
import type { Cfg } from './modules/types';

/** One module call of a torch forward, in execution order. */
export interface TorchStep {
  path: string;                    // module path: activations are recorded under it
  kind: string;                    // module class ('Conv2d'), the key of its implementation
  config: Cfg;
  params: Record<string, string>;  // role ('weight', 'weight_ih_l0') → tensor name in the document
}

const SEQUENTIAL = /(^|\.)container\.Sequential$/;
const CONTAINERS = new Set(['ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict']);
const IGNORED_TENSORS = new Set(['num_batches_tracked']);

export const ARCH_HINT = 'its weights can run with the architecture of a runnable model whose keys match ' +
  '(withArchitectureOf, or `weightbridge run FILE --arch MODEL.pt`)';

export function paramsOf(node: LayerNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of node.tensors) {
    const role = node.path && name.startsWith(`${node.path}.`) ? name.slice(node.path.length + 1) : name;
    if (!IGNORED_TENSORS.has(role)) out[role] = name;
  }
  return out;
}

/**
 * The node whose forward runs: the document root for a whole module or TorchScript file; the
 * module stored under a checkpoint key; nothing for a state_dict, whose file holds no architecture.
 */
export function moduleRoot(doc: ModelDoc): LayerNode {
  if (doc.root.className) return doc.root;
  const modules = doc.root.children.filter((c) => c.className);
  if (modules.length === 1 && /whole nn\.Module/.test(doc.contents)) return modules[0];
  if (/state_dict|checkpoint/.test(doc.contents)) {
    throw new CannotRunError(`${doc.fileName} holds a ${doc.contents}: weights only, no architecture; ${ARCH_HINT}`);
  }
  throw new CannotRunError(`${doc.fileName} holds ${doc.contents || 'no module'}, not a module with a forward`);
}

function describe(node: LayerNode): string {
  return node.path ? `module "${node.path}" (${node.className ?? node.kind})` : `the model (${node.className ?? node.kind})`;
}

/** A module tree of standard torch modules as its execution order; Sequential containers are expanded. */
export function stepsFromModules(doc: ModelDoc): TorchStep[] {
  const steps: TorchStep[] = [];
  const visit = (node: LayerNode): void => {
    const cls = node.className ?? '';
    if (SEQUENTIAL.test(cls)) {
      node.children.forEach(visit);
      return;
    }
    if (CONTAINERS.has(node.kind) && cls.startsWith('torch.nn.')) {
      throw new CannotRunError(`${describe(node)} is a container without a forward of its own: the model that uses it defines the order, in Python code that is not in the file`);
    }
    if (!cls.startsWith('torch.nn.')) {
      throw new CannotRunError(`the forward of ${cls || node.kind || 'this model'} is Python code not stored in the file (only its layers and weights are); ${ARCH_HINT}`);
    }
    if (!moduleImpl(node.kind)) throw new CannotRunError(`${describe(node)} is not implemented by the runtime yet`);
    steps.push({ path: node.path, kind: node.kind, config: node.config, params: paramsOf(node) });
  };
  visit(moduleRoot(doc));
  return steps;
}

/** Refuses configurations a module cannot compute, and tuple-returning modules before the end. */
export function checkSteps(steps: TorchStep[], shapeOf: (tensor: string) => number[] | undefined): void {
  if (steps.length === 0) throw new CannotRunError('the model has no modules to run');
  steps.forEach((s, i) => {
    const impl = moduleImpl(s.kind);
    if (!impl) throw new CannotRunError(`module "${s.path}" (${s.kind}) is not implemented by the runtime yet`);
    const shapes = Object.fromEntries(Object.entries(s.params).map(([role, name]) => [role, shapeOf(name) ?? []]));
    const why = impl.check?.(s.config, shapes);
    if (why) throw new CannotRunError(`module "${s.path}" (${s.kind}): ${why}`);
    if (TUPLE_MODULES.has(s.kind) && i !== steps.length - 1) {
      throw new CannotRunError(`module "${s.path}" (${s.kind}) returns a tuple in torch, so in a Sequential it can only be the last module`);
    }
  });
}
