import type { LayerNode, ModelDoc } from '../../model/types';
import { CannotRunError } from '../types';
import { parseStatement, PySyntaxError, type PyExpr, type PyStmt } from './pyExpr';
import { opStep } from './torchscriptOps';
import { moduleRoot, paramsOf, type TorchStep } from './steps';

/**
 * A TorchScript archive's forward, read from its code/ text: each class's forward is followed
 * symbolically from its input through module calls (`(m).forward(x)`) and torch ops
 * (`torch._convolution(x, weight, …)`), and must come out as one chain of calls from the input to
 * the return value. Traced nn.Sequential models always do; anything with branches, several
 * inputs or ops the runtime lacks is refused with the ops named. Nothing is executed.
 */

interface ScriptClass {
  qualified: string;
  children: Map<string, string>;  // attribute → qualified class
  params: string[];               // forward arguments after self
  body: PyStmt[];
  bodyError?: string;
}

const MANGLE = /\.___torch_mangle_\d+/g;

function moduleOfFile(file: string): string {
  return file.replace(/\.py$/, '').split('/').join('.');
}

function forwardOf(lines: string[], start: number): { params: string[]; body: string[]; end: number } {
  let header = '';
  let i = start;
  for (; i < lines.length; i++) {
    header += ` ${lines[i].trim()}`;
    if (/\)\s*(->[^:]*)?:\s*$/.test(lines[i])) break;
  }
  const inside = header.slice(header.indexOf('(') + 1, header.lastIndexOf(')'));
  const params = inside.split(',').map((p) => p.split(':')[0].trim()).filter((p) => p && p !== 'self');
  const body: string[] = [];
  for (i++; i < lines.length && (/^\s{4,}/.test(lines[i]) || lines[i].trim() === ''); i++) {
    if (lines[i].trim() === '') continue;
    // a statement may wrap: join lines until the brackets balance
    const last = body.length - 1;
    if (last >= 0 && depth(body[last]) > 0) body[last] += ` ${lines[i].trim()}`;
    else body.push(lines[i].trim());
  }
  return { params, body, end: i };
}

function depth(s: string): number {
  let d = 0;
  for (const ch of s.replace(/"[^"]*"|'[^']*'/g, '')) d += ch === '(' || ch === '[' ? 1 : ch === ')' || ch === ']' ? -1 : 0;
  return d;
}

export function parseClasses(code: Map<string, string>): Map<string, ScriptClass> {
  const out = new Map<string, ScriptClass>();
  for (const [file, text] of code) {
    const lines = text.split('\n');
    let cls: ScriptClass | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const c = /^class (\w+)\(/.exec(line);
      if (c) {
        cls = { qualified: `${moduleOfFile(file)}.${c[1]}`, children: new Map(), params: [], body: [] };
        out.set(cls.qualified, cls);
        continue;
      }
      if (!cls) continue;
      const ann = /^\s+__annotations__\["([^"]+)"\] = (__torch__\.[\w.]+)/.exec(line) ?? /^\s+(\w+) : (__torch__\.[\w.]+)\s*$/.exec(line);
      if (ann) cls.children.set(ann[1], ann[2]);
      if (/^\s+def forward\(/.test(line)) {
        const f = forwardOf(lines, i);
        cls.params = f.params;
        try {
          cls.body = f.body.map(parseStatement);
        } catch (err) {
          cls.bodyError = err instanceof PySyntaxError ? err.message : String(err);
        }
        i = f.end - 1;
      }
    }
  }
  return out;
}

/** The root class: referenced by no other class, preferring the one the document names. */
function rootClass(classes: Map<string, ScriptClass>, root: LayerNode): ScriptClass | undefined {
  const referenced = new Set([...classes.values()].flatMap((c) => [...c.children.values()]));
  const candidates = [...classes.values()].filter((c) => !referenced.has(c.qualified));
  const named = candidates.filter((c) => c.qualified.replace(/^__torch__\./, '').replace(MANGLE, '') === root.className);
  return (named.length === 1 ? named : candidates.length === 1 ? candidates : [])[0];
}

type Val = { t: 'tensor'; steps: TorchStep[] } | { t: 'module'; path: string; cls: string } | { t: 'self' } | { t: 'other' };

class Follower {
  private ops = 0;

  constructor(private readonly classes: Map<string, ScriptClass>, private readonly nodes: Map<string, LayerNode>) {}

  run(qualified: string, path: string): TorchStep[] {
    const cls = this.classes.get(qualified);
    const shown = qualified.replace(/^__torch__\./, '').replace(MANGLE, '');
    if (!cls) throw new CannotRunError(`the code of ${shown} (module "${path}") is missing from the archive`);
    if (cls.bodyError) throw new CannotRunError(`the forward of ${shown} is not a plain sequence of calls (${cls.bodyError})`);
    if (cls.params.length !== 1) throw new CannotRunError(`the forward of ${shown} takes ${cls.params.length} inputs; only single-input models can run`);
    const env = new Map<string, Val>([['self', { t: 'self' }], [cls.params[0], { t: 'tensor', steps: [] }]]);
    for (const st of cls.body) {
      const v = this.eval(st.value, env, cls, path);
      if (st.t === 'return') {
        if (v.t !== 'tensor') throw new CannotRunError(`the forward of ${shown} does not return a tensor computed from its input`);
        return v.steps;
      }
      st.targets.forEach((name, i) => env.set(name, i === 0 ? v : { t: 'other' }));
    }
    throw new CannotRunError(`the forward of ${shown} has no return`);
  }

  private child(cls: ScriptClass, path: string, name: string): Val {
    const sub = cls.children.get(name);
    if (sub) return { t: 'module', path: path ? `${path}.${name}` : name, cls: sub };
    return { t: 'other' }; // a parameter, buffer or constant: the op reads it from the module
  }

  private who(cls: ScriptClass, path: string): string {
    const shown = cls.qualified.replace(/^__torch__\./, '').replace(MANGLE, '');
    return path ? `${shown} (module "${path}")` : shown;
  }

  private eval(e: PyExpr, env: Map<string, Val>, cls: ScriptClass, path: string): Val {
    if (e.t === 'name') {
      if (e.v.startsWith('self.')) return this.child(cls, path, e.v.slice(5));
      return env.get(e.v) ?? { t: 'other' };
    }
    if (e.t !== 'call') return { t: 'other' };
    const fn = e.fn;
    if (fn.t === 'name' && fn.v === 'getattr' && e.args[1]?.t === 'str') return this.child(cls, path, e.args[1].v);
    // `(_0).forward(x)` parses as the dotted name '_0.forward', `f(x).forward(y)` as an attribute
    const forwardOf = fn.t === 'attr' && fn.name === 'forward' ? fn.obj
      : fn.t === 'name' && fn.v.endsWith('.forward') ? { t: 'name' as const, v: fn.v.slice(0, -'.forward'.length) } : undefined;
    if (forwardOf) {
      const m = this.eval(forwardOf, env, cls, path);
      const x = e.args.length === 1 ? this.eval(e.args[0], env, cls, path) : undefined;
      if (m.t !== 'module' || x?.t !== 'tensor') throw new CannotRunError(`the forward of ${this.who(cls, path)} calls a module with inputs the runtime cannot follow`);
      return { t: 'tensor', steps: [...x.steps, ...this.run(m.cls, m.path)] };
    }
    const name = fn.t === 'name' ? fn.v : fn.t === 'attr' ? fn.name : '?';
    const args = e.args.map((a) => this.eval(a, env, cls, path));
    const data = args.findIndex((a) => a.t === 'tensor');
    if (!name.startsWith('torch.') || data < 0) {
      throw new CannotRunError(`the forward of ${this.who(cls, path)} calls ${name}, which is not a module or torch op the runtime follows`);
    }
    const node = this.nodes.get(path);
    const op = name.slice(6);
    const step = opStep(op, e.args, e.kwargs, node?.kind ?? '');
    if (!step) throw new CannotRunError(`the forward of ${this.who(cls, path)} calls ${name}, which the runtime does not implement`);
    const prior = (args[data] as { steps: TorchStep[] }).steps;
    // A leaf module's one op is the module; ops a container applies itself get a name of their own.
    const leaf = cls.children.size === 0 && !prior.some((s) => s.path === path);
    const stepPath = leaf ? path : `${path ? `${path}.` : ''}${op}#${this.ops++}`;
    const config = leaf ? { ...node?.config, ...step.config } : step.config;
    return { t: 'tensor', steps: [...prior, { path: stepPath, kind: step.kind, config, params: leaf && node ? paramsOf(node) : {} }] };
  }
}

/** The steps of a TorchScript document, from the archive's code/ files (readTorchScriptCode). */
export function stepsFromTorchScript(doc: ModelDoc, code: Map<string, string>): TorchStep[] {
  if (code.size === 0) throw new CannotRunError(`${doc.fileName} carries no TorchScript code/ folder to read the forward from`);
  const root = moduleRoot(doc);
  const classes = parseClasses(code);
  const top = rootClass(classes, root);
  if (!top) throw new CannotRunError(`cannot tell which class of ${doc.fileName}'s code is the model`);
  const nodes = new Map<string, LayerNode>();
  const index = (n: LayerNode): void => { nodes.set(n.path, n); n.children.forEach(index); };
  index(root);
  return new Follower(classes, nodes).run(top.qualified, root.path);
}
