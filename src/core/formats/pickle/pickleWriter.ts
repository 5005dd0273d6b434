import { Op } from './opcodes';

/**
 * Emits protocol-2 pickle opcodes, the subset torch.save uses for a state_dict. It writes data
 * only (names, numbers, tuples, dicts, persistent ids): what it produces is read back by
 * `torch.load(weights_only=True)`, whose unpickler accepts exactly these opcodes.
 * Globals and repeated strings are memoised (BINPUT once, BINGET after), as CPython's pickler does
 * for the interned strings and classes of a state_dict.
 */
export class PickleWriter {
  private buf = new Uint8Array(4096);
  private len = 0;
  private readonly memo = new Map<string, number>();
  private readonly enc = new TextEncoder();

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private op(code: number): this {
    this.ensure(1);
    this.buf[this.len++] = code;
    return this;
  }

  private raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  private u32(v: number): this {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.len, v, true);
    this.len += 4;
    return this;
  }

  /** Memoises what is on top of the stack under `key`, or pushes the memoised copy and returns true. */
  private recall(key: string): boolean {
    const at = this.memo.get(key);
    if (at === undefined) return false;
    if (at < 256) this.op(Op.BINGET).op(at);
    else this.op(Op.LONG_BINGET).u32(at);
    return true;
  }

  private put(key: string): this {
    const at = this.memo.size;
    this.memo.set(key, at);
    return at < 256 ? this.op(Op.BINPUT).op(at) : this.op(Op.LONG_BINPUT).u32(at);
  }

  proto(v = 2): this { return this.op(Op.PROTO).op(v); }
  mark(): this { return this.op(Op.MARK); }
  stop(): this { return this.op(Op.STOP); }
  reduce(): this { return this.op(Op.REDUCE); }
  build(): this { return this.op(Op.BUILD); }
  binpersid(): this { return this.op(Op.BINPERSID); }
  emptyTuple(): this { return this.op(Op.EMPTY_TUPLE); }
  emptyDict(): this { return this.op(Op.EMPTY_DICT); }
  setitems(): this { return this.op(Op.SETITEMS); }
  bool(v: boolean): this { return this.op(v ? Op.NEWTRUE : Op.NEWFALSE); }
  none(): this { return this.op(Op.NONE); }

  /** `module.name` as a GLOBAL (e.g. collections.OrderedDict, torch.FloatStorage). */
  global(module: string, name: string): this {
    const key = `g:${module}\n${name}`;
    if (this.recall(key)) return this;
    return this.op(Op.GLOBAL).raw(this.enc.encode(`${module}\n${name}\n`)).put(key);
  }

  string(s: string): this {
    const key = `s:${s}`;
    if (this.recall(key)) return this;
    const b = this.enc.encode(s);
    return this.op(Op.BINUNICODE).u32(b.length).raw(b).put(key);
  }

  int(n: number | bigint): this {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`pickle: ${n} is not an integer`);
    const v = BigInt(n);
    if (v >= 0n && v < 256n) return this.op(Op.BININT1).op(Number(v));
    if (v >= 0n && v < 65536n) return this.op(Op.BININT2).op(Number(v) & 0xff).op(Number(v) >> 8);
    if (v >= -(2n ** 31n) && v < 2n ** 31n) return this.op(Op.BININT).u32(Number(BigInt.asUintN(32, v)));
    // LONG1: little-endian two's complement, as short as the sign allows
    const bytes: number[] = [];
    let x = v;
    for (;;) {
      bytes.push(Number(x & 0xffn));
      x >>= 8n;
      const signBit = (bytes[bytes.length - 1] & 0x80) !== 0;
      if ((x === 0n && !signBit) || (x === -1n && signBit)) break;
    }
    return this.op(Op.LONG1).op(bytes.length).raw(Uint8Array.from(bytes));
  }

  /** A tuple of what `items` pushes (it must push exactly `n` values). */
  tuple(n: number, items: () => void): this {
    if (n === 0) return this.emptyTuple();
    if (n > 3) this.mark();
    items();
    return this.op(n === 1 ? Op.TUPLE1 : n === 2 ? Op.TUPLE2 : n === 3 ? Op.TUPLE3 : Op.TUPLE);
  }

  ints(values: number[]): this {
    return this.tuple(values.length, () => values.forEach((v) => this.int(v)));
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
