/**
 * The values a pickle can build. The VM only ever builds these data records: a global is a
 * name, never a function, and "calling" one either runs one of our own data builders
 * (for an allow-listed name) or records the call as an opaque PyObject.
 */
export type PyValue =
  | null | boolean | number | bigint | string
  | Uint8Array          // bytes / bytearray
  | PyValue[]           // list
  | PyTuple | PyDict | PySet | PyGlobal | PyObject
  | { readonly kind: string };   // a typed value made by a builder (tensor spec, storage, dtype, …)

export class PyTuple {
  readonly kind = 'tuple';
  constructor(readonly items: PyValue[]) {}
}

/** dict or OrderedDict; keys keep insertion order and may be any value. */
export class PyDict {
  readonly kind = 'dict';
  readonly keys: PyValue[] = [];
  readonly values: PyValue[] = [];
  /** Instance attributes BUILD gave the dict (a state_dict's `_metadata`), kept apart from its items. */
  attrs: PyDict | null = null;
  // Lookup index so building an n-key dict is O(n), not O(n²). Keys are matched by identity/value
  // (Map's SameValueZero), which is what `===` did; it is extended lazily, so code that pushes
  // onto `keys`/`values` directly still works.
  #index = new Map<PyValue, number>();
  #indexed = 0;
  #hasBigint = false;
  constructor(readonly className = 'builtins.dict') {}
  set(k: PyValue, v: PyValue): void {
    const i = this.indexOf(k);
    if (i >= 0) this.values[i] = v;
    else { this.keys.push(k); this.values.push(v); }
  }
  get(k: string | number): PyValue | undefined {
    const i = this.indexOf(k);
    return i >= 0 ? this.values[i] : undefined;
  }
  has(k: string | number): boolean { return this.indexOf(k) >= 0; }
  get size(): number { return this.keys.length; }
  *entries(): IterableIterator<[PyValue, PyValue]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.keys[i], this.values[i]];
  }
  private indexOf(k: PyValue): number {
    for (; this.#indexed < this.keys.length; this.#indexed++) {
      const key = this.keys[this.#indexed];
      if (typeof key === 'bigint') this.#hasBigint = true;
      if (!this.#index.has(key)) this.#index.set(key, this.#indexed);
    }
    const i = this.#index.get(k);
    if (i !== undefined) return i;
    // Big ints are bigints; a caller may still ask with a (rounded) number.
    if (this.#hasBigint && typeof k === 'number' && Number.isInteger(k) && !Number.isSafeInteger(k)) {
      for (let j = 0; j < this.keys.length; j++) {
        const key = this.keys[j];
        if (typeof key === 'bigint' && Number(key) === k) return j;
      }
    }
    return -1;
  }
}

export class PySet {
  readonly kind = 'set';
  constructor(readonly items: PyValue[], readonly frozen = false) {}
}

/** A reference to `module.name`. It is a name only: nothing here can be invoked. */
export class PyGlobal {
  readonly kind = 'global';
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string { return `${this.module}.${this.name}`; }
}

/**
 * An instance of a class we do not build ourselves (user classes, torch.nn modules, unknown
 * callables): how it was made (class, args) and the state BUILD gave it.
 */
export class PyObject {
  readonly kind = 'object';
  state: PyValue = null;
  readonly listItems: PyValue[] = [];   // APPEND/APPENDS on the object
  readonly dictItems: [PyValue, PyValue][] = [];   // SETITEM(S) on the object
  constructor(
    readonly cls: PyGlobal,
    readonly args: PyValue[],
    readonly via: 'reduce' | 'newobj' | 'newobj_ex' | 'obj' | 'inst' | 'reconstructor',
    readonly kwargs?: PyDict,
  ) {}
  /** What was called when it was not a global (e.g. the result of another REDUCE); cls is then '?'. */
  callee?: PyValue;
  /** `__dict__` entry when the state is a dict (or a (dict, slots) tuple). */
  attr(name: string): PyValue | undefined {
    const s = this.state;
    if (s instanceof PyDict) return s.get(name);
    if (s instanceof PyTuple) {
      for (const part of s.items) if (part instanceof PyDict && part.has(name)) return part.get(name);
    }
    return undefined;
  }
}

export function isKind<K extends string>(v: PyValue | undefined, kind: K): v is { readonly kind: K } & PyValue {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && v.kind === kind;
}

/** What the VM lends a builder: the pickle's limits and the same construction REDUCE uses. */
export interface BuildContext {
  /** Counts `n` items a builder is about to copy against `maxContainerItems`; throws when over. */
  charge(n: number): void;
  /** `cls(*args)` exactly as REDUCE would do it: a builder from our tables, or an opaque PyObject. */
  construct(cls: PyValue, args: PyValue[], via: PyObject['via'], kwargs?: PyDict): PyValue;
}

/** A data builder for an allow-listed global: receives the call's arguments, returns a value. */
export type Builder = (args: PyValue[], kwargs?: PyDict, ctx?: BuildContext) => PyValue;

/** Applies BUILD state to a value a builder made (e.g. a tensor's `__setstate__`). */
export type StateSetter = (target: PyValue, state: PyValue) => PyValue;

export interface UnpickleOptions {
  /** Handles BINPERSID/PERSID (torch storages). Without it a persistent id is an error. */
  persistentLoad?: (pid: PyValue) => PyValue;
  /** Allow-listed globals, by `module.name`, mapped to our own data builders. */
  builders?: Record<string, Builder>;
  /** BUILD on values made by builders: by the `kind` of the target. */
  stateSetters?: Record<string, StateSetter>;
  /** Hostile-input limits: refuse before allocating. */
  limits?: Partial<PickleLimits>;
}

export interface PickleLimits {
  maxStackDepth: number;     // values on the stack
  maxMarkDepth: number;      // nested MARKs
  maxMemo: number;           // memo entries
  maxContainerItems: number; // total items appended into lists/dicts
  maxStringBytes: number;    // one string/bytes object
  maxOps: number;            // opcodes executed
}

export interface UnpickleResult {
  value: PyValue;
  protocol: number;          // from PROTO; without it, the highest protocol of the opcodes used (0/1)
  end: number;               // offset just after STOP
  globals: string[];         // every `module.name` referenced, in first-seen order
}

/** Appends in chunks: one native push per chunk, and no argument list long enough to overflow. */
export function pushAll(dest: PyValue[], items: PyValue[]): void {
  if (items.length <= 8192) { dest.push(...items); return; }
  for (let i = 0; i < items.length; i += 8192) dest.push(...items.slice(i, i + 8192));
}
