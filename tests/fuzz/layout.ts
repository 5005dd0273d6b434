import { Op } from '../../src/core/formats/pickle/opcodes';

/**
 * Where the structure of a file is, so mutations hit it instead of tensor bytes: region
 * boundaries (truncation points), "hot" metadata ranges (bit flips) and length/offset/count
 * fields (corruption with edge values). Parsers here are for the fuzzer's own seed files and
 * are deliberately forgiving: on a file an earlier mutation already broke they return what
 * they found so far.
 */
export interface Field {
  at: number;
  width: 1 | 2 | 4 | 8;
  what: string;
  /** stored big-endian (none of ours are, kept for completeness) */
  be?: boolean;
}

export interface Layout {
  boundaries: number[];
  hot: [number, number][];
  fields: Field[];
}

export const emptyLayout = (): Layout => ({ boundaries: [], hot: [], fields: [] });

export function readUint(b: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
  return v;
}

const u16 = (b: Uint8Array, at: number): number => readUint(b, at, 2);
const u32 = (b: Uint8Array, at: number): number => readUint(b, at, 4);

// ---- zip ------------------------------------------------------------------------------

export interface ZipPart { name: string; headerAt: number; dataAt: number; dataEnd: number }

/** Local headers, entry data, central directory records and end records of a zip. */
export function zipLayout(b: Uint8Array): Layout & { parts: ZipPart[] } {
  const out = { ...emptyLayout(), parts: [] as ZipPart[] };
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (u32(b, i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return out;
  out.boundaries.push(eocd, b.length);
  out.hot.push([eocd, b.length]);
  out.fields.push(
    { at: eocd + 8, width: 2, what: 'EOCD entries on disk' }, { at: eocd + 10, width: 2, what: 'EOCD entry count' },
    { at: eocd + 12, width: 4, what: 'EOCD directory size' }, { at: eocd + 16, width: 4, what: 'EOCD directory offset' },
    { at: eocd + 20, width: 2, what: 'EOCD comment length' },
  );
  let count = u16(b, eocd + 10), cdSize = u32(b, eocd + 12), cdOffset = u32(b, eocd + 16);
  const loc = eocd - 20;
  if (loc >= 0 && u32(b, loc) === 0x07064b50) {
    const rec = readUint(b, loc + 8, 8);
    out.boundaries.push(loc, rec);
    out.hot.push([loc, eocd]);
    out.fields.push({ at: loc + 8, width: 8, what: 'ZIP64 locator record offset' });
    if (rec + 56 <= b.length && u32(b, rec) === 0x06064b50) {
      out.hot.push([rec, rec + 56]);
      out.fields.push(
        { at: rec + 24, width: 8, what: 'ZIP64 entries on disk' }, { at: rec + 32, width: 8, what: 'ZIP64 entry count' },
        { at: rec + 40, width: 8, what: 'ZIP64 directory size' }, { at: rec + 48, width: 8, what: 'ZIP64 directory offset' },
      );
      count = readUint(b, rec + 32, 8); cdSize = readUint(b, rec + 40, 8); cdOffset = readUint(b, rec + 48, 8);
    }
  }
  out.boundaries.push(cdOffset, cdOffset + cdSize);
  out.hot.push([cdOffset, Math.min(b.length, cdOffset + cdSize)]);
  let p = cdOffset;
  for (let i = 0; i < count && p + 46 <= b.length && u32(b, p) === 0x02014b50; i++) {
    const nameLen = u16(b, p + 28), extraLen = u16(b, p + 30), commentLen = u16(b, p + 32);
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen));
    out.boundaries.push(p);
    out.fields.push(
      { at: p + 10, width: 2, what: `CD "${name}" method` }, { at: p + 20, width: 4, what: `CD "${name}" compressed size` },
      { at: p + 24, width: 4, what: `CD "${name}" size` }, { at: p + 28, width: 2, what: `CD "${name}" name length` },
      { at: p + 30, width: 2, what: `CD "${name}" extra length` }, { at: p + 32, width: 2, what: `CD "${name}" comment length` },
      { at: p + 42, width: 4, what: `CD "${name}" local header offset` },
    );
    let size = u32(b, p + 24), csize = u32(b, p + 20), headerAt = u32(b, p + 42);
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(b, x), len = u16(b, x + 2);
      if (id === 0x0001) {
        // ZIP64 values appear in this order, each only when its 32-bit field is 0xffffffff.
        let q = x + 4;
        for (const which of ['size', 'compressed size', 'local header offset'] as const) {
          const field = which === 'size' ? size : which === 'compressed size' ? csize : headerAt;
          if (field !== 0xffffffff || q + 8 > x + 4 + len) continue;
          out.fields.push({ at: q, width: 8, what: `CD "${name}" ZIP64 ${which}` });
          const v = readUint(b, q, 8);
          if (which === 'size') size = v; else if (which === 'compressed size') csize = v; else headerAt = v;
          q += 8;
        }
      }
      x += 4 + len;
    }
    if (headerAt + 30 <= b.length && u32(b, headerAt) === 0x04034b50) {
      const dataAt = headerAt + 30 + u16(b, headerAt + 26) + u16(b, headerAt + 28);
      out.parts.push({ name, headerAt, dataAt, dataEnd: dataAt + csize });
      out.boundaries.push(headerAt, headerAt + 30, dataAt, dataAt + csize);
      out.hot.push([headerAt, dataAt]);
      out.fields.push(
        { at: headerAt + 8, width: 2, what: `LFH "${name}" method` }, { at: headerAt + 18, width: 4, what: `LFH "${name}" compressed size` },
        { at: headerAt + 22, width: 4, what: `LFH "${name}" size` }, { at: headerAt + 26, width: 2, what: `LFH "${name}" name length` },
        { at: headerAt + 28, width: 2, what: `LFH "${name}" extra length` },
      );
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

// ---- safetensors ----------------------------------------------------------------------

export function safetensorsLayout(b: Uint8Array): Layout {
  const out = emptyLayout();
  const n = readUint(b, 0, 8);
  out.fields.push({ at: 0, width: 8, what: 'safetensors header length' });
  out.boundaries.push(0, 8, Math.min(b.length, 8 + n), b.length);
  out.hot.push([0, Math.min(b.length, 8 + n)]);
  try {
    const json = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))) as Record<string, { data_offsets?: number[] }>;
    for (const v of Object.values(json)) {
      const o = v?.data_offsets;
      if (Array.isArray(o)) out.boundaries.push(8 + n + o[0], 8 + n + o[1]);
    }
  } catch { /* a header already damaged: the boundaries above still apply */ }
  return out;
}

// ---- pickle ---------------------------------------------------------------------------

/** How an opcode's argument is laid out: fixed width, length-prefixed, or text lines. */
const FIXED: Record<number, number> = {
  [Op.BININT1]: 1, [Op.BINGET]: 1, [Op.BINPUT]: 1, [Op.EXT1]: 1, [Op.PROTO]: 1,
  [Op.BININT2]: 2, [Op.EXT2]: 2, [Op.BININT]: 4, [Op.LONG_BINGET]: 4, [Op.LONG_BINPUT]: 4, [Op.EXT4]: 4,
  [Op.BINFLOAT]: 8, [Op.FRAME]: 8,
};
const PREFIXED: Record<number, 1 | 4 | 8> = {
  [Op.SHORT_BINSTRING]: 1, [Op.SHORT_BINUNICODE]: 1, [Op.SHORT_BINBYTES]: 1, [Op.LONG1]: 1,
  [Op.BINSTRING]: 4, [Op.BINUNICODE]: 4, [Op.BINBYTES]: 4, [Op.LONG4]: 4,
  [Op.BINUNICODE8]: 8, [Op.BINBYTES8]: 8, [Op.BYTEARRAY8]: 8,
};
const LINES: Record<number, number> = {
  [Op.INT]: 1, [Op.LONG]: 1, [Op.FLOAT]: 1, [Op.STRING]: 1, [Op.UNICODE]: 1, [Op.GET]: 1, [Op.PUT]: 1,
  [Op.PERSID]: 1, [Op.GLOBAL]: 2, [Op.INST]: 2,
};
const INT_OPS = new Set<number>([Op.BININT1, Op.BININT2, Op.BININT]);
const MEMO_OPS = new Set<number>([Op.BINGET, Op.BINPUT, Op.LONG_BINGET, Op.LONG_BINPUT]);

export interface PickleOp { at: number; op: number; end: number }

/** Opcodes of one pickle from `start` to its STOP (or to where the bytes stop making sense). */
export function pickleOps(b: Uint8Array, start = 0): PickleOp[] {
  const ops: PickleOp[] = [];
  let p = start;
  while (p < b.length) {
    const at = p, op = b[p++];
    if (FIXED[op] !== undefined) p += FIXED[op];
    else if (PREFIXED[op] !== undefined) { const w = PREFIXED[op]; p += w + readUint(b, p, w); }
    else if (LINES[op] !== undefined) {
      for (let l = 0; l < LINES[op]; l++) { const nl = b.indexOf(0x0a, p); if (nl < 0) return ops; p = nl + 1; }
    }
    if (p > b.length) return ops;
    ops.push({ at, op, end: p });
    if (op === Op.STOP) break;
  }
  return ops;
}

/** Opcode boundaries, length prefixes, memo indices and integers (shapes, strides, storage sizes). */
export function pickleLayout(b: Uint8Array, start = 0, label = 'pickle'): Layout & { end: number } {
  const out = { ...emptyLayout(), end: start };
  const ops = pickleOps(b, start);
  ops.forEach(({ at, op, end }, i) => {
    out.boundaries.push(at);
    const w = PREFIXED[op];
    if (w) out.fields.push({ at: at + 1, width: w, what: `${label} ${opLabel(op)} length @${at}` });
    else if (op === Op.FRAME) out.fields.push({ at: at + 1, width: 8, what: `${label} FRAME length @${at}` });
    else if (MEMO_OPS.has(op)) out.fields.push({ at: at + 1, width: FIXED[op] as 1 | 4, what: `${label} ${opLabel(op)} memo index @${at}` });
    else if (INT_OPS.has(op)) {
      // The last integer of a persistent id tuple ('storage', cls, key, location, numel) is a storage size.
      const next = ops[i + 1]?.op, after = ops[i + 2]?.op, third = ops[i + 3]?.op;
      const persid = next === Op.TUPLE && (after === Op.BINPERSID || (MEMO_OPS.has(after ?? -1) && third === Op.BINPERSID));
      out.fields.push({ at: at + 1, width: FIXED[op] as 1 | 2 | 4, what: `${label} ${persid ? 'storage numel' : opLabel(op)} @${at}` });
    }
    out.end = end;
  });
  out.boundaries.push(out.end);
  out.hot.push([start, out.end]);
  return out;
}

function opLabel(op: number): string {
  return Object.entries(Op).find(([, v]) => v === op)?.[0] ?? `0x${op.toString(16)}`;
}

/**
 * The legacy torch stream: five pickles, then each storage as an int64 element count and raw
 * bytes. Storage boundaries are found by trying element sizes until the next count lines up.
 */
export function legacyLayout(b: Uint8Array): Layout {
  const out = emptyLayout();
  let p = 0;
  for (let i = 0; i < 5 && p < b.length; i++) {
    const l = pickleLayout(b, p, `pickle ${i}`);
    out.boundaries.push(...l.boundaries); out.hot.push(...l.hot); out.fields.push(...l.fields);
    if (l.end === p) return out;
    p = l.end;
  }
  while (p + 8 <= b.length) {
    const count = readUint(b, p, 8);
    out.fields.push({ at: p, width: 8, what: `legacy storage count @${p}` });
    out.boundaries.push(p, p + 8);
    out.hot.push([p, p + 8]);
    const next = [4, 8, 2, 1].map((s) => p + 8 + count * s).find((q) => q === b.length || (q + 8 <= b.length && readUint(b, q, 8) < 2 ** 32));
    if (next === undefined) break;
    p = next;
  }
  out.boundaries.push(b.length);
  return out;
}
