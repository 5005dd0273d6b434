import { describe, expect, it } from 'vitest';
import { isTruncation, PickleError } from '../../src/core/formats/pickle/errors';
import { DEFAULT_LIMITS, unpickle } from '../../src/core/formats/pickle/unpickle';
import type { PickleLimits, PyValue, UnpickleOptions } from '../../src/core/formats/pickle/values';
import type { PyTuple } from '../../src/core/formats/pickle/values';
import { asm, binint, ByteWriter, sbu, u32, u64, utf8 } from './asm';
import { CASES, load } from './fixtures';

const opts: UnpickleOptions = { persistentLoad: (pid) => pid };

/** Runs `f` and returns its PickleError; fails the test for success or any other exception type. */
function pickleError(f: () => unknown): PickleError {
  try {
    f();
  } catch (err) {
    if (err instanceof PickleError) return err;
    throw new Error(`expected a PickleError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a PickleError, but it parsed');
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const names = Object.keys(CASES);

/** Tens of thousands of errors are made below; their stack traces are never read. */
function withoutStacks(f: () => void): void {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try { f(); } finally { Error.stackTraceLimit = saved; }
}

describe('truncation', () => {
  it('every prefix of every fixture is a truncation PickleError', () => {
    let checked = 0;
    const wrong: string[] = [];
    withoutStacks(() => { for (const name of names) {
      const bytes = load(name);
      let end = bytes.length;
      try { end = unpickle(bytes, opts).end; } catch { /* oob_p5 fails on its own; its prefixes still must fail cleanly */ }
      for (let n = 0; n < end; n++) {
        const err = pickleError(() => unpickle(bytes.subarray(0, n), opts));
        if (name !== 'oob_p5' && !isTruncation(err)) wrong.push(`${name} cut at ${n}: ${err.message}`);
        checked++;
      }
    } });
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20_000);
  });

  it('a length past the end says what was needed, where, and what remained', () => {
    const err = pickleError(() => unpickle(asm('PROTO', 4, 'BINUNICODE', ...u32(100), 0x61)));
    expect(err.message).toBe('truncated pickle: BINUNICODE needs 100 bytes at offset 7, only 1 remain');
    expect(err.offset).toBe(7);
    expect(err.truncated).toBe(true);
  });

  it('a huge length is refused before anything is allocated', () => {
    const err = pickleError(() => unpickle(asm('BINBYTES8', ...u64(2 ** 52), 'STOP')));
    expect(err.message).toMatch(/limit of 2147483648 bytes in one string/);
    expect(pickleError(() => unpickle(asm('BINBYTES8', ...u64(2 ** 30), 'STOP'))).truncated).toBe(true);
  });
});

describe('random damage never escapes as another error type', () => {
  it('seeded byte flips over every fixture', () => {
    const rand = mulberry32(12345);
    let parsed = 0, failed = 0;
    withoutStacks(() => { for (let round = 0; round < 100; round++) {
      for (const name of names) {
        const bytes = load(name).slice();
        const flips = 1 + Math.floor(rand() * 3);
        for (let i = 0; i < flips; i++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        try { unpickle(bytes, opts); parsed++; } catch (err) {
          if (!(err instanceof PickleError)) throw new Error(`${name} round ${round}: ${String(err)}`, { cause: err });
          failed++;
        }
      }
    } });
    expect(parsed + failed).toBe(100 * names.length);
    expect(failed).toBeGreaterThan(0);
  });

  it('random bytes after a PROTO header', () => {
    const rand = mulberry32(99);
    for (let i = 0; i < 3000; i++) {
      const b = new Uint8Array(2 + Math.floor(rand() * 64));
      for (let j = 0; j < b.length; j++) b[j] = Math.floor(rand() * 256);
      b[0] = 0x80; b[1] = Math.floor(rand() * 6);
      try { unpickle(b, opts); } catch (err) { expect(err).toBeInstanceOf(PickleError); }
    }
  });
});

describe('clear errors', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['unknown opcode', asm('PROTO', 2, 0xff), /unknown pickle opcode 0xff at offset 2/],
    ['unknown printable opcode', asm('MARK', 0x7a), /unknown pickle opcode 0x7a \('z'\) at offset 1/],
    ['missing memo entry', asm('PROTO', 2, 'BINGET', 5, 'STOP'), /memo has no entry 5 \(BINGET at offset 2\)/],
    ['stack underflow', asm('PROTO', 2, 'NONE', 'REDUCE'), /stack underflow: needs 1 value, has 0 \(REDUCE at offset 3\)/],
    ['underflow across a MARK', asm('NONE', 'MARK', 'APPEND'), /stack underflow.*above the last MARK/],
    ['no MARK', asm('NONE', 'TUPLE', 'STOP'), /TUPLE needs a MARK, but there is none/],
    ['empty pickle', new Uint8Array(0), /no STOP opcode/],
    ['STOP on an empty stack', asm('STOP'), /stack underflow/],
    ['protocol 6', asm('PROTO', 6, 'NONE', 'STOP'), /unsupported pickle protocol 6/],
    ['REDUCE with non-tuple args', asm('NONE', 'NONE', 'REDUCE', 'STOP'), /REDUCE arguments must be a tuple, got None/],
    ['STACK_GLOBAL of ints', asm('PROTO', 4, 'BININT1', 1, 'BININT1', 2, 'STACK_GLOBAL'), /STACK_GLOBAL needs two strings/],
    ['APPEND onto an int', asm('BININT1', 1, 'NONE', 'APPEND'), /APPEND onto a number/],
    ['SETITEMS with an odd count', asm('EMPTY_DICT', 'MARK', 'NONE', 'SETITEMS'), /odd number of items/],
    ['negative BINSTRING length', asm('BINSTRING', ...u32(0xffffffff)), /negative length/],
    ['unquoted STRING', asm(...utf8("Sabc\n."), ), /must be quoted/],
    ['bad INT text', asm(...utf8('I12x\n.')), /INT at offset 0: invalid integer literal/],
    ['bad \\x escape', asm(...utf8("S'\\xZZ'\n.")), /invalid \\x escape/],
    ['EXT code 0', asm('PROTO', 2, 'EXT1', 0, 'STOP'), /extension code 0/],
    ['NEXT_BUFFER', asm('PROTO', 5, 'NEXT_BUFFER', 'STOP'), /out-of-band buffers are not supported/],
    ['bad start', asm('NONE', 'STOP'), /./],
  ];
  for (const [what, bytes, re] of cases) {
    it(what, () => {
      const start = what === 'bad start' ? 9 : 0;
      expect(pickleError(() => unpickle(bytes, {}, start)).message).toMatch(re);
    });
  }
});

describe('limits are checked before allocating', () => {
  const limited = (l: Partial<PickleLimits>, bytes: Uint8Array) => pickleError(() => unpickle(bytes, { limits: l })).message;

  it('stack depth', () => {
    expect(limited({ maxStackDepth: 10 }, asm(...new Array(11).fill(0x4e), 'STOP'))).toMatch(/limit of 10 stack entries \(limits.maxStackDepth\)/);
  });
  it('MARK depth', () => {
    expect(limited({ maxMarkDepth: 5 }, asm(...new Array(6).fill(0x28)))).toMatch(/limits.maxMarkDepth/);
  });
  it('memo entries', () => {
    expect(limited({ maxMemo: 2 }, asm('NONE', 'BINPUT', 0, 'BINPUT', 1, 'BINPUT', 1, 'BINPUT', 2))).toMatch(/limits.maxMemo/);
  });
  it('container items, including copies builders make', () => {
    expect(limited({ maxContainerItems: 3 }, asm('EMPTY_LIST', 'MARK', 'NONE', 'NONE', 'NONE', 'NONE', 'APPENDS'))).toMatch(/limits.maxContainerItems/);
    const copies = asm('EMPTY_LIST', 'BINPUT', 0, 'MARK', 'NONE', 'NONE', 'APPENDS',
      ...Array.from({ length: 5 }, () => [0x63, ...utf8('builtins\nlist\n'), 0x68, 0, 0x85, 0x52]).flat(), 'STOP');
    expect(limited({ maxContainerItems: 10 }, copies)).toMatch(/limits.maxContainerItems/);
  });
  it('string bytes, checked against the limit before the data is read', () => {
    expect(limited({ maxStringBytes: 4 }, asm('SHORT_BINBYTES', 5, 1, 2, 3, 4, 5, 'STOP'))).toMatch(/limits.maxStringBytes/);
  });
  it('opcodes', () => {
    expect(limited({ maxOps: 3 }, asm('NONE', 'POP', 'NONE', 'POP', 'NONE', 'STOP'))).toMatch(/limits.maxOps/);
  });
  it('undefined entries keep the defaults', () => {
    expect(unpickle(asm('NONE', 'STOP'), { limits: { maxOps: undefined } as unknown as PickleLimits }).value).toBeNull();
    expect(DEFAULT_LIMITS.maxStackDepth).toBe(1_000_000);
  });
});

describe('deep nesting does not touch the JS stack', () => {
  it('500 000 nested lists', () => {
    const depth = 500_000;
    const b = new ByteWriter();
    for (let i = 0; i < depth; i++) b.push(0x5d);
    for (let i = 1; i < depth; i++) b.push(0x61);
    b.push(0x2e);
    let v = unpickle(b.bytes()).value as PyValue[];
    let n = 1;
    while (v.length) { v = v[0] as PyValue[]; n++; }
    expect(n).toBe(depth);
  });

  it('10 000 nested MARK/TUPLE', () => {
    const b = new ByteWriter();
    for (let i = 0; i < 10_000; i++) b.push(0x28);
    for (let i = 0; i < 10_000; i++) b.push(0x74);
    b.push(0x2e);
    expect(unpickle(b.bytes()).value).toBeTruthy();
  });
});

describe('a large pickle', () => {
  // Speed is measured by the benchmarks, not asserted here: this checks that 10 MB of
  // 100,000-key dicts and 250,000-item lists parse completely and to the right values.
  it('a 10 MB pickle parses whole, with every key and item in place', () => {
    const b = new ByteWriter();
    b.push(0x80, 4, 0x7d, 0x28); // PROTO 4, EMPTY_DICT, MARK
    for (let i = 0; i < 100_000; i++) b.push(sbu(`layer.${i}.weight`), binint(i));
    b.push(0x75, 0x94);                          // SETITEMS, MEMOIZE
    b.push(0x5d, 0x28);                          // EMPTY_LIST, MARK
    for (let i = 0; i < 250_000; i++) b.push(sbu(`value number ${i}`), 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0);
    b.push(0x65);                                // APPENDS
    b.push(0x42, ...u32(1_000_000), new Uint8Array(1_000_000), 0x86, 0x2e); // BINBYTES, TUPLE2, STOP
    const bytes = b.bytes();
    expect(bytes.length).toBeGreaterThan(10_000_000);
    const r = unpickle(bytes);
    expect(r.end).toBe(bytes.length);
    // STOP returns the top of the stack: (list, bytes); the dict below it stays in the memo.
    const [list, blob] = (r.value as PyTuple).items as [PyValue[], Uint8Array];
    expect(list).toHaveLength(500_000);
    expect(list[499_998]).toBe('value number 249999');
    expect(list[499_999]).toBe(1.5);
    expect(blob).toHaveLength(1_000_000);
  });
});
