import { BUILTIN_BUILDERS, BUILTIN_STATE_SETTERS } from './builtins';
import { mergeLimits, OUR_BUILDERS, OUR_SETTERS, table, type Entry } from './config';
import { PickleError } from './errors';
import { extensionGlobal, NON_GLOBAL, normaliseGlobal, typeName } from './names';
import { HIGHEST_PROTOCOL, Op, OP_PROTO, opName } from './opcodes';
import { PickleReader } from './reader';
import { decodeLong, decodeQuotedString, latin1, parsePyFloat, parsePyInt, rawUnicodeEscape, utf8 } from './text';
import type { BuildContext, Builder, PyValue, StateSetter, UnpickleOptions, UnpickleResult } from './values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple, pushAll } from './values';

/**
 * The pickle virtual machine, data only. Globals are names (PyGlobal); "calling" one looks the
 * name up in our builder tables and runs that data builder, or records the call as an inert
 * PyObject. Nothing here resolves a name to anything else, so a hostile pickle can only ever
 * produce data. The loop is iterative: nesting depth is bounded by the limits, not the JS stack.
 */

export { DEFAULT_LIMITS } from './config';

/** Builders called from builders (copyreg.__newobj__ → …) nest at most this deep, then stay opaque. */
const MAX_CONSTRUCT_DEPTH = 32;

/** Reads one pickle from `bytes` at `start`; `end` is the offset just after its STOP. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}, start = 0): UnpickleResult {
  return new Machine(bytes, options, start).run();
}

class Machine extends PickleReader {
  private readonly stack: PyValue[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, PyValue>();
  /** BUILD results that replaced their target: later memo GETs of the target get the result. */
  private readonly replaced = new Map<PyValue, PyValue>();
  private readonly globals = new Set<string>();
  private readonly globalCache = new Map<string, PyGlobal>();
  private readonly builders: Map<string, Entry<Builder>>;
  private readonly setters: Map<string, Entry<StateSetter>>;
  /** Errors thrown by the caller's own callbacks: they propagate unchanged. */
  private readonly foreignErrors = new WeakSet<object>();
  private readonly ctx: BuildContext;
  private proto = -1;
  private maxProto = 0;
  private ops = 0;
  private items = 0;
  private depth = 0;
  private readonly maxStack: number;

  constructor(b: Uint8Array, private readonly options: UnpickleOptions, start: number) {
    super(b, start, mergeLimits(options.limits));
    this.maxStack = this.limits.maxStackDepth;
    this.builders = options.builders ? table(BUILTIN_BUILDERS, options.builders) : OUR_BUILDERS;
    this.setters = options.stateSetters ? table(BUILTIN_STATE_SETTERS, options.stateSetters) : OUR_SETTERS;
    this.ctx = {
      charge: (n) => this.charge(n),
      construct: (cls, args, via, kwargs) => this.call(cls, args, via, kwargs),
    };
  }

  run(): UnpickleResult {
    const b = this.b, len = b.length, maxOps = this.limits.maxOps;
    try {
      while (this.pos < len) {
        this.opStart = this.pos;
        const op = this.op = b[this.pos++];
        if (++this.ops > maxOps) throw this.limit('maxOps', maxOps, 'opcodes');
        if (OP_PROTO[op] > this.maxProto) this.maxProto = OP_PROTO[op];
        if (op === Op.STOP) {
          const value = this.pop();
          return { value, protocol: this.proto >= 0 ? this.proto : this.maxProto, end: this.pos, globals: [...this.globals] };
        }
        this.step(op);
      }
    } catch (err) {
      if (err instanceof PickleError || (typeof err === 'object' && err !== null && this.foreignErrors.has(err))) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw new PickleError(`${opName(this.op)} at offset ${this.opStart}: ${msg}`, this.opStart, { cause: err });
    }
    throw new PickleError(`truncated pickle: no STOP opcode before the end of the data (offset ${this.pos})`, this.pos, { truncated: true });
  }

  private step(op: number): void {
    switch (op) {
      case Op.MARK:
        if (this.marks.length >= this.limits.maxMarkDepth) throw this.limit('maxMarkDepth', this.limits.maxMarkDepth, 'nested MARKs');
        this.marks.push(this.stack.length);
        return;
      case Op.POP:
        if (this.stack.length > this.base()) this.stack.pop();
        else this.popMark();
        return;
      case Op.POP_MARK: this.popMark(); return;
      case Op.DUP: this.push(this.top()); return;
      case Op.FLOAT: this.push(parsePyFloat(latin1(this.line()))); return;
      case Op.INT: {
        const l = this.line();
        this.push(l.length === 2 && l[0] === 0x30 && (l[1] === 0x30 || l[1] === 0x31) ? l[1] === 0x31 : parsePyInt(latin1(l)));
        return;
      }
      case Op.BININT: this.push(this.i32()); return;
      case Op.BININT1: this.push(this.u8()); return;
      case Op.BININT2: this.push(this.u16()); return;
      case Op.LONG: this.push(parsePyInt(latin1(this.line()).replace(/L$/, ''))); return;
      case Op.LONG1: this.push(decodeLong(this.take(this.u8()))); return;
      case Op.LONG4: this.push(decodeLong(this.take(this.i32len()))); return;
      case Op.NONE: this.push(null); return;
      case Op.NEWTRUE: this.push(true); return;
      case Op.NEWFALSE: this.push(false); return;
      case Op.BINFLOAT: this.push(this.f64be()); return;

      case Op.STRING: this.push(latin1(decodeQuotedString(this.line()))); return;
      case Op.BINSTRING: this.push(latin1(this.take(this.i32len()))); return;
      case Op.SHORT_BINSTRING: this.push(latin1(this.take(this.u8()))); return;
      case Op.UNICODE: this.push(rawUnicodeEscape(this.line())); return;
      case Op.BINUNICODE: this.push(utf8(this.take(this.u32()))); return;
      case Op.SHORT_BINUNICODE: this.push(utf8(this.take(this.u8()))); return;
      case Op.BINUNICODE8: this.push(utf8(this.take(this.u64()))); return;
      case Op.BINBYTES: this.push(this.take(this.u32()).slice()); return;
      case Op.SHORT_BINBYTES: this.push(this.take(this.u8()).slice()); return;
      case Op.BINBYTES8: case Op.BYTEARRAY8: this.push(this.take(this.u64()).slice()); return;

      case Op.EMPTY_LIST: this.push([]); return;
      case Op.EMPTY_DICT: this.push(new PyDict()); return;
      case Op.EMPTY_SET: this.push(new PySet([])); return;
      case Op.EMPTY_TUPLE: this.push(new PyTuple([])); return;
      case Op.LIST: { const items = this.popMark(); this.charge(items.length); this.push(items); return; }
      case Op.TUPLE: { const items = this.popMark(); this.charge(items.length); this.push(new PyTuple(items)); return; }
      case Op.FROZENSET: { const items = this.popMark(); this.charge(items.length); this.push(new PySet(items, true)); return; }
      case Op.TUPLE1: case Op.TUPLE2: case Op.TUPLE3: {
        const n = op - Op.TUPLE1 + 1;
        if (this.stack.length - this.base() < n) throw this.underflow(n);
        this.push(new PyTuple(this.stack.splice(this.stack.length - n, n)));
        return;
      }
      case Op.DICT: {
        const d = new PyDict();
        this.setItems(d, this.popMark());
        this.push(d);
        return;
      }
      case Op.APPEND: { const v = this.pop(); this.append(this.top(), [v]); return; }
      case Op.APPENDS: { const items = this.popMark(); this.append(this.top(), items); return; }
      case Op.SETITEM: { const v = this.pop(); const k = this.pop(); this.setItems(this.top(), [k, v]); return; }
      case Op.SETITEMS: { const items = this.popMark(); this.setItems(this.top(), items); return; }
      case Op.ADDITEMS: { const items = this.popMark(); this.addItems(this.top(), items); return; }

      case Op.GET: this.push(this.memoGet(this.textIndex())); return;
      case Op.BINGET: this.push(this.memoGet(this.u8())); return;
      case Op.LONG_BINGET: this.push(this.memoGet(this.u32())); return;
      case Op.PUT: this.memoPut(this.textIndex(), this.top()); return;
      case Op.BINPUT: this.memoPut(this.u8(), this.top()); return;
      case Op.LONG_BINPUT: this.memoPut(this.u32(), this.top()); return;
      case Op.MEMOIZE: this.memoPut(this.memo.size, this.top()); return;

      case Op.GLOBAL: { const module = utf8(this.line()); this.pushGlobal(module, utf8(this.line())); return; }
      case Op.STACK_GLOBAL: {
        const name = this.pop(), module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') {
          throw this.error(`STACK_GLOBAL needs two strings, got ${typeName(module)} and ${typeName(name)}`);
        }
        this.pushGlobal(module, name);
        return;
      }
      case Op.EXT1: this.pushExt(this.u8()); return;
      case Op.EXT2: this.pushExt(this.u16()); return;
      case Op.EXT4: this.pushExt(this.i32()); return;

      case Op.REDUCE: {
        const args = this.pop(), callee = this.pop();
        this.push(this.call(callee, this.tupleItems(args), 'reduce'));
        return;
      }
      case Op.NEWOBJ: {
        const args = this.pop(), cls = this.pop();
        this.push(this.call(cls, this.tupleItems(args), 'newobj'));
        return;
      }
      case Op.NEWOBJ_EX: {
        const kwargs = this.pop(), args = this.pop(), cls = this.pop();
        if (!(kwargs instanceof PyDict)) throw this.error(`NEWOBJ_EX keyword arguments must be a dict, got ${typeName(kwargs)}`);
        this.push(this.call(cls, this.tupleItems(args), 'newobj_ex', kwargs));
        return;
      }
      case Op.OBJ: {
        const args = this.popMark();
        if (args.length === 0) throw this.error('OBJ needs a class after its MARK');
        const cls = args.shift() as PyValue;
        this.push(this.call(cls, args, 'obj'));
        return;
      }
      case Op.INST: {
        const module = utf8(this.line()), name = utf8(this.line());
        const args = this.popMark();
        this.push(this.call(this.makeGlobal(module, name), args, 'inst'));
        return;
      }
      case Op.BUILD: {
        const state = this.pop();
        const target = this.top();
        this.stack[this.stack.length - 1] = this.build(target, state);
        return;
      }
      case Op.PERSID: {
        const pid = this.line();
        if (pid.some((c) => c > 0x7f)) throw this.error('persistent IDs in protocol 0 must be ASCII strings');
        this.push(this.persistent(latin1(pid)));
        return;
      }
      case Op.BINPERSID: this.push(this.persistent(this.pop())); return;

      case Op.PROTO: {
        const v = this.u8();
        if (v > HIGHEST_PROTOCOL) throw this.error(`unsupported pickle protocol ${v} (at most ${HIGHEST_PROTOCOL})`);
        if (this.proto < 0) this.proto = v;
        return;
      }
      case Op.FRAME: this.need(this.u64()); return; // frames only batch reads; the opcodes inside are read as usual
      case Op.NEXT_BUFFER: throw this.error('out-of-band buffers are not supported');
      case Op.READONLY_BUFFER:
        if (!(this.top() instanceof Uint8Array)) throw this.error(`READONLY_BUFFER needs bytes, got ${typeName(this.top())}`);
        return;
      default: {
        const ch = op >= 0x20 && op < 0x7f ? ` ('${String.fromCharCode(op)}')` : '';
        throw new PickleError(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')}${ch} at offset ${this.opStart}`, this.opStart);
      }
    }
  }

  // ---- stack, marks, memo --------------------------------------------------------------

  private underflow(n: number): PickleError {
    const where = this.marks.length ? ' above the last MARK' : '';
    return this.error(`stack underflow: needs ${n} value${n > 1 ? 's' : ''}${where}, has ${this.stack.length - this.base()}`);
  }

  private base(): number { return this.marks.length ? this.marks[this.marks.length - 1] : 0; }

  private push(v: PyValue): void {
    if (this.stack.length >= this.maxStack) throw this.limit('maxStackDepth', this.limits.maxStackDepth, 'stack entries');
    this.stack.push(v);
  }

  private pop(): PyValue {
    if (this.stack.length <= this.base()) throw this.underflow(1);
    return this.stack.pop() as PyValue;
  }

  private top(): PyValue {
    if (this.stack.length <= this.base()) throw this.underflow(1);
    return this.stack[this.stack.length - 1];
  }

  private popMark(): PyValue[] {
    const m = this.marks.pop();
    if (m === undefined) throw this.error(`${opName(this.op)} needs a MARK, but there is none`);
    return this.stack.splice(m);
  }

  private memoGet(i: number): PyValue {
    let v = this.memo.get(i);
    if (v === undefined) throw this.error(`memo has no entry ${i}`);
    for (let hops = 0; this.replaced.size && hops <= this.replaced.size; hops++) {
      const r = this.replaced.get(v);
      if (r === undefined) break;
      v = r;
      this.memo.set(i, v);
    }
    return v;
  }

  private memoPut(i: number, v: PyValue): void {
    if (this.memo.size >= this.limits.maxMemo && !this.memo.has(i)) throw this.limit('maxMemo', this.limits.maxMemo, 'memo entries');
    this.memo.set(i, v);
  }

  private charge(n: number): void {
    this.items += n;
    if (this.items > this.limits.maxContainerItems) throw this.limit('maxContainerItems', this.limits.maxContainerItems, 'container items');
  }

  // ---- containers ----------------------------------------------------------------------

  private append(target: PyValue, items: PyValue[]): void {
    const dest = Array.isArray(target) ? target : target instanceof PyObject ? target.listItems : undefined;
    if (!dest) throw this.error(`${opName(this.op)} onto a ${typeName(target)}`);
    this.charge(items.length);
    pushAll(dest, items);
  }

  private setItems(target: PyValue, items: PyValue[]): void {
    if (items.length % 2) throw this.error(`${opName(this.op)} has an odd number of items (${items.length})`);
    this.charge(items.length / 2);
    if (target instanceof PyDict) for (let i = 0; i < items.length; i += 2) target.set(items[i], items[i + 1]);
    else if (target instanceof PyObject) for (let i = 0; i < items.length; i += 2) target.dictItems.push([items[i], items[i + 1]]);
    else throw this.error(`${opName(this.op)} onto a ${typeName(target)}`);
  }

  private addItems(target: PyValue, items: PyValue[]): void {
    const dest = target instanceof PySet ? target.items : target instanceof PyObject ? target.listItems : undefined;
    if (!dest) throw this.error(`ADDITEMS onto a ${typeName(target)}`);
    this.charge(items.length);
    pushAll(dest, items);
  }

  private tupleItems(args: PyValue): PyValue[] {
    if (args instanceof PyTuple) return args.items.slice();
    throw this.error(`${opName(this.op)} arguments must be a tuple, got ${typeName(args)}`);
  }

  // ---- globals, calls, BUILD -----------------------------------------------------------

  private makeGlobal(module: string, name: string): PyGlobal {
    const written = `${module}.${name}`;
    this.globals.add(written);
    let g = this.globalCache.get(written);
    if (!g) {
      const [m, n] = normaliseGlobal(module, name);
      g = new PyGlobal(m, n);
      this.globalCache.set(written, g);
    }
    return g;
  }

  private pushGlobal(module: string, name: string): void { this.push(this.makeGlobal(module, name)); }

  private pushExt(code: number): void {
    if (code <= 0) throw this.error(`${opName(this.op)} has extension code ${code} (must be > 0)`);
    const g = extensionGlobal(code);
    this.globals.add(g.qualified);
    this.push(g);
  }

  /** The one place a "call" happens: a builder from our tables for an allow-listed name, else data. */
  private call(callee: PyValue, args: PyValue[], via: PyObject['via'], kwargs?: PyDict): PyValue {
    if (!(callee instanceof PyGlobal)) {
      const o = new PyObject(NON_GLOBAL, args, via, kwargs);
      o.callee = callee;
      return o;
    }
    const entry = this.builders.get(callee.qualified);
    if (!entry || this.depth >= MAX_CONSTRUCT_DEPTH) return new PyObject(callee, args, via, kwargs);
    this.depth++;
    try {
      return entry.foreign ? this.foreign(() => entry.fn(args, kwargs, this.ctx)) : entry.fn(args, kwargs, this.ctx);
    } finally {
      this.depth--;
    }
  }

  private build(target: PyValue, state: PyValue): PyValue {
    if (typeof target !== 'object' || target === null || target instanceof Uint8Array || Array.isArray(target)) return target;
    const setter = this.setters.get(target.kind);
    if (setter) {
      const out = setter.foreign ? this.foreign(() => setter.fn(target, state)) : setter.fn(target, state);
      if (out !== target) this.replaced.set(target, out);
      return out;
    }
    if (target instanceof PyObject) {
      const old = target.state;
      if (old instanceof PyDict && state instanceof PyDict) {
        // A fresh dict: the old one may be shared through the memo.
        const merged = new PyDict(old.className);
        this.charge(old.size + state.size);
        for (const [k, v] of old.entries()) merged.set(k, v);
        for (const [k, v] of state.entries()) merged.set(k, v);
        target.state = merged;
      } else {
        target.state = state;
      }
    } else if (target instanceof PyDict && state instanceof PyDict) {
      // dict subclasses (OrderedDict) pickle their __dict__ as BUILD state: attributes, not items.
      this.charge(state.size);
      target.attrs ??= new PyDict();
      for (const [k, v] of state.entries()) target.attrs.set(k, v);
    }
    return target;
  }

  private persistent(pid: PyValue): PyValue {
    const load = this.options.persistentLoad;
    if (!load) {
      throw this.error('the pickle refers to external data by persistent id, but no persistentLoad handler was given');
    }
    return this.foreign(() => load(pid));
  }

  private foreign<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (typeof err === 'object' && err !== null) this.foreignErrors.add(err);
      throw err;
    }
  }
}

export { BUILTIN_BUILDERS, BUILTIN_STATE_SETTERS } from './builtins';
