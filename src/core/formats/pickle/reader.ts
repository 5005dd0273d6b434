import { PickleError } from './errors';
import { opName } from './opcodes';
import { latin1, parsePyInt } from './text';
import type { PickleLimits } from './values';

/**
 * Bounds-checked reads of opcode arguments. Every length is checked against the limits and the
 * bytes that remain before anything is sliced or allocated, and errors name the opcode and offset.
 */
export abstract class PickleReader {
  protected readonly dv: DataView;
  protected pos: number;
  /** Offset and byte of the opcode being run, for messages. */
  protected opStart = 0;
  protected op = 0;

  constructor(protected readonly b: Uint8Array, start: number, protected readonly limits: PickleLimits) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (!Number.isSafeInteger(start) || start < 0 || start > b.length) {
      throw new PickleError(`pickle start offset ${start} is outside the ${b.length}-byte data`, 0);
    }
    this.pos = start;
  }

  protected need(n: number): void {
    const left = this.b.length - this.pos;
    if (n > left) {
      throw new PickleError(
        `truncated pickle: ${opName(this.op)} needs ${n} bytes at offset ${this.pos}, only ${left} remain`,
        this.pos, { truncated: true });
    }
  }

  protected u8(): number { this.need(1); return this.b[this.pos++]; }
  protected u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  protected i32(): number { this.need(4); const v = this.dv.getInt32(this.pos, true); this.pos += 4; return v; }
  protected f64be(): number { this.need(8); const v = this.dv.getFloat64(this.pos, false); this.pos += 8; return v; }
  protected u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  protected u64(): number {
    this.need(8);
    const v = this.dv.getUint32(this.pos + 4, true) * 2 ** 32 + this.dv.getUint32(this.pos, true);
    this.pos += 8;
    return v;
  }
  protected i32len(): number {
    this.need(4);
    const v = this.dv.getInt32(this.pos, true);
    if (v < 0) throw this.error(`${opName(this.op)} has a negative length (${v})`);
    this.pos += 4;
    return v;
  }

  /** `n` payload bytes as a view into the input; the size limit is checked before anything is made. */
  protected take(n: number): Uint8Array {
    if (n > this.limits.maxStringBytes) throw this.limit('maxStringBytes', this.limits.maxStringBytes, 'bytes in one string');
    this.need(n);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A protocol-0 argument line, without its '\n'. */
  protected line(): Uint8Array {
    const nl = this.b.indexOf(0x0a, this.pos);
    if (nl < 0) {
      throw new PickleError(`truncated pickle: ${opName(this.op)} needs a line ending in \\n at offset ${this.pos}`, this.pos, { truncated: true });
    }
    return this.take(nl - this.pos + 1).subarray(0, nl - this.pos);
  }

  protected textIndex(): number {
    const v = parsePyInt(latin1(this.line()));
    if (typeof v !== 'number' || v < 0) throw this.error(`memo index ${String(v)} is out of range`);
    return v;
  }

  protected error(msg: string): PickleError {
    return new PickleError(`${msg} (${opName(this.op)} at offset ${this.opStart})`, this.opStart);
  }

  protected limit(name: keyof PickleLimits, max: number, what: string): PickleError {
    return this.error(`pickle exceeds the limit of ${max} ${what} (limits.${name})`);
  }
}
