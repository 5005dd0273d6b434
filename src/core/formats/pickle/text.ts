/**
 * Decoders for the textual and numeric payloads of pickle opcodes. They throw plain Errors;
 * the VM wraps them in a PickleError that names the opcode and offset.
 */

const CHUNK = 0x2000;

/** Python-2 `str` and latin-1 text: one byte is one code point (TextDecoder's 'latin1' is cp1252). */
export function latin1(bytes: Uint8Array): string {
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

function fromCodeUnits(units: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.slice(i, i + CHUNK)));
  }
  return parts.join('');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 as Python's pickle writes it ('surrogatepass'): lone surrogates are encoded as 3-byte
 * sequences, which TextDecoder rejects. Those rare strings take the slow path; anything else
 * that is not UTF-8 becomes U+FFFD rather than failing the whole file.
 */
export function utf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return utf8SurrogatePass(bytes);
  }
}

function utf8SurrogatePass(b: Uint8Array): string {
  const out: number[] = [];
  let i = 0;
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { out.push(c); i += 1; }
    else if (c >= 0xc2 && c < 0xe0 && cont(1)) { out.push(((c & 0x1f) << 6) | (b[i + 1] & 0x3f)); i += 2; }
    else if (c >= 0xe0 && c < 0xf0 && cont(1) && cont(2)) {
      const cp = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      out.push(cp >= 0x800 ? cp : 0xfffd); i += 3;
    } else if (c >= 0xf0 && c < 0xf5 && cont(1) && cont(2) && cont(3)) {
      const cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
      if (cp >= 0x10000 && cp <= 0x10ffff) out.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else out.push(0xfffd);
      i += 4;
    } else { out.push(0xfffd); i += 1; }
  }
  return fromCodeUnits(out);
}

function hexDigit(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** The argument of protocol-0 STRING: a quoted Python repr, decoded like `codecs.escape_decode`. */
export function decodeQuotedString(line: Uint8Array): Uint8Array {
  const q = line[0];
  if (line.length < 2 || (q !== 0x22 && q !== 0x27) || line[line.length - 1] !== q) {
    throw new Error('the STRING opcode argument must be quoted');
  }
  const s = line.subarray(1, line.length - 1);
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== 0x5c) { out[n++] = c; continue; }
    if (++i >= s.length) throw new Error('trailing \\ in string');
    const e = s[i];
    switch (e) {
      case 0x0a: break; // backslash-newline is a line continuation
      case 0x5c: case 0x27: case 0x22: out[n++] = e; break;
      case 0x61: out[n++] = 7; break;  // \a
      case 0x62: out[n++] = 8; break;  // \b
      case 0x66: out[n++] = 12; break; // \f
      case 0x6e: out[n++] = 10; break; // \n
      case 0x72: out[n++] = 13; break; // \r
      case 0x74: out[n++] = 9; break;  // \t
      case 0x76: out[n++] = 11; break; // \v
      case 0x78: { // \xhh: exactly two hex digits
        const hi = hexDigit(s[i + 1]), lo = hexDigit(s[i + 2]);
        if (hi < 0 || lo < 0) throw new Error(`invalid \\x escape at position ${i - 1}`);
        out[n++] = hi * 16 + lo; i += 2; break;
      }
      default:
        if (e >= 0x30 && e <= 0x37) { // up to three octal digits; Python keeps the low byte
          let v = e - 0x30;
          for (let k = 0; k < 2 && i + 1 < s.length && s[i + 1] >= 0x30 && s[i + 1] <= 0x37; k++) v = v * 8 + (s[++i] - 0x30);
          out[n++] = v & 0xff;
        } else { out[n++] = 0x5c; out[n++] = e; } // unknown escapes stay as written
    }
  }
  return out.slice(0, n);
}

/** The argument of protocol-0 UNICODE: latin-1 bytes where only \uXXXX and \UXXXXXXXX are escapes. */
export function rawUnicodeEscape(b: Uint8Array): string {
  if (b.indexOf(0x5c) < 0) return latin1(b);
  const parts: string[] = [];
  let start = 0, i = 0;
  while (i < b.length) {
    if (b[i] !== 0x5c) { i++; continue; }
    // Only a backslash preceded by an even number of backslashes can start an escape.
    let j = i;
    while (j < b.length && b[j] === 0x5c) j++;
    const run = j - i;
    if (run % 2 === 0 || j >= b.length || (b[j] !== 0x75 && b[j] !== 0x55)) { i = j; continue; }
    const digits = b[j] === 0x75 ? 4 : 8;
    const hex = latin1(b.subarray(j + 1, j + 1 + digits));
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error(`truncated \\${digits === 4 ? 'u' : 'U'} escape`);
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) throw new Error('\\Uxxxxxxxx out of range');
    parts.push(latin1(b.subarray(start, j - 1)), String.fromCodePoint(cp));
    i = start = j + 1 + digits;
  }
  parts.push(latin1(b.subarray(start)));
  return parts.join('');
}

/** JS number when exactly representable, bigint otherwise. */
export function intValue(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

const INT_TEXT = /^([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[0-9]+(?:_[0-9]+)*)$/;

/** Text integers of INT/LONG/PUT/GET, as Python's `int(text, 0)` (leading zeros allowed, like Python 2). */
export function parsePyInt(text: string): number | bigint {
  const m = INT_TEXT.exec(text.trim());
  if (!m) throw new Error(`invalid integer literal ${JSON.stringify(text.slice(0, 40))}`);
  const body = m[2].replace(/_/g, '');
  const decimal = body.length < 2 || !/[xob]/i.test(body[1]);
  if (decimal && body.length <= 15) {
    const n = Number(body);
    return m[1] === '-' && n !== 0 ? -n : n;
  }
  const v = BigInt(decimal ? body : body.toLowerCase());
  return intValue(m[1] === '-' ? -v : v);
}

const FLOAT_TEXT = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** FLOAT's argument, as Python's `float(text)`. */
export function parsePyFloat(text: string): number {
  const t = text.trim();
  if (!FLOAT_TEXT.test(t)) throw new Error(`invalid float literal ${JSON.stringify(t.slice(0, 40))}`);
  const lower = t.toLowerCase().replace(/^\+/, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** LONG1/LONG4 payload: little-endian two's complement of any length. */
export function decodeLong(b: Uint8Array): number | bigint {
  const n = b.length;
  if (n === 0) return 0;
  if (n <= 6) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i];
    return b[n - 1] & 0x80 ? v - 2 ** (8 * n) : v;
  }
  const hex = new Array<string>(n);
  for (let i = 0; i < n; i++) hex[i] = HEX_BYTE[b[n - 1 - i]];
  let v = BigInt('0x' + hex.join(''));
  if (b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
  return intValue(v);
}
