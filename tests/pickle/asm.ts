import { Op } from '../../src/core/formats/pickle/opcodes';

/** Builds pickles byte by byte for tests: opcodes by name, numbers as bytes, strings as UTF-8. */
export type Part = keyof typeof Op | number | number[] | Uint8Array;

export function asm(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'string') out.push(Op[p]);
    else if (typeof p === 'number') out.push(p);
    else for (const b of p) out.push(b);
  }
  return new Uint8Array(out);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

export function u32(n: number): number[] { return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]; }
export function u64(n: number): number[] { return [...u32(n % 2 ** 32), ...u32(Math.floor(n / 2 ** 32))]; }

export function sbu(s: string): number[] { const b = utf8(s); return [Op.SHORT_BINUNICODE, b.length, ...b]; }
export function binint(n: number): number[] { return [Op.BININT, ...u32(n >>> 0)]; }
export function global(module: string, name: string): number[] { return [Op.GLOBAL, ...ascii(`${module}\n${name}\n`)]; }

/** A growable byte buffer for large generated pickles. */
export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  push(...bytes: (number | ArrayLike<number>)[]): this {
    for (const b of bytes) {
      const n = typeof b === 'number' ? 1 : b.length;
      if (this.length + n > this.buf.length) {
        const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
        next.set(this.buf.subarray(0, this.length));
        this.buf = next;
      }
      if (typeof b === 'number') this.buf[this.length++] = b;
      else { this.buf.set(b, this.length); this.length += n; }
    }
    return this;
  }
  bytes(): Uint8Array { return this.buf.slice(0, this.length); }
}
